"""An organizer's correction of a held registrant's address racing the release of the expired
hold ends in exactly one outcome (PostgreSQL, threads with their own connections, like
test_email_confirmation_race.py).

The correction restarts the hold (details.registration_details_save, through
verification.confirmation_readdressed); the release sends the registrant to the waiting list.
Both take the edition's lock first: either the hold restarts and nothing is released, or the
release comes first and the correction then sends the waiting-list link. The negative control
runs both without the locks and must end with a registrant on the waiting list whose hold was
restarted all the same."""

import datetime

import pytest

from forum.registrations import details, verification
from forum.registrations.enums import EmailKind, RegistrationStatus
from forum.registrations.models import Registration, RegistrationEmail

from .helpers import at_once, open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

ROUNDS = 8


def race_once():
    """One held seat just past its deadline, not released yet, and one registrant waiting: an
    organizer corrects the held registrant's address as the release runs."""
    edition = open_edition(capacity=1, email_confirmation_minutes=5)
    held = register(edition, email="wrong@exmaple.com")
    waiting = register(edition)
    after_the_deadline = held.confirm_email_by + datetime.timedelta(milliseconds=1)

    def correct():
        corrected = Registration.objects.get(pk=held.pk)
        corrected.email = "right@example.com"
        details.registration_details_save(registration=corrected, now=after_the_deadline)

    errors, _refused = at_once(
        correct, lambda: verification.release_expired_holds(now=after_the_deadline)
    )
    held.refresh_from_db()
    waiting.refresh_from_db()
    return held, waiting, errors, after_the_deadline


def kinds_sent(registration):
    return set(
        RegistrationEmail.objects.filter(registration=registration).values_list("kind", flat=True)
    )


def test_a_correction_racing_the_release_ends_in_exactly_one_outcome(slow_writes):
    for _round in range(ROUNDS):
        held, waiting, errors, corrected_at = race_once()
        assert errors == []
        assert held.email == "right@example.com"
        assert EmailKind.NEW_ADDRESS in kinds_sent(held)
        if held.status == RegistrationStatus.UNCONFIRMED:  # the correction came first
            assert held.confirm_email_by == corrected_at + datetime.timedelta(minutes=5)
            assert waiting.status == RegistrationStatus.WAITLISTED
            assert EmailKind.HOLD_EXPIRED not in kinds_sent(held)
        else:  # the release came first: the correction sent the waiting-list link
            assert held.status == RegistrationStatus.WAITLISTED
            assert held.confirm_email_by is None
            assert waiting.status == RegistrationStatus.UNCONFIRMED
        assert Registration.objects.filter(edition=held.edition).holding_seats().count() == 1


def test_negative_control_without_the_locks_a_released_hold_is_restarted(
    slow_writes, without_locks
):
    """Without the edition's lock and the row locks, the correction reads the hold before the
    release writes it, and restarts a hold that is no longer there: a registrant on the
    waiting list with a deadline."""

    broken = 0
    for _round in range(ROUNDS):
        held, _waiting, errors, _corrected_at = race_once()
        assert errors == []
        broken += held.status == RegistrationStatus.WAITLISTED and held.confirm_email_by is not None
    assert broken > 0
