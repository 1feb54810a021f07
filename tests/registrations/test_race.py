"""Capacity and quotas hold under concurrent submissions (PostgreSQL), and the test can fail.

Each race: many threads, each with its own database connection, wait at a barrier and then
submit at once for the last few seats. A 10 ms pause between counting seats and writing (test
only) widens the window a missing lock would leave open. The negative control replaces the
lock with a plain read and must overbook: that is the proof that the exact-count assertions
would catch a broken lock.
"""

import threading
import time

import pytest
from django.db import connection
from django.db.transaction import TransactionManagementError

from forum.registrations import seat_lock
from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import Registration, RegistrationSettings
from tests.factories import RegistrationFactory

from .helpers import open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

THREADS = 40


@pytest.fixture
def slow_seat_rule(monkeypatch):
    original = seat_lock.seat_status

    def paused(settings, category, invitation=None):
        status = original(settings, category, invitation)
        time.sleep(0.01)
        return status

    monkeypatch.setattr(seat_lock, "seat_status", paused)


@pytest.fixture
def lock_disabled(monkeypatch):
    def unlocked(edition_id):
        return RegistrationSettings.objects.get(edition_id=edition_id)

    monkeypatch.setattr(seat_lock, "lock_registration_settings", unlocked)


def race(edition, *, threads=THREADS, category="entrepreneur"):
    barrier = threading.Barrier(threads)
    errors = []

    def one(n):
        try:
            barrier.wait()
            register(edition, email=f"racer{n}@example.com", category=category)
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=one, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def edition_with_last_seats(*, capacity, taken, quotas=None):
    edition = open_edition(capacity=capacity, quotas=quotas)
    RegistrationFactory.create_batch(taken, edition=edition, status=RegistrationStatus.CONFIRMED)
    return edition


def test_capacity_is_never_exceeded(slow_seat_rule):
    edition = edition_with_last_seats(capacity=35, taken=30)
    errors = race(edition)
    registrations = Registration.objects.filter(edition=edition)
    assert errors == []
    assert registrations.confirmed().count() == 35
    assert registrations.waitlisted().count() == THREADS - 5


def test_category_quota_is_never_exceeded(slow_seat_rule):
    edition = edition_with_last_seats(capacity=500, taken=0, quotas={"investor": 3})
    errors = race(edition, category="investor")
    registrations = Registration.objects.filter(edition=edition, category="investor")
    assert errors == []
    assert registrations.confirmed().count() == 3
    assert registrations.waitlisted().count() == THREADS - 3


def test_waitlist_keeps_arrival_order_under_the_race(slow_seat_rule):
    edition = edition_with_last_seats(capacity=35, taken=30)
    race(edition)
    waiting = list(Registration.objects.filter(edition=edition).waitlisted().in_line_order())
    confirmed_last = Registration.objects.filter(edition=edition).confirmed().latest("created_at")
    assert all(w.created_at >= confirmed_last.created_at for w in waiting)


def test_negative_control_without_the_lock_the_race_overbooks(slow_seat_rule, lock_disabled):
    edition = edition_with_last_seats(capacity=35, taken=30)
    errors = race(edition)
    assert errors == []
    assert Registration.objects.filter(edition=edition).confirmed().count() > 35


def test_the_editions_lock_is_refused_outside_a_transaction():
    """Taken in autocommit, the lock would end with its statement and guard nothing."""
    edition = open_edition()
    with pytest.raises(TransactionManagementError):
        seat_lock.lock_registration_settings(edition.pk)
