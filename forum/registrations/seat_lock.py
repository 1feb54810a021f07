"""The edition's registration lock and the seat rule counted under it.

Every seat-changing write (seats.py, promotion.py, verification.py) runs inside one
transaction that first locks the edition's RegistrationSettings row (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction mode serializes writers), then counts seats
here, then writes. Inside a rehearsal (rehearsal.py) the same rules run without the lock.

Callers reach these functions through this module (`seat_lock.lock_registration_settings(…)`),
never by importing the names: the race test on PostgreSQL replaces lock_registration_settings
with an unlocked read (its negative control) and wraps seat_status with a pause, and every
write must then see the replacement. Nothing else may replace them.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from .enums import RegistrationStatus
from .exceptions import RegistrationUnavailable
from .models import CategoryQuota, Registration, RegistrationSettings, SeatTally
from .rehearsal import rehearsing


def lock_registration_settings(edition_id):
    """The edition's registration settings, locked until the caller's transaction ends.
    Raises RegistrationUnavailable when the edition has none."""
    # Written as SQL, as select_for_update().get() writes it: composing that query through the
    # ORM took twice the web process's CPU, on every registration.
    table = RegistrationSettings._meta.db_table
    sql = f"SELECT * FROM {table} WHERE edition_id = %s"  # noqa: S608 (the model's own table)
    if not rehearsing() and connection.features.has_select_for_update:
        if connection.get_autocommit():
            raise TransactionManagementError("The edition's lock is taken inside a transaction.")
        sql += " FOR UPDATE"
    found = list(RegistrationSettings.objects.raw(sql, [edition_id]))
    if not found:
        raise RegistrationUnavailable
    return found[0]


def lock_registration_settings_if_any(edition_id):
    """The edition's registration settings, locked, or None when an organizer removed them: for
    the writes that must work even then (a registrant keeps the right to withdraw, and a held
    seat is still confirmed or released), inside the caller's transaction."""
    try:
        return lock_registration_settings(edition_id)
    except RegistrationUnavailable:
        return None


@contextmanager
def edition_locked(edition):
    """One transaction holding the edition's registration lock: registration_create calls
    inside it (an organizer's batch of guests) are serialized with the public form's as one
    unit, and commit or roll back together. Raises RegistrationUnavailable."""
    with transaction.atomic():
        yield lock_registration_settings(edition.pk)


def _seats_taken_and_quota(registration_settings, category):
    """(public seats taken, those taken in `category`, the category's quota or None), read in
    one statement from the seat tally (tally_models.py) and the quotas. Written as SQL: composing
    the two queries through the ORM cost more CPU than the database spends answering them, on
    every registration, under the edition's lock."""
    tally = SeatTally._meta.db_table
    quotas = CategoryQuota._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(taken), 0),"  # noqa: S608 (table names from the models)
            f" COALESCE(SUM(CASE WHEN category = %s THEN taken END), 0),"
            f" (SELECT quota FROM {quotas} WHERE settings_id = %s AND category = %s)"
            f" FROM {tally} WHERE edition_id = %s",
            [category, registration_settings.pk, category, registration_settings.edition_id],
        )
        return cursor.fetchone()


def has_seat(registration_settings, category, invitation=None):
    """True when one more seat (confirmed, or held for an e-mail confirmation) fits the
    capacity, the category's quota and, for a registrant invited by a code with seats of its
    own, that code's seats. Seats of the guest reserve count in neither the capacity nor the
    quota."""
    # The database keeps the public seats taken per category (tally_models.py): a few rows to
    # add up instead of every seat taken to count, on each registration.
    total, in_category, quota = _seats_taken_and_quota(registration_settings, category)
    if total >= registration_settings.capacity:
        return False
    # A code's own seats count its guests in the reserve too: a count, for such codes only.
    if (
        invitation is not None
        and invitation.seats is not None
        and Registration.objects.filter(
            edition_id=registration_settings.edition_id, invitation_id=invitation.pk
        )
        .holding_seats()
        .count()
        >= invitation.seats
    ):
        return False
    return quota is None or in_category < quota


def has_reserved_seat(registration_settings):
    taken = (
        Registration.objects.filter(edition_id=registration_settings.edition_id)
        .confirmed()
        .reserved_seats()
        .count()
    )
    return taken < registration_settings.reserved_seats


def seat_status(registration_settings, category, invitation=None):
    """CONFIRMED when a seat fits (has_seat), else WAITLISTED."""
    if has_seat(registration_settings, category, invitation):
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED
