"""The migration that orders the waiting list by Registration.in_line_since keeps the line as it
was (the time of registering), except for a registrant waiting since a held seat lapsed, who
goes to the back from that moment, as verification.hold_release now has it."""

import datetime

import pytest
from django.utils import timezone

from forum.registrations import audit
from forum.registrations.enums import LogAction, RegistrationStatus
from tests.factories import RegistrationFactory
from tests.helpers import latest_migrations, migrate_to

from .helpers import open_edition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BEFORE = [("registrations", "0026_message_answer_filters_several_questions")]
IN_LINE = [("registrations", "0027_lapsed_hold_goes_to_the_back_of_the_line")]


@pytest.fixture
def back_to_the_latest():
    yield
    migrate_to(latest_migrations())


def test_a_registrant_whose_hold_lapsed_is_placed_at_the_back(back_to_the_latest):
    edition = open_edition(capacity=1, email_confirmation_minutes=5)
    lapsed, waiting = (
        RegistrationFactory(
            edition=edition, status=RegistrationStatus.WAITLISTED, must_confirm_email=True
        )
        for _ in range(2)
    )
    lapse = timezone.now() + datetime.timedelta(minutes=1)
    audit.log_action(LogAction.HOLD_EXPIRED, registration=lapsed, at=lapse)
    migrate_to(BEFORE)

    registration_model = migrate_to(IN_LINE).get_model("registrations", "Registration")

    line = registration_model.objects.filter(edition_id=edition.pk)
    assert line.get(pk=waiting.pk).in_line_since == waiting.created_at
    assert line.get(pk=lapsed.pk).in_line_since == lapse
    assert list(line.order_by("in_line_since", "pk").values_list("pk", flat=True)) == [
        waiting.pk,
        lapsed.pk,
    ]
