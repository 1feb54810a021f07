"""E-mail confirmation of an edition's public registrants (RegistrationSettings
.email_confirmation_minutes): a seat held until the registrant confirms, or released.

The seat rules (seats.py, through holds.py) hold the seat of a public registrant who gets one
while they still owe the confirmation, on registering or when promoted from the waiting list:
status `unconfirmed`, with `confirm_email_by`, and the e-mail with the signed link
(confirmation_links.py). Confirming (the registrant's button, or an organizer by hand) makes the
registration confirmed and sends the ticket. A waitlisted registrant's e-mails carry the link
too: confirming while waiting keeps their place, and the seat they are later given is theirs
directly. When the time is up, the periodic job below releases the hold: the registrant goes to
the back of their category's waiting list (told by e-mail, with their new place and the link
still good for their address), as pretix's waiting list does not re-activate an entry whose
voucher expired: a registrant who does not confirm is not held a seat again at every seat
freed, delaying everyone behind them. They stay registered, may still confirm, and then wait
like anyone else. The seat goes, as after a cancellation, to the next in line who fits, held
in turn if that registrant has not confirmed their address either. A held seat counts as taken
in the capacity, the quotas and an invitation code's seats.

Both writes take the edition's lock (seat_lock.py) and then check the registration's status
again: a click racing the release ends in exactly one of the two.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from config.common import periodic

from . import audit, holds, outbox, promotion, seat_lock
from .enums import Actor, EmailKind, LogAction, RegistrationStatus
from .exceptions import ConfirmationExpired, NotAwaitingConfirmation
from .models import Registration
from .tasks import sweep_interval

logger = logging.getLogger(__name__)


def registration_confirm_email(*, registration, now=None, by=None):
    """The registrant (through the e-mailed link) or an organizer (`by`) confirms the e-mail
    address. A held seat becomes a confirmed one, and the ticket e-mail goes; a waitlisted
    registrant keeps their place, and the seat they are given later is theirs at once. Raises
    NotAwaitingConfirmation (confirmed already, released to a registrant who confirmed since,
    cancelled…) or, for the registrant once the time of a hold is up, ConfirmationExpired (an
    organizer may still confirm a hold that has not been released)."""
    now = now or timezone.now()
    with transaction.atomic():
        seat_lock.lock_registration_settings_if_any(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.WAITLISTED and current.must_confirm_email:
            return _confirm_while_waiting(current, now, by=by)
        if current.status != RegistrationStatus.UNCONFIRMED:
            raise NotAwaitingConfirmation(registration=current)
        if by is None and current.confirm_email_by <= now:
            raise ConfirmationExpired(registration=current)
        current.status = RegistrationStatus.CONFIRMED
        current.confirm_email_by = None
        current.must_confirm_email = False
        current.save(
            update_fields=["status", "confirm_email_by", "must_confirm_email", "updated_at"]
        )
        outbox.queue_email(current, EmailKind.CONFIRMATION)
        audit.log_action(
            LogAction.EMAIL_CONFIRMED,
            by=by,
            otherwise=Actor.REGISTRANT,
            registration=current,
            data={"changes": {"status": [RegistrationStatus.UNCONFIRMED, current.status]}},
            at=now,
        )
    logger.info("registration %s: e-mail confirmed", current.pk)
    return current


def _confirm_while_waiting(registration, now, *, by):
    """No e-mail: the page says it, and the next one they get is the seat's."""
    registration.must_confirm_email = False
    registration.save(update_fields=["must_confirm_email", "updated_at"])
    audit.log_action(
        LogAction.EMAIL_CONFIRMED,
        by=by,
        otherwise=Actor.REGISTRANT,
        registration=registration,
        data={"changes": {"must_confirm_email": [True, False]}},
        at=now,
    )
    logger.info("registration %s: e-mail confirmed on the waiting list", registration.pk)
    return registration


def confirmation_readdressed(registration, registration_settings, now):
    """An organizer corrected the address of `registration` (locked, under the edition's lock
    as `registration_settings`, with its new address saved) to another mailbox. If it still
    owes the confirmation, with a seat held or on the waiting list, a fresh link goes to the
    new address; the old address's link confirms nothing any more (confirmation_links.py). A
    held seat's time restarts from now, unless more of it is left: the link reaches the
    registrant only now, and the hold is the time the edition gives them to confirm. Returns
    the changes for the correction's audit entry, or None when no link was owed (none sent)."""
    if not registration.must_confirm_email or registration.status not in (
        RegistrationStatus.UNCONFIRMED,
        RegistrationStatus.WAITLISTED,
    ):
        return None
    changes = {}
    if (
        registration.status == RegistrationStatus.UNCONFIRMED
        and registration_settings is not None
        and holds.seat_is_held(registration, registration_settings)
        and holds.hold_ends(registration_settings, now) > registration.confirm_email_by
    ):
        before = registration.confirm_email_by
        holds.hold_seat(registration, registration_settings, now)
        registration.save(update_fields=["confirm_email_by", "updated_at"])
        changes["confirm_email_by"] = [
            before.isoformat(),
            registration.confirm_email_by.isoformat(),
        ]
    outbox.queue_email(registration, EmailKind.NEW_ADDRESS)
    return changes


@dataclass(frozen=True)
class HoldReleased:
    released: Registration
    promoted: Registration | None


def hold_release(*, registration, now=None):
    """Release one held seat whose time is up: the registrant to the back of the waiting list
    (e-mailed), the seat to the next in line. Returns HoldReleased, or None when the hold was
    confirmed or ended meanwhile (nothing done)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings_if_any(registration.edition_id)
        current = (
            Registration.objects.hold_expired(now)
            .select_for_update()
            .filter(pk=registration.pk)
            .first()
        )
        if current is None:
            return None
        in_line_before = current.in_line_since
        current.status = RegistrationStatus.WAITLISTED
        current.confirm_email_by = None
        # The back of the line: a hold that lapsed is not held again at every freed seat.
        current.in_line_since = now
        current.save(update_fields=["status", "confirm_email_by", "in_line_since", "updated_at"])
        outbox.queue_email(current, EmailKind.HOLD_EXPIRED)
        audit.log_action(
            LogAction.HOLD_EXPIRED,
            registration=current,
            data={
                "changes": {
                    "status": [RegistrationStatus.UNCONFIRMED, current.status],
                    "in_line_since": [in_line_before.isoformat(), now.isoformat()],
                }
            },
            at=now,
        )
        promoted = None
        if registration_settings is not None:
            promoted = promotion.fill_freed_seat(
                registration_settings, current.category, now, passed_over=current
            )
    logger.info(
        "registration %s: hold released; promoted %s",
        current.pk,
        promoted.pk if promoted else None,
    )
    return HoldReleased(released=current, promoted=promoted)


def release_expired_holds(*, now=None):
    """Release every held seat whose time is up (each in its own locked transaction, so the
    public form waits for one at a time). Returns how many were released."""
    now = now or timezone.now()
    expired = Registration.objects.hold_expired(now).order_by("confirm_email_by", "pk")
    return sum(
        hold_release(registration=registration, now=now) is not None
        for registration in list(expired)
    )


@periodic.periodic_task(holds.HOLD_RELEASE_JOB, every=sweep_interval)
def run_hold_releases():
    """The worker's periodic job (config/common/periodic.py), every e-mail sweep interval and
    at each hold's exact end (holds.queue_hold_release)."""
    return release_expired_holds()
