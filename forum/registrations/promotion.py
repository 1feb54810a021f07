"""Promotion from the waiting list: a freed seat filled at once (after a cancellation, a
deletion, a released e-mail hold), seats filled after an organizer raised the capacity or a
quota, and an organizer promoting someone by hand. Each runs under the edition's lock
(seat_lock.py), counts with its seat rule, and owes the promoted registrant an e-mail."""

import logging

from django.db import transaction
from django.utils import timezone

from forum.models import Edition

from . import audit, holds, seat_lock
from .enums import EmailKind, LogAction, RegistrationStatus
from .exceptions import EditionFull, NotWaitlisted
from .models import Registration
from .outbox import queue_email

logger = logging.getLogger(__name__)


def fill_freed_seat(registration_settings, category, now, *, passed_over=None):
    """After a seat is freed, under the edition's lock (`registration_settings` as locked):
    promote the first waitlisted registrant of the same category who fits; failing that, the
    earliest waitlisted registrant of any category who fits (a seat freed under the capacity,
    not the quota, can serve another category). `passed_over`: a registration that just lost
    this seat (its e-mail was not confirmed in time) and may not get it back. A promoted
    registrant who still owes their e-mail confirmation gets the seat held (holds.py)."""
    waiting = Registration.objects.filter(edition_id=registration_settings.edition_id).waitlisted()
    if passed_over is not None:
        waiting = waiting.exclude(pk=passed_over.pk)
    waiting = waiting.select_related("invitation")
    candidates = list(waiting.filter(category=category).in_line_order()[:1])
    candidates += list(waiting.exclude(category=category).in_line_order())
    for candidate in candidates:
        if seat_lock.has_seat(registration_settings, candidate.category, candidate.invitation):
            _promote(candidate, registration_settings, now)
            return candidate
    return None


def _promote(
    registration, registration_settings, now, *, by=None, reason="seat_freed", over_capacity=False
):
    """The waitlisted `registration` gets a seat: confirmed, or held until it confirms its
    e-mail address when it still owes that (holds.py), with the link and its deadline."""
    before = registration.status
    registration.promoted_at = now
    if holds.seat_is_held(registration, registration_settings):
        holds.hold_seat(registration, registration_settings, now)
        email_kind = EmailKind.CONFIRM_EMAIL
    else:
        registration.status = RegistrationStatus.CONFIRMED
        registration.must_confirm_email = False
        email_kind = EmailKind.PROMOTION
    registration.save(
        update_fields=[
            "status",
            "promoted_at",
            "confirm_email_by",
            "must_confirm_email",
            "updated_at",
        ]
    )
    queue_email(registration, email_kind)
    data = {"changes": {"status": [before, registration.status]}, "reason": reason}
    if over_capacity:
        data["over_capacity"] = True
    audit.log_action(LogAction.PROMOTED, by=by, registration=registration, data=data, at=now)


def registration_promote(
    *, registration: Registration, allow_over_capacity: bool = False, now=None, by=None
) -> Registration:
    """An organizer (`by`) moves a waitlisted registrant to confirmed. Refused with EditionFull
    when no seat is free, unless `allow_over_capacity` (a deliberate organizer's decision)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings(registration.edition_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.WAITLISTED:
            raise NotWaitlisted(registration=current)
        fits = seat_lock.has_seat(registration_settings, current.category, current.invitation)
        if not allow_over_capacity and not fits:
            raise EditionFull(registration=current)
        _promote(
            current, registration_settings, now, by=by, reason="by_hand", over_capacity=not fits
        )
    logger.info("registration %s promoted", current.pk)
    return current


def registration_fill_seats(*, edition: Edition, now=None, by=None) -> list[Registration]:
    """Promote waitlisted registrants in arrival order while seats are free (after an organizer,
    `by`, raised the capacity or a quota)."""
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        registration_settings = seat_lock.lock_registration_settings(edition.pk)
        waiting = Registration.objects.filter(edition_id=edition.pk).waitlisted()
        for candidate in waiting.select_related("invitation").in_line_order():
            if seat_lock.has_seat(registration_settings, candidate.category, candidate.invitation):
                _promote(candidate, registration_settings, now, by=by, reason="fill_seats")
                promoted.append(candidate)
    return promoted
