"""Door check-in: the one rule every caller uses (the check-in page, its JSON answer, the
offline door's sync, tests).

Modelled on pretix's `perform_checkin`: lock the registration row, decide, write once. A second
scan of the same code on the same list never writes a second check-in; it is refused with
`already_checked_in` and the time of the first one, so the person at the door can tell a double
scan from a borrowed ticket. Each edition has check-in lists (door_models.py); a scan is on one
of them, the main entrance unless another is chosen, and a list admits only its categories.
A code replaced after a correction of the registrant's address (ticket_secrets.py) is refused
as replaced, naming whose it was, and never counts as an unknown code.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from . import audit, ratelimit
from .codes import normalize_checkin_code
from .door_models import CheckIn, CheckInList, RetiredCheckInCode
from .enums import LogAction, RegistrationStatus
from .exceptions import RegistrationError
from .models import Registration

# The main entrance list an edition gets when it has none yet (its names in both languages).
DEFAULT_LIST_NAMES = {"name_zh": "主会场入场", "name_en": "Main entrance"}


class CheckInCode:
    """The machine-readable outcome of a scan (the page colours and the JSON use these)."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    NOT_APPROVED = "not_approved"
    UNKNOWN_CODE = "unknown_code"
    NOT_ON_LIST = "not_on_list"
    REPLACED = "replaced_code"
    TOO_MANY_UNKNOWN_CODES = "too_many_unknown_codes"


MESSAGES = {
    CheckInCode.OK: _("Checked in"),
    CheckInCode.ALREADY_CHECKED_IN: _("Already checked in at %(time)s"),
    CheckInCode.WAITLISTED: _("On the waiting list: no seat confirmed"),
    CheckInCode.CANCELLED: _("Registration cancelled"),
    CheckInCode.NOT_APPROVED: _("Not approved: no seat confirmed"),
    CheckInCode.UNKNOWN_CODE: _(
        "Unknown code: no registration of this edition has it. Check the code, or find the "
        "person by name below."
    ),
    CheckInCode.NOT_ON_LIST: _("Not admitted here: this list is for other categories"),
    CheckInCode.REPLACED: _(
        "Replaced code: it was replaced when the registrant's e-mail address was corrected, and "
        "admits nobody. Ask for the new ticket, or check who the person is and find them by "
        "name below."
    ),
    CheckInCode.TOO_MANY_UNKNOWN_CODES: _(
        "Too many unknown codes: check-in is paused for you for a few minutes. Check the code "
        "on the ticket, or ask an organizer."
    ),
}


class CheckInRefused(RegistrationError):
    """A scan that must not admit the person; `code` says why, `registration` who it was."""

    def __init__(self, code, *, registration=None, at=None):
        self.code = code
        self.at = at
        super().__init__(checkin_message(code, registration, at=at), registration=registration)


class UndoRefused(RegistrationError):
    code = "not_checked_in"
    default_message = _("This person is not checked in on this list: there is nothing to undo.")


class UndoNeedsReason(RegistrationError):
    code = "undo_needs_reason"
    default_message = _("Say why the check-in is undone.")


def checkin_message(code, registration=None, *, at=None):
    """The sentence shown in large type at the door, in the active language."""
    if code == CheckInCode.ALREADY_CHECKED_IN:
        at = at or (registration.checked_in_at if registration is not None else None)
        if at is not None:
            checked_in_at = timezone.localtime(at)
            return MESSAGES[code] % {"time": formats.time_format(checked_in_at, "H:i")}
    if code == CheckInCode.ALREADY_CHECKED_IN:
        return str(_("Already checked in"))
    return str(MESSAGES[code])


def default_checkin_list(edition):
    """The edition's main entrance list, made on first use."""
    found = CheckInList.objects.filter(edition=edition, is_default=True).first()
    if found is not None:
        return found
    checkin_list, _created = CheckInList.objects.get_or_create(
        edition=edition, is_default=True, defaults=DEFAULT_LIST_NAMES
    )
    return checkin_list


def checkin_lists(edition):
    """The edition's lists, the main entrance first (made if it is missing)."""
    default_checkin_list(edition)
    return list(CheckInList.objects.of_edition(edition))


def registration_check_in(*, edition, code, by, checkin_list=None):
    """Admit the holder of `code` to `edition` on `checkin_list` (the main entrance when None),
    once per list; return the checked-in registration.

    Raises CheckInRefused with code `unknown_code` (no such code in this edition, or the
    registration was anonymized), `replaced_code` (the registration's code before a correction
    of its address replaced it), `cancelled`, `waitlisted`, `not_on_list` (the list admits
    other categories) or `already_checked_in`.
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
        return _check_in(
            edition=edition,
            code=code,
            by=by,
            checkin_list=checkin_list or default_checkin_list(edition),
        )
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


def _check_in(*, edition, code, by, checkin_list):
    if checkin_list.edition_id != edition.pk:
        raise ValueError("the check-in list belongs to another edition")
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
            replaced = replaced_code(edition.pk, normalized)
            if replaced is not None:
                raise CheckInRefused(CheckInCode.REPLACED, registration=replaced.registration)
            raise CheckInRefused(CheckInCode.UNKNOWN_CODE)
        _refuse_if_not_admissible(registration, checkin_list)
        admit(registration, checkin_list, by=by, at=timezone.now())
    return registration


def replaced_code(edition_id, code):
    """The RetiredCheckInCode of `code` (normalized) in the edition, with its registration, or
    None (an anonymized registration's old codes are unknown, as its own)."""
    return (
        RetiredCheckInCode.objects.select_related("registration")
        .filter(edition_id=edition_id, code=code, registration__anonymized_at__isnull=True)
        .first()
    )


def _refuse_if_not_admissible(registration, checkin_list):
    """The refusals of a scan, in the order the door needs them (call under the row's lock)."""
    if registration.status == RegistrationStatus.CANCELLED:
        raise CheckInRefused(CheckInCode.CANCELLED, registration=registration)
    if registration.status == RegistrationStatus.WAITLISTED:
        raise CheckInRefused(CheckInCode.WAITLISTED, registration=registration)
    if registration.status != RegistrationStatus.CONFIRMED:  # pending or declined
        raise CheckInRefused(CheckInCode.NOT_APPROVED, registration=registration)
    if not checkin_list.admits(registration.category):
        raise CheckInRefused(CheckInCode.NOT_ON_LIST, registration=registration)
    first = active_checkin(registration, checkin_list)
    if first is not None:
        raise CheckInRefused(CheckInCode.ALREADY_CHECKED_IN, registration=registration, at=first.at)
    if checkin_list.is_default and registration.checked_in_at is not None:
        raise CheckInRefused(CheckInCode.ALREADY_CHECKED_IN, registration=registration)


def active_checkin(registration, checkin_list):
    return (
        CheckIn.objects.active()
        .filter(registration=registration, checkin_list=checkin_list)
        .first()
    )


def admit(registration, checkin_list, *, by, at, duplicate=False, **scan):
    """Write the check-in (the registration's row is locked by the caller) and its log entry;
    on the main entrance list the registration's own `checked_in_at` follows."""
    staff = by if by is not None and by.is_authenticated else None
    checkin = CheckIn.objects.create(
        checkin_list=checkin_list,
        registration=registration,
        at=at,
        by=staff,
        duplicate=duplicate,
        **scan,
    )
    if checkin_list.is_default and not duplicate:
        registration.checked_in_at = at
        registration.checked_in_by = staff
        registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    data = {"list": checkin_list.name_zh, "list_en": checkin_list.name_en}
    if checkin_list.is_default and not duplicate:
        data["changes"] = {"checked_in_at": [None, at.isoformat()]}
    if duplicate:
        data["duplicate"] = True
    audit.log_action(LogAction.CHECKED_IN, by=by, registration=registration, data=data, at=at)
    return checkin


def checkin_undo(*, checkin_list, registration, reason, by):
    """Undo `registration`'s check-in on `checkin_list`, saying why (audited). The check-in
    stays, marked undone; the person may then be checked in again. Raises UndoNeedsReason
    without a reason, UndoRefused when there is no check-in to undo."""
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise UndoNeedsReason(registration=registration)
    now = timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        checkin = active_checkin(locked, checkin_list)
        if checkin is None:
            raise UndoRefused(registration=locked)
        staff = by if by is not None and by.is_authenticated else None
        CheckIn.objects.filter(pk=checkin.pk).update(
            undone_at=now, undone_by=staff, undo_reason=reason
        )
        data = {"list": checkin_list.name_zh, "list_en": checkin_list.name_en, "reason": reason}
        if checkin_list.is_default:
            data["changes"] = {"checked_in_at": [locked.checked_in_at.isoformat(), None]}
            locked.checked_in_at = None
            locked.checked_in_by = None
            locked.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        audit.log_action(LogAction.CHECKIN_UNDONE, by=by, registration=locked, data=data, at=now)
    return locked


@dataclass(frozen=True)
class CheckInCounts:
    checked_in: int
    confirmed: int


def checkin_counts(*, edition, checkin_list=None):
    """Checked in / confirmed (in the list's categories) for the live counter at the door:
    the main entrance when no list is given (one query each)."""
    confirmed = Registration.objects.filter(edition=edition, status=RegistrationStatus.CONFIRMED)
    if checkin_list is None or checkin_list.is_default:
        if checkin_list is not None and checkin_list.categories:
            confirmed = confirmed.filter(category__in=checkin_list.categories)
        counts = confirmed.aggregate(
            confirmed=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        return CheckInCounts(checked_in=counts["checked_in"], confirmed=counts["confirmed"])
    if checkin_list.categories:
        confirmed = confirmed.filter(category__in=checkin_list.categories)
    active = CheckIn.objects.active().filter(checkin_list=checkin_list)
    counts = confirmed.aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(pk__in=active.values("registration_id"))),
    )
    return CheckInCounts(checked_in=counts["checked_in"], confirmed=counts["confirmed"])


# The fewest digits of a phone number worth searching for (fewer match half the list).
PHONE_DIGITS_MIN = 4
SEARCH_LIMIT = 20


def door_search(*, edition, query, checkin_list, limit=SEARCH_LIMIT):
    """Registrations of `edition` whose name or organization contains `query`, or whose mobile
    number contains its digits (at least four): for the person who lost their code. Each comes
    with `list_checkins`, its active check-in on `checkin_list` (empty or one). Two queries."""
    query = " ".join((query or "").split())
    if not query:
        return []
    matches = Q(name__icontains=query) | Q(organization__icontains=query)
    digits = re.sub(r"\D", "", query)
    if len(digits) >= PHONE_DIGITS_MIN:
        matches |= Q(mobile__contains=digits)
    found = (
        Registration.objects.filter(matches, edition=edition, anonymized_at__isnull=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .only("name", "organization", "category", "status", "checkin_code", "edition_id")
        .prefetch_related(
            Prefetch(
                "checkins",
                queryset=CheckIn.objects.active().filter(checkin_list=checkin_list),
                to_attr="list_checkins",
            )
        )
        .order_by("name", "pk")
    )
    return list(found[:limit])


# --- The offline door ----------------------------------------------------------------------------
#
# Modelled on pretix's offline scanning: the door page keeps a copy of the list on the device,
# decides scans alone while the network is down, and uploads them when it returns, each with a
# nonce so an upload repeated after a lost answer is recorded once. The server has the last
# word: a scan of a code another device had already admitted is still recorded (the person is
# inside, the device let them in), marked as a duplicate, and reported.


class OfflineOutcome:
    ADMITTED = "admitted"
    DUPLICATE = "admitted_twice"  # another device had admitted this code on this list
    REFUSED = "refused"  # the server would not have admitted them (cancelled, other category…)
    REPLACED = "replaced_code"  # scanned after the code was replaced: nobody admitted
    UNKNOWN = "unknown_code"
    ALREADY_RECORDED = "already_recorded"  # this scan (nonce) was uploaded before


# How far in the future a device's clock may put a scan before the server's time is used.
CLOCK_SKEW = 300  # seconds
OFFLINE_SCANS_MAX = 500  # per upload


def offline_list(*, checkin_list):
    """The copy of the list a door device keeps: every registration of the edition a scan could
    meet, with what the device needs to decide alone. One query."""
    on_this_list = Q(
        checkins__checkin_list=checkin_list,
        checkins__undone_at__isnull=True,
        checkins__duplicate=False,
    )
    rows = (
        Registration.objects.filter(edition_id=checkin_list.edition_id, anonymized_at__isnull=True)
        .annotate(on_list=Count("checkins", filter=on_this_list))
        .values_list("checkin_code", "name", "organization", "category", "status", "on_list")
        .order_by("pk")
    )
    return [
        {
            "code": code,
            "name": name,
            "organization": organization,
            "category": category,
            "status": status,
            "admitted": bool(on_list),
        }
        for code, name, organization, category, status, on_list in rows
    ]


def offline_replaced_codes(*, checkin_list):
    """The edition's replaced codes, for the device's copy of the list: offline, it refuses
    them as the server does, naming whose they were. One query."""
    rows = (
        RetiredCheckInCode.objects.filter(
            edition_id=checkin_list.edition_id, registration__anonymized_at__isnull=True
        )
        .values_list("code", "registration__name", "registration__organization")
        .order_by("pk")
    )
    return [
        {"code": code, "name": name, "organization": organization}
        for code, name, organization in rows
    ]


def checkin_offline_scan(*, checkin_list, code, at, nonce, device, by):
    """Record one scan a device made offline; its OfflineOutcome. `at` is the device's time
    (never later than now plus CLOCK_SKEW). A replaced code scanned before it was replaced is
    its registration's; scanned after, it admitted nobody (REPLACED, nothing recorded)."""
    now = timezone.now()
    if at is None or at > now + datetime.timedelta(seconds=CLOCK_SKEW):
        at = now
    nonce = (nonce or "")[:64]
    if nonce and CheckIn.objects.filter(nonce=nonce).exists():
        return OfflineOutcome.ALREADY_RECORDED
    normalized = normalize_checkin_code(code)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(
                edition_id=checkin_list.edition_id,
                checkin_code=normalized,
                anonymized_at__isnull=True,
            )
            .first()
        )
        if not normalized:
            return OfflineOutcome.UNKNOWN
        if registration is None:
            replaced = replaced_code(checkin_list.edition_id, normalized)
            if replaced is None:
                return OfflineOutcome.UNKNOWN
            if at >= replaced.retired_at:
                return OfflineOutcome.REPLACED
            # Scanned while the code was still the registrant's: an admission like any other.
            registration = Registration.objects.select_for_update().get(pk=replaced.registration_id)
        if registration.status != RegistrationStatus.CONFIRMED or not checkin_list.admits(
            registration.category
        ):
            return OfflineOutcome.REFUSED
        if nonce and CheckIn.objects.filter(nonce=nonce).exists():  # raced by the same upload
            return OfflineOutcome.ALREADY_RECORDED
        first = active_checkin(registration, checkin_list)
        already = first is not None or (
            checkin_list.is_default and registration.checked_in_at is not None
        )
        admit(
            registration,
            checkin_list,
            by=by,
            at=at,
            duplicate=already,
            device=(device or "")[:40],
            nonce=nonce,
            offline=True,
        )
    return OfflineOutcome.DUPLICATE if already else OfflineOutcome.ADMITTED


def checkin_sync(*, checkin_list, scans, device, by):
    """Record a device's offline scans (a list of {"code", "at", "nonce"}); one result per scan,
    in order. Unknown codes count towards the staff user's limit, as at the door; past it the
    rest of the upload is refused (`too_many_unknown_codes`) and the device keeps it."""
    who = by.pk if by is not None and by.is_authenticated else "anonymous"
    results = []
    for scan in scans[:OFFLINE_SCANS_MAX]:
        if _too_many_unknown_codes(who, count_this_one=False):
            results.append({"nonce": scan.get("nonce"), "outcome": "too_many_unknown_codes"})
            continue
        outcome = checkin_offline_scan(
            checkin_list=checkin_list,
            code=str(scan.get("code", ""))[:64],
            at=_parse_time(scan.get("at")),
            nonce=str(scan.get("nonce", "")),
            device=device,
            by=by,
        )
        if outcome == OfflineOutcome.UNKNOWN:
            _too_many_unknown_codes(who, count_this_one=True)
        results.append({"nonce": scan.get("nonce"), "outcome": outcome})
    return results


def _parse_time(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def admitted_twice(*, checkin_list):
    """The report of codes admitted twice on this list (by two devices offline): each duplicate
    with the registration and the first admission. Two queries."""
    duplicates = list(
        CheckIn.objects.duplicates()
        .filter(checkin_list=checkin_list)
        .select_related("registration", "by")
        .order_by("-at", "-pk")
    )
    firsts = {
        checkin.registration_id: checkin
        for checkin in CheckIn.objects.active()
        .filter(
            checkin_list=checkin_list,
            registration_id__in=[d.registration_id for d in duplicates],
        )
        .select_related("by")
    }
    return [(duplicate, firsts.get(duplicate.registration_id)) for duplicate in duplicates]
