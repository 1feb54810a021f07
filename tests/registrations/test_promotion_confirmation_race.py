"""A waitlisted registrant confirming their address while a cancellation promotes them ends
confirmed, whichever comes first (PostgreSQL, threads with their own connections, like
test_race.py): confirmed first, the seat is theirs directly; promoted first, the click
confirms the seat just held for them. The negative control runs both without the locks and
must lose the confirmation at least once: the promotion, having read the registrant before
the click was written, holds the seat and asks for the confirmation again."""

import time

import pytest

from forum.registrations import holds, seats, verification
from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory

from .helpers import at_once, open_edition, register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 6


def race_once():
    edition = open_edition(capacity=1, email_confirmation_minutes=30)
    seated = RegistrationFactory(edition=edition)
    waiting = register(edition)
    errors, _refused = at_once(
        lambda: verification.registration_confirm_email(registration=waiting),
        lambda: seats.registration_cancel(registration=seated),
    )
    waiting.refresh_from_db()
    return waiting, errors


@pytest.fixture
def slow_steps(monkeypatch):
    """Widen both windows: between the click's read and its write, and between the
    promotion's read of the registrant and its write."""
    confirm_while_waiting = verification._confirm_while_waiting
    seat_is_held = holds.seat_is_held

    def paused_confirm(*args, **kwargs):
        time.sleep(0.05)
        return confirm_while_waiting(*args, **kwargs)

    def paused_decision(*args, **kwargs):
        held = seat_is_held(*args, **kwargs)
        time.sleep(0.1)
        return held

    monkeypatch.setattr(verification, "_confirm_while_waiting", paused_confirm)
    monkeypatch.setattr(holds, "seat_is_held", paused_decision)


def test_a_click_racing_the_promotion_always_ends_confirmed(slow_steps):
    for _round in range(ROUNDS):
        waiting, errors = race_once()
        assert errors == []
        assert waiting.status == RegistrationStatus.CONFIRMED
        assert not waiting.must_confirm_email
        seats_held = Registration.objects.filter(edition=waiting.edition).holding_seats()
        assert seats_held.count() == 1


def test_negative_control_without_the_locks_the_confirmation_is_lost(slow_steps, without_locks):
    lost = 0
    for _round in range(ROUNDS):
        waiting, errors = race_once()
        lost += bool(errors) or waiting.status != RegistrationStatus.CONFIRMED
    assert lost > 0
