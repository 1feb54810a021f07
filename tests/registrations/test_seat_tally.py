"""The seat tally (tally_models.py) the seat rule reads is kept by the database's triggers: it
equals a count of the seats taken after every kind of write, by any code, and under concurrent
writers on PostgreSQL; `check_seat_tally` finds a tally that differs and repairs it.

The race's negative control runs the same writers with the trigger disabled and must find the
tally wrong: the proof that the final comparison would catch a tally that misses writes."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from forum.registrations import seats
from forum.registrations.enums import RegistrationStatus, Seat
from forum.registrations.models import Registration, SeatTally
from forum.registrations.seat_tally import seat_tally_differences
from tests.factories import EditionFactory, RegistrationFactory
from tests.helpers import latest_migrations, migrate_to

from .helpers import open_edition, register

pytestmark = pytest.mark.every_database

# Every status a registration may have with each seat (the check constraints allow no other).
ROWS = [
    *((status, Seat.PUBLIC) for status in RegistrationStatus.values),
    *(
        (status, Seat.RESERVE)
        for status in RegistrationStatus.values
        if status not in ("waitlisted", "unconfirmed")
    ),
]


def counted(edition, category=None):
    rows = Registration.objects.filter(edition=edition).holding_seats().public_seats()
    return rows.filter(category=category).count() if category else rows.count()


def assert_tally_matches(edition, category="entrepreneur"):
    taken = SeatTally.objects.filter(edition=edition).taken(category)
    assert taken == {"total": counted(edition), "in_category": counted(edition, category)}
    assert seat_tally_differences() == []


def held_columns(status, seat):
    held = status == RegistrationStatus.UNCONFIRMED
    return {
        "status": status,
        "seat": seat,
        "must_confirm_email": held,
        "confirm_email_by": timezone.now() + datetime.timedelta(hours=1) if held else None,
    }


@pytest.mark.django_db
def test_the_tally_counts_exactly_the_seats_the_seat_rule_counts():
    """Each status with each seat, inserted, changed into every other and deleted: the
    triggers' rule (written in SQL by the migration) is holding_seats().public_seats()."""
    edition = open_edition()
    for status, seat in ROWS:
        registration = RegistrationFactory(edition=edition, **held_columns(status, seat))
        assert_tally_matches(edition)
        for other_status, other_seat in ROWS:
            Registration.objects.filter(pk=registration.pk).update(
                **held_columns(other_status, other_seat)
            )
            assert_tally_matches(edition)
        registration.delete()
        assert_tally_matches(edition)
    assert SeatTally.objects.filter(edition=edition).taken()["total"] == 0


@pytest.mark.django_db
def test_every_kind_of_write_keeps_the_tally():
    edition = open_edition(capacity=3)
    other_edition = open_edition()
    first, second, third = (register(edition) for _ in range(3))
    waiting = register(edition, category="investor")
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert_tally_matches(edition)

    seats.registration_cancel(registration=first)  # the waiting investor is promoted
    assert_tally_matches(edition, "investor")
    second.category = "media"  # an organizer's correction, saved whole
    second.save()
    assert_tally_matches(edition, "media")
    Registration.objects.filter(pk=third.pk).update(edition=other_edition)
    assert_tally_matches(edition)
    assert_tally_matches(other_edition)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registrations_registration SET status = 'cancelled' WHERE id = %s",
            [waiting.pk],
        )
    assert_tally_matches(edition, "investor")
    seats.registration_delete(registration=second)
    Registration.objects.filter(edition=other_edition).delete()
    assert_tally_matches(edition)
    assert_tally_matches(other_edition)
    assert SeatTally.objects.filter(edition=edition).taken()["total"] == 0


@pytest.mark.django_db
def test_an_edition_deleted_takes_its_tally_with_it():
    edition = EditionFactory()
    RegistrationFactory.create_batch(2, edition=edition)
    assert SeatTally.objects.filter(edition=edition).taken()["total"] == 2
    Registration.objects.filter(edition=edition).delete()  # they protect the edition
    edition.delete()
    assert not SeatTally.objects.exists()
    assert seat_tally_differences() == []


@pytest.mark.django_db
def test_the_check_finds_a_tally_that_differs_and_repairs_it(capsys):
    edition = open_edition()
    RegistrationFactory.create_batch(3, edition=edition)
    call_command("check_seat_tally")
    assert "matches" in capsys.readouterr().out
    SeatTally.objects.filter(edition=edition).update(taken=F("taken") + 2)

    with pytest.raises(CommandError):
        call_command("check_seat_tally")
    assert f"Edition {edition.pk}, entrepreneur: tallied 5, counted 3" in capsys.readouterr().out
    call_command("check_seat_tally", "--repair")
    call_command("check_seat_tally")
    assert_tally_matches(edition)


@pytest.fixture
def before_the_tally(transactional_db):
    migrate_to([("registrations", "0028_e_mail_to_a_corrected_address")])
    yield
    migrate_to(latest_migrations())


def test_the_migration_tallies_the_registrations_already_stored(before_the_tally):
    edition = open_edition()
    # The registrations table is as the current model has it: rows written before the tally.
    RegistrationFactory.create_batch(3, edition=edition)
    RegistrationFactory(edition=edition, category="media", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(edition=edition, category="media", seat=Seat.RESERVE)
    RegistrationFactory(edition=edition, category="investor")
    migrate_to(latest_migrations())
    assert_tally_matches(edition, "investor")
    assert SeatTally.objects.filter(edition=edition).taken("entrepreneur") == {
        "total": 4,
        "in_category": 3,
    }
    register(edition, category="media")  # and the triggers keep it from there
    assert_tally_matches(edition, "media")


# --- Concurrent writers (PostgreSQL) ----------------------------------------------------------

THREADS = 24


def concurrent_writes(edition, registrations):
    """Each thread, on its own connection, at once: a registration through the seat rule, a
    cancellation (which promotes), and a category changed with no lock, as an admin's bulk
    edit does; then one delete each."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def one(n):
        try:
            barrier.wait()
            register(edition, email=f"writer{n}@example.com", category="investor")
            seats.registration_cancel(registration=registrations[n])
            Registration.objects.filter(pk=registrations[THREADS + n].pk).update(
                category="media" if n % 2 else "researcher"
            )
            Registration.objects.filter(pk=registrations[2 * THREADS + n].pk).delete()
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=one, args=(n,)) for n in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []


def edition_under_load():
    edition = open_edition(capacity=4 * THREADS + 10, quotas={"investor": THREADS // 2})
    registrations = [register(edition) for _ in range(3 * THREADS)]
    RegistrationFactory.create_batch(
        THREADS, edition=edition, status=RegistrationStatus.WAITLISTED, category="entrepreneur"
    )
    return edition, registrations


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_tally_stays_exact_under_concurrent_writers():
    edition, registrations = edition_under_load()
    concurrent_writes(edition, registrations)
    assert_tally_matches(edition, "investor")
    assert counted(edition, "investor") == THREADS // 2  # the quota held


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_negative_control_without_the_trigger_the_tally_goes_wrong():
    edition, registrations = edition_under_load()
    table = Registration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER registrations_seat_tally")
    try:
        concurrent_writes(edition, registrations)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER registrations_seat_tally")
    assert seat_tally_differences() != []
