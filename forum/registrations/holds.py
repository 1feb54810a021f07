"""Holding a seat for an e-mail confirmation: which registrants owe one, and the start of a
hold, on registering or on promotion from the waiting list. The seat rules (seats.py) call it
under the edition's lock; confirming, releasing and restarting a hold (after an organizer
corrected the address) are verification.py's.

A public registrant of an edition that asks for the confirmation owes it from the moment they
register, with a seat or on the waiting list (Registration.must_confirm_email), until they
confirm by the e-mailed link, which works while they wait too. A seat given to someone who
still owes it, on registering or when promoted, is held (`unconfirmed`) until they confirm or
the time is up; a registrant who confirmed while waiting gets the seat directly."""

import datetime
import logging

from django.db import DatabaseError, transaction

from config.common import periodic

from .enums import RegistrationStatus

logger = logging.getLogger(__name__)

# The periodic job that releases the held seats whose time is up (verification.py, which
# stands on this module: found by its name in the one list of periodic jobs).
HOLD_RELEASE_JOB = "registrations.email_holds"


def queue_hold_release(at):
    """A run of the hold-release job at `at`, the moment a held seat's time is up. If the queue
    cannot be written, the job's periodic run releases the seat a little later: a registration
    that committed is never turned into an error by this."""
    try:
        periodic.queue_at(periodic.periodic_jobs()[HOLD_RELEASE_JOB], at)
    except DatabaseError:
        logger.exception("the release of a held seat could not be queued; its periodic run will")


def owed_on_registering(registration_settings, *, public):
    """Whether a registrant registering now owes an e-mail confirmation: on the public form of
    an edition that asks for one. Organizers' guests do not, nor approved registrants (the
    approval stands for it: a pending registration owes nothing)."""
    return public and registration_settings.email_confirmation_minutes is not None


def hold_ends(registration_settings, now):
    """When a seat held from `now` is released unless its registrant confirms."""
    return now + datetime.timedelta(minutes=registration_settings.email_confirmation_minutes)


def hold_seat(registration, registration_settings, now):
    """Give `registration` (unsaved changes; the caller saves it) a seat held until it confirms
    its e-mail address, and queue the release at its end once the transaction commits."""
    registration.status = RegistrationStatus.UNCONFIRMED
    registration.confirm_email_by = hold_ends(registration_settings, now)
    registration.must_confirm_email = True
    deadline = registration.confirm_email_by
    transaction.on_commit(lambda: queue_hold_release(deadline))


def seat_is_held(registration, registration_settings):
    """Whether a seat given to `registration` now is held for its e-mail confirmation: it owes
    one and the edition still asks for it."""
    return (
        registration.must_confirm_email
        and registration_settings.email_confirmation_minutes is not None
    )
