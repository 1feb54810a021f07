"""A public rush during a guest list's import never overbooks (PostgreSQL), and the test can
fail: the same race with the lock replaced by a plain read overbooks (the negative control, as
in test_race.py).

One thread imports a guest list in batches while many threads submit the public form at once;
the 10 ms pause between counting seats and writing (test only) widens the window a missing
lock would leave open."""

import csv
import io
import threading

import pytest
from django.db import connection

from forum.registrations import guest_lists
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory

from .helpers import open_edition, register
from .test_race import lock_disabled, slow_seat_rule  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

PUBLIC = 30
GUESTS = 60
CAPACITY = 50
TAKEN = 40  # before the race: the last 10 seats are raced for


def guest_list():
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["name", "email", "organization", "title", "category"])
    for n in range(GUESTS):
        writer.writerow([f"嘉宾{n}", f"guest{n}@example.com", "某机构", "经理", "investor"])
    return guest_lists.read_guest_list(text.getvalue().encode(), "csv")


def edition_with_last_seats():
    edition = open_edition(capacity=CAPACITY)
    RegistrationFactory.create_batch(TAKEN, edition=edition, status="confirmed")
    return edition


def race(edition):
    organizer = UserFactory(is_staff=True)
    rows = guest_list()
    barrier = threading.Barrier(PUBLIC + 1)
    errors = []
    reports = []

    def importer():
        try:
            barrier.wait()
            reports.append(
                guest_lists.guest_list_import(
                    edition=edition,
                    rows=rows,
                    by=organizer,
                    seat="public",
                    consent_method="inviter",
                    email_timing="never",
                    language="zh-hans",
                    dry_run=False,
                    batch_size=10,
                )
            )
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    def public(n):
        try:
            barrier.wait()
            register(edition, email=f"racer{n}@example.com")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=importer)]
    workers += [threading.Thread(target=public, args=(n,)) for n in range(PUBLIC)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors, reports


def test_a_public_rush_during_an_import_never_exceeds_capacity(slow_seat_rule):  # noqa: F811
    edition = edition_with_last_seats()

    errors, [report] = race(edition)

    registrations = Registration.objects.filter(edition=edition)
    assert errors == []
    assert registrations.confirmed().count() == CAPACITY
    assert registrations.count() == TAKEN + PUBLIC + GUESTS
    counts = report.counts()
    assert counts["confirmed"] + counts["waitlisted"] == GUESTS
    assert (
        registrations.filter(registered_by__isnull=False).confirmed().count()
        == (counts["confirmed"])
    )


def test_negative_control_without_the_lock_the_import_race_overbooks(
    slow_seat_rule,  # noqa: F811
    lock_disabled,  # noqa: F811
):
    edition = edition_with_last_seats()

    errors, _reports = race(edition)

    assert errors == []
    assert Registration.objects.filter(edition=edition).confirmed().count() > CAPACITY


def test_the_public_form_does_not_wait_for_a_dry_run():
    """The dry run checks the whole list in one transaction: had it taken the edition's lock, a
    public registration made while it runs would wait for its end (minutes for a long list).
    Here the dry run pauses after its first batch until a public registration has committed."""
    edition = edition_with_last_seats()
    organizer = UserFactory(is_staff=True)
    public_committed = threading.Event()
    errors = []

    def public():
        try:
            register(edition, email="during-the-dry-run@example.com")
            public_committed.set()
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    def after_a_batch(done, total):
        if done == 10:
            threading.Thread(target=public).start()
            assert public_committed.wait(timeout=10), "the public form waited for the dry run"

    report = guest_lists.guest_list_import(
        edition=edition,
        rows=guest_list(),
        by=organizer,
        seat="public",
        consent_method="inviter",
        email_timing="never",
        language="zh-hans",
        dry_run=True,
        progress=after_a_batch,
        batch_size=10,
    )

    assert errors == []
    assert public_committed.is_set()
    assert Registration.objects.filter(edition=edition, registered_by__isnull=False).count() == 0
    assert report.counts()["confirmed"] + report.counts()["waitlisted"] == GUESTS
