"""Door check-in: the one rule every caller uses (the check-in page, its JSON answer, tests).

Modelled on pretix's `perform_checkin`: lock the registration row, decide, write once. A second
scan of the same code never writes a second check-in; it is refused with `already_checked_in`
and the time of the first one, so the person at the door can tell a double scan from a
borrowed ticket.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import audit, ratelimit
from .codes import normalize_checkin_code
from .enums import LogAction, RegistrationStatus
from .exceptions import RegistrationError
from .models import Registration


class CheckInCode:
    """The machine-readable outcome of a scan (the page colours and the JSON use these)."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    NOT_APPROVED = "not_approved"
    UNKNOWN_CODE = "unknown_code"
    TOO_MANY_UNKNOWN_CODES = "too_many_unknown_codes"


MESSAGES = {
    CheckInCode.OK: _("Checked in"),
    CheckInCode.ALREADY_CHECKED_IN: _("Already checked in at %(time)s"),
    CheckInCode.WAITLISTED: _("On the waiting list: no seat confirmed"),
    CheckInCode.CANCELLED: _("Registration cancelled"),
    CheckInCode.NOT_APPROVED: _("Not approved: no seat confirmed"),
    CheckInCode.UNKNOWN_CODE: _("Unknown code for this edition"),
    CheckInCode.TOO_MANY_UNKNOWN_CODES: _(
        "Too many unknown codes: check-in is paused for you for a few minutes. Check the code "
        "on the ticket, or ask an organizer."
    ),
}


class CheckInRefused(RegistrationError):
    """A scan that must not admit the person; `code` says why, `registration` who it was."""

    def __init__(self, code, *, registration=None):
        self.code = code
        super().__init__(checkin_message(code, registration), registration=registration)


def checkin_message(code, registration=None):
    """The sentence shown in large type at the door, in the active language."""
    if code == CheckInCode.ALREADY_CHECKED_IN and registration is not None:
        checked_in_at = timezone.localtime(registration.checked_in_at)
        return MESSAGES[code] % {"time": formats.time_format(checked_in_at, "H:i")}
    return str(MESSAGES[code])


def registration_check_in(*, edition, code, by):
    """Admit the holder of `code` to `edition`, once; return the checked-in registration.

    Raises CheckInRefused with code `unknown_code` (no such code in this edition, or the
    registration was anonymized), `cancelled`, `waitlisted` or `already_checked_in`.
    `by` is the staff user at the door, recorded on the registration and in its log.

    Unknown codes are counted per staff user (settings.CHECKIN_UNKNOWN_CODE_LIMIT, e.g. 20 per
    10 minutes): past the limit every scan is refused with `too_many_unknown_codes`, without a
    lookup, until the window slides on. A stolen door session cannot try codes at full speed,
    and a real door, where a typo is rare, never meets the limit.
    """
    who = by.pk if by is not None and by.is_authenticated else "anonymous"
    if _too_many_unknown_codes(who, count_this_one=False):
        raise CheckInRefused(CheckInCode.TOO_MANY_UNKNOWN_CODES)
    try:
        return _check_in(edition=edition, code=code, by=by)
    except CheckInRefused as refusal:
        if refusal.code == CheckInCode.UNKNOWN_CODE:
            _too_many_unknown_codes(who, count_this_one=True)
        raise


def _too_many_unknown_codes(who, *, count_this_one):
    return ratelimit.over_limit(
        "checkin-unknown",
        who,
        settings.CHECKIN_UNKNOWN_CODE_LIMIT,
        count_this_one=count_this_one,
        setting="CHECKIN_UNKNOWN_CODE_LIMIT",
    )


def _check_in(*, edition, code, by):
    normalized = normalize_checkin_code(code)
    if not normalized:
        raise CheckInRefused(CheckInCode.UNKNOWN_CODE)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(edition=edition, checkin_code=normalized, anonymized_at__isnull=True)
            .first()
        )
        if registration is None:
            raise CheckInRefused(CheckInCode.UNKNOWN_CODE)
        if registration.status == RegistrationStatus.CANCELLED:
            raise CheckInRefused(CheckInCode.CANCELLED, registration=registration)
        if registration.status == RegistrationStatus.WAITLISTED:
            raise CheckInRefused(CheckInCode.WAITLISTED, registration=registration)
        if registration.status != RegistrationStatus.CONFIRMED:  # pending or declined
            raise CheckInRefused(CheckInCode.NOT_APPROVED, registration=registration)
        if registration.checked_in_at is not None:
            raise CheckInRefused(CheckInCode.ALREADY_CHECKED_IN, registration=registration)
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by if by is not None and by.is_authenticated else None
        registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        audit.log_action(
            LogAction.CHECKED_IN,
            by=by,
            registration=registration,
            data={"changes": {"checked_in_at": [None, registration.checked_in_at.isoformat()]}},
            at=registration.checked_in_at,
        )
    return registration


@dataclass(frozen=True)
class CheckInCounts:
    checked_in: int
    confirmed: int


def checkin_counts(*, edition):
    """Checked in / confirmed for the live counter at the door (one query)."""
    counts = Registration.objects.filter(
        edition=edition, status=RegistrationStatus.CONFIRMED
    ).aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return CheckInCounts(checked_in=counts["checked_in"], confirmed=counts["confirmed"])
