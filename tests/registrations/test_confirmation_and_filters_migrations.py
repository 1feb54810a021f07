"""The migrations of this round keep what was stored: registrants already waiting on an edition
that asks for an e-mail confirmation owe it (unless an organizer registered or approved them),
and a message's one filter on answers becomes its first condition."""

import pytest

from forum.registrations import audit
from forum.registrations.enums import LogAction, RegistrationStatus
from tests.factories import EditionFactory, QuestionFactory, RegistrationFactory, UserFactory
from tests.helpers import latest_migrations, migrate_to

from .helpers import open_edition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BEFORE_OWING = [("registrations", "0024_seat_count_index_covers_the_counts")]
OWING = [("registrations", "0025_registrant_owes_email_confirmation")]
CONDITIONS = [("registrations", "0026_message_answer_filters_several_questions")]


@pytest.fixture
def back_to_the_latest():
    yield
    migrate_to(latest_migrations())


def test_registrants_already_waiting_owe_the_confirmation(back_to_the_latest):
    asking = open_edition(capacity=1, email_confirmation_minutes=30)
    waiting = RegistrationFactory(edition=asking, status=RegistrationStatus.WAITLISTED)
    guest = RegistrationFactory(
        edition=asking,
        status=RegistrationStatus.WAITLISTED,
        consent_method="phone",
        registered_by_name="orga-li",
    )
    approved = RegistrationFactory(edition=asking, status=RegistrationStatus.WAITLISTED)
    audit.log_action(LogAction.APPROVED, by=UserFactory(), registration=approved)
    elsewhere = RegistrationFactory(
        edition=open_edition(capacity=1), status=RegistrationStatus.WAITLISTED
    )
    migrate_to(BEFORE_OWING)

    registration_model = migrate_to(OWING).get_model("registrations", "Registration")

    owing = set(
        registration_model.objects.filter(must_confirm_email=True).values_list("pk", flat=True)
    )
    assert waiting.pk in owing
    assert not owing & {guest.pk, approved.pk, elsewhere.pk}


def test_a_message_filter_on_one_question_becomes_its_first_condition(back_to_the_latest):
    edition = EditionFactory()
    question = QuestionFactory(edition=edition, kind="yes_no")
    apps = migrate_to(OWING)
    message_model = apps.get_model("registrations", "Message")
    filtered = message_model.objects.create(
        edition_id=edition.pk,
        subject_zh="通知",
        body_zh="您好",
        answer_question_id=question.pk,
        answer_keys=["yes"],
    )
    unfiltered = message_model.objects.create(
        edition_id=edition.pk, subject_zh="通知", body_zh="您好"
    )

    condition_model = migrate_to(CONDITIONS).get_model("registrations", "MessageAnswerFilter")

    conditions = list(condition_model.objects.values_list("message_id", "question_id", "keys"))
    assert conditions == [(filtered.pk, question.pk, ["yes"])]
    assert not condition_model.objects.filter(message_id=unfiltered.pk).exists()
