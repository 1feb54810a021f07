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

from django.db import transaction

from .enums import RegistrationStatus
from .exceptions import RegistrationUnavailable
from .models import CategoryQuota, Registration, RegistrationSettings, SeatTally
from .rehearsal import rehearsing


def lock_registration_settings(edition_id):
    """The edition's registration settings, locked until the caller's transaction ends.
    Raises RegistrationUnavailable when the edition has none."""
    settings_rows = RegistrationSettings.objects
    if not rehearsing():
        settings_rows = settings_rows.select_for_update()
    try:
        return settings_rows.get(edition_id=edition_id)
    except RegistrationSettings.DoesNotExist:
        raise RegistrationUnavailable from None


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


def _quota_for(registration_settings, category):
    quota = (
        CategoryQuota.objects.filter(settings=registration_settings, category=category)
        .values_list("quota", flat=True)
        .first()
    )
    return quota


def has_seat(registration_settings, category, invitation=None):
    """True when one more seat (confirmed, or held for an e-mail confirmation) fits the
    capacity, the category's quota and, for a registrant invited by a code with seats of its
    own, that code's seats. Seats of the guest reserve count in neither the capacity nor the
    quota."""
    # The database keeps the public seats taken per category (tally_models.py): a few rows to
    # add up instead of every seat taken to count, on each registration.
    taken = SeatTally.objects.filter(edition_id=registration_settings.edition_id).taken(category)
    if taken["total"] >= registration_settings.capacity:
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
    quota = _quota_for(registration_settings, category)
    return quota is None or taken["in_category"] < quota


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
