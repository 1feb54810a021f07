"""A confirmation click racing the release of its expired hold ends in exactly one outcome
(PostgreSQL, threads with their own connections, like test_race.py).

The click and the release each start at a barrier. Whichever takes the edition's lock first
wins: confirmed (one ticket e-mail, nothing released), or released (waitlisted, the seat given
to the next in line, the click then confirming the address on the waiting list). The negative
control runs both without the locks and must end with both outcomes written."""

import datetime

import pytest

from forum.registrations import verification
from forum.registrations.enums import EmailKind, RegistrationStatus
from forum.registrations.exceptions import ConfirmationExpired, NotAwaitingConfirmation
from forum.registrations.models import Registration, RegistrationEmail

from .helpers import at_once, open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

ROUNDS = 8


def race_once():
    """One held seat at its deadline and one registrant waiting: the registrant's click a
    moment before the deadline races the release a moment after it."""
    edition = open_edition(capacity=1, email_confirmation_minutes=5)
    held = register(edition)
    waiting = register(edition)
    deadline = held.confirm_email_by
    moment = datetime.timedelta(milliseconds=1)
    errors, refusals = at_once(
        lambda: verification.registration_confirm_email(registration=held, now=deadline - moment),
        lambda: verification.release_expired_holds(now=deadline + moment),
        refusals=(NotAwaitingConfirmation, ConfirmationExpired),
    )
    held.refresh_from_db()
    waiting.refresh_from_db()
    return held, waiting, errors, refusals


def test_a_click_racing_the_release_ends_in_exactly_one_outcome(slow_writes):
    outcomes = set()
    for _round in range(ROUNDS):
        held, waiting, errors, refusals = race_once()
        assert errors == []
        emails = RegistrationEmail.objects.filter(registration=held)
        kinds = set(emails.values_list("kind", flat=True))
        if held.status == RegistrationStatus.CONFIRMED:
            assert waiting.status == RegistrationStatus.WAITLISTED
            assert EmailKind.HOLD_EXPIRED not in kinds
            assert refusals == []
            outcomes.add("confirmed")
        else:
            assert held.status == RegistrationStatus.WAITLISTED
            # The next in line has not confirmed their address either: held for them in turn.
            assert waiting.status == RegistrationStatus.UNCONFIRMED
            assert EmailKind.CONFIRMATION not in kinds
            # The click came after the release: it confirms the address on the waiting list,
            # so the next seat given to the registrant is theirs directly.
            assert refusals == []
            assert not held.must_confirm_email
            outcomes.add("released")
        assert Registration.objects.filter(edition=held.edition).holding_seats().count() == 1
    assert outcomes <= {"confirmed", "released"}


def test_negative_control_without_the_locks_both_outcomes_are_written(slow_writes, without_locks):
    """Without the edition's lock and the row locks, the click and the release both read the
    hold, then both write: the registrant is told both that the seat is theirs and that it
    was released."""

    both = 0
    for _round in range(ROUNDS):
        held, _waiting, errors, _refusals = race_once()
        assert errors == []
        kinds = set(
            RegistrationEmail.objects.filter(registration=held).values_list("kind", flat=True)
        )
        both += {EmailKind.CONFIRMATION, EmailKind.HOLD_EXPIRED} <= kinds
    assert both > 0
