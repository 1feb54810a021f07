"""The migration that gives the outbox claims and back-off times keeps every row, and makes
the rows still owed due at once, so the worker's sweep takes them over."""

import datetime

import pytest
from django.utils import timezone

from forum.registrations.enums import EmailStatus
from tests.factories import RegistrationFactory
from tests.helpers import latest_migrations, migrate_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BEFORE = [("registrations", "0003_constraint_messages_on_fields")]
AFTER = [("registrations", "0004_email_claims_and_next_attempt")]


@pytest.fixture
def old_outbox():
    registration = RegistrationFactory()
    apps = migrate_to(BEFORE)
    yield apps.get_model("registrations", "RegistrationEmail"), registration
    migrate_to(latest_migrations())


def test_owed_emails_are_due_and_the_others_have_no_next_attempt(old_outbox):
    old_model, registration = old_outbox
    long_ago = timezone.now() - datetime.timedelta(days=1)
    rows = {}
    for status in ("pending", "failed", "sent", "gave_up"):
        row = old_model.objects.create(registration_id=registration.pk, kind="confirmation")
        old_model.objects.filter(pk=row.pk).update(
            status=status, created_at=long_ago, updated_at=long_ago
        )
        rows[status] = row.pk

    # Read through the model as of AFTER: later migrations add columns to the outbox.
    new_model = migrate_to(AFTER).get_model("registrations", "RegistrationEmail")

    emails = {e.status: e for e in new_model.objects.filter(pk__in=rows.values())}
    assert set(emails) == {"pending", "failed", "sent", "gave_up"}
    assert emails[EmailStatus.PENDING].next_attempt_at == long_ago
    assert emails[EmailStatus.FAILED].next_attempt_at == long_ago
    assert emails[EmailStatus.SENT].next_attempt_at is None
    assert emails[EmailStatus.GAVE_UP].next_attempt_at is None
    assert all(e.claimed_at is None for e in emails.values())
