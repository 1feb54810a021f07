"""Reads about registration: window state for the public pages, seats, a registrant's data,
and the organizers' counts per edition.

What the registration form needs on every submission and changes only when organizers edit
it (the edition with its settings, the privacy notice in force, the custom questions) is kept
under the content version (config.common.content_cache): a rush of submissions reads it from
the cache, and any committed change to those rows draws a new version (forum/website/
freshness.py lists them), so it is never stale. Seats are never read from the cache: they are
counted under the edition's lock (seat_lock.py).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.common.content_cache import cached_answer
from forum.models import Edition

from .enums import (
    Actor,
    AttendeeCategory,
    EmailKind,
    EmailStatus,
    LogAction,
    RegistrationStatus,
    RegistrationWindowState,
    Seat,
)
from .models import (
    PrivacyNotice,
    Registration,
    RegistrationLogEntry,
    RegistrationSettings,
    SeatTally,
)


def edition_for_registration(number):
    """The published edition `number` with its forum, registration settings and their own
    privacy notice, or None (kept under the content version)."""
    return cached_answer(
        f"registration-edition:{number}",
        lambda: (
            Edition.objects.published()
            .select_related("forum", "registration_settings__privacy_notice")
            .filter(number=number)
            .first()
        ),
    )


def registration_settings_for(edition):
    try:
        return edition.registration_settings
    except RegistrationSettings.DoesNotExist:
        return None


def privacy_notice_for(registration_settings=None):
    """The notice a registrant accepts: the edition's own, else the newest in force."""
    if registration_settings is not None and registration_settings.privacy_notice_id:
        return registration_settings.privacy_notice
    return privacy_notice_in_force()


def privacy_notice_in_force():
    """The newest notice in force, or None (kept under the content version, and never past the
    moment the next notice takes effect: moments_registration_changes is a content clock)."""
    return cached_answer(
        "registration-privacy-notice", lambda: PrivacyNotice.objects.in_force().first()
    )


def moments_registration_changes():
    """Where the moments at which registration changes with no write are written (a content
    clock): a notice comes into force, a window opens or closes (the form, home and edition
    pages show which)."""
    return [
        (PrivacyNotice.objects.all(), "effective_from"),
        (RegistrationSettings.objects.all(), "opens_at"),
        (RegistrationSettings.objects.all(), "closes_at"),
    ]


def seats_taken(registration_settings):
    """Seats of the public capacity taken: confirmed, or held for an e-mail confirmation (the
    guest reserve is counted apart), as the database keeps them (tally_models.py)."""
    return SeatTally.objects.filter(edition_id=registration_settings.edition_id).taken()["total"]


def registration_state(edition, now=None, *, count_seats=True):
    """not_yet_open / open / full (new registrants wait) / closed, or none when the edition
    offers no registration. With count_seats=False, an open window is "open" whether or not
    seats remain (one query less, for the submission path, which accepts both)."""
    registration_settings = registration_settings_for(edition)
    state = _window_state(registration_settings, now)
    if count_seats and state == RegistrationWindowState.OPEN:
        return _with_seats(state, registration_settings, seats_taken(registration_settings))
    return state


def _window_state(registration_settings, now=None):
    if registration_settings is None:
        return RegistrationWindowState.NONE
    now = now or timezone.now()
    if now < registration_settings.opens_at:
        return RegistrationWindowState.NOT_YET_OPEN
    if now >= registration_settings.closes_at:
        return RegistrationWindowState.CLOSED
    return RegistrationWindowState.OPEN


def _with_seats(state, registration_settings, taken):
    """Full when the window is open and `taken` seats fill the capacity, else `state`."""
    if state == RegistrationWindowState.OPEN and taken >= registration_settings.capacity:
        return RegistrationWindowState.FULL
    return state


def with_registration_settings(editions):
    """`editions` (a queryset) with each one's registration settings read in the same query,
    so that `call_to_register` reads them from the edition."""
    return editions.select_related("registration_settings")


def call_to_register(edition):
    """What the public pages say about registering for `edition`: `state` (none, not_yet_open,
    open, full or closed), the `registration_settings` behind it, the `deadline` (when the
    window closes) and `seats_left` (while the window is open or not yet open; None otherwise).
    The seats taken are counted once, for both."""
    registration_settings = registration_settings_for(edition)
    state = _window_state(registration_settings)
    seats_left = None
    if state in (RegistrationWindowState.OPEN, RegistrationWindowState.NOT_YET_OPEN):
        taken = seats_taken(registration_settings)
        state = _with_seats(state, registration_settings, taken)
        if state != RegistrationWindowState.FULL:
            seats_left = max(registration_settings.capacity - taken, 0)
    return {
        "state": state,
        "registration_settings": registration_settings,
        "deadline": registration_settings.closes_at if registration_settings else None,
        "seats_left": seats_left,
    }


def registration_by_token(token):
    """The registration behind a private ticket link, or None."""
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.select_related("edition__forum", "privacy_notice")
        .filter(token=token, anonymized_at__isnull=True)
        .first()
    )


def ticket_link_issued_at(registration):
    """When the registration's private ticket link was made: at its last replacement (a
    correction to another mailbox, whose log entry names the token as changed:
    ticket_secrets.py), else when the registration was created. The link has reached only the
    e-mails attempted since."""
    replaced_at = (
        RegistrationLogEntry.objects.filter(
            registration=registration,
            action=LogAction.DETAILS_CHANGED,
            data__changes__has_key="token",
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return replaced_at or registration.created_at


def _waiting_up_to(*, edition_id, category, in_line_since, pk):
    """The registrant's category's waiting list up to them, them included: a freed seat goes
    first to the same category (promotion.fill_freed_seat). Values, or OuterRefs naming them."""
    return (
        Registration.objects.filter(edition_id=edition_id, category=category)
        .waitlisted()
        .ahead_in_line_at(in_line_since, pk)
    )


def waitlist_position(registration):
    """1 for the first in line, None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return _waiting_up_to(
        edition_id=registration.edition_id,
        category=registration.category,
        in_line_since=registration.in_line_since,
        pk=registration.pk,
    ).count()


def waitlist_position_of(path):
    """waitlist_position of the registration at `path` of an outer query, as an expression to
    annotate (None when not waiting): a batch of e-mails reads their places in line with their
    rows, not in a query each."""
    line = _waiting_up_to(
        edition_id=OuterRef(f"{path}__edition_id"),
        category=OuterRef(f"{path}__category"),
        in_line_since=OuterRef(f"{path}__in_line_since"),
        pk=OuterRef(f"{path}__pk"),
    )
    count = Subquery(line.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))
    return Case(
        When(**{f"{path}__status": RegistrationStatus.WAITLISTED}, then=count),
        default=None,
        output_field=IntegerField(),
    )


def registration_personal_data(registration):
    """Everything stored about the registrant (PIPL right of access), JSON-ready, in the
    registrant's language: each coded value as {"code", "label"} (the code for programs, the
    label for people), times to the second in the forum's time zone, names in their language,
    and "field_names" saying what each key means."""
    with translation.override(registration.language):
        return _personal_data(registration)


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _coded(choices, value):
    label = choices(value).label if value in choices.values else value
    return {"code": value, "label": str(label)}


def _personal_data(registration):
    edition = registration.edition
    field = Registration._meta.get_field
    data = {
        "edition": f"{edition.forum.name} · {edition.title_with_year}",
        "status": _coded(RegistrationStatus, registration.status),
        "category": _coded(AttendeeCategory, registration.category),
        "name": registration.name,
        "email": registration.email,
        "mobile": registration.mobile,
        "organization": registration.organization,
        "title": registration.title,
        "sectors_of_interest": [
            {"code": sector.slug, "label": sector.name} for sector in registration.sectors.all()
        ],
        "needs": registration.needs,
        "language": {"code": registration.language, "label": _language_name(registration)},
        "privacy_notice_version": registration.privacy_notice.version,
        "consented_at": _moment(registration.consented_at),
        # Registered by an organizer: how consent was obtained (the organizer's account name is
        # theirs, not the registrant's), the seat and whether the ticket e-mail is held.
        "consent_method": registration.consent_method,
        "consent_note": registration.consent_note,
        "seat": registration.seat,
        "email_held": registration.email_held,
        "checkin_code": registration.checkin_code,
        "registered_at": _moment(registration.created_at),
        "promoted_at": _moment(registration.promoted_at),
        "confirm_email_by": _moment(registration.confirm_email_by),
        "must_confirm_email": registration.must_confirm_email,
        "cancelled_at": _moment(registration.cancelled_at),
        "checked_in_at": _moment(registration.checked_in_at),
        "emails": [
            {
                "kind": _coded(EmailKind, e.kind),
                "status": _coded(EmailStatus, e.status),
                "sent_at": _moment(e.sent_at),
            }
            for e in registration.emails.order_by("created_at", "pk")
        ],
        "answers": [
            {"question": answer.question.label, "answer": answer.display(), "value": answer.value}
            for answer in registration.answers.select_related("question")
        ],
        # What was done to the registration, and whether by staff, the registrant or the
        # site's rules: staff members' names are theirs, not the registrant's.
        "history": [
            {
                "action": _coded(LogAction, entry.action),
                "at": _moment(entry.created_at),
                "by": _coded(Actor, entry.actor_kind),
            }
            for entry in registration.log_entries.order_by("created_at", "pk")
        ],
    }
    names = {
        "edition": field("edition").verbose_name,
        "status": field("status").verbose_name,
        "category": field("category").verbose_name,
        "name": field("name").verbose_name,
        "email": field("email").verbose_name,
        "mobile": field("mobile").verbose_name,
        "organization": field("organization").verbose_name,
        "title": field("title").verbose_name,
        "sectors_of_interest": field("sectors").verbose_name,
        "needs": field("needs").verbose_name,
        "language": field("language").verbose_name,
        "privacy_notice_version": _("accepted privacy notice"),
        "consented_at": field("consented_at").verbose_name,
        "checkin_code": field("checkin_code").verbose_name,
        "registered_at": _("registered at"),
        "promoted_at": field("promoted_at").verbose_name,
        "confirm_email_by": field("confirm_email_by").verbose_name,
        "must_confirm_email": field("must_confirm_email").verbose_name,
        "cancelled_at": field("cancelled_at").verbose_name,
        "checked_in_at": field("checked_in_at").verbose_name,
        "answers": _("your answers to the edition's questions"),
        "emails": _("e-mails sent to you"),
        "history": _("history of actions"),
    }
    data["field_names"] = {key: str(name) for key, name in names.items()}
    return data


def _language_name(registration):
    return str(dict(settings.LANGUAGES).get(registration.language, registration.language))


def waitlist_positions(registrations):
    """{registration id: position in its category's waiting list} for the waitlisted ones among
    `registrations`, in one query whatever their number (exports)."""
    waiting = {r.pk for r in registrations if r.status == RegistrationStatus.WAITLISTED}
    if not waiting:
        return {}
    editions = {r.edition_id for r in registrations if r.pk in waiting}
    queue = (
        Registration.objects.filter(edition_id__in=editions)
        .waitlisted()
        .in_line_order("edition_id", "category")
        .values_list("pk", "edition_id", "category")
    )
    positions, counters = {}, {}
    for pk, edition_id, category in queue:
        key = (edition_id, category)
        counters[key] = counters.get(key, 0) + 1
        if pk in waiting:
            positions[pk] = counters[key]
    return positions


# --- The organizers' dashboard ------------------------------------------------------------


@dataclass
class EditionCounts:
    edition: Edition
    capacity: int | None = None
    by_status: dict = field(default_factory=dict)
    by_category: dict = field(default_factory=dict)
    checked_in: int = 0
    quotas: dict = field(default_factory=dict)
    reserved_seats: int = 0
    reserved_taken: int = 0
    emails_held: int = 0

    @property
    def public_taken(self):
        """Seats taken in the public capacity: confirmed, or held for an e-mail confirmation
        (not confirmed yet, but no longer free)."""
        holding = sum(self.by_status.get(s.value, 0) for s in RegistrationStatus.holding_seat())
        return holding - self.reserved_taken

    @property
    def held(self):
        """Seats held for an e-mail confirmation."""
        return self.by_status.get(RegistrationStatus.UNCONFIRMED.value, 0)

    @property
    def total(self):
        return sum(self.by_status.values())

    def status_totals(self):
        return [self.by_status.get(status.value, 0) for status in RegistrationStatus]

    def rows(self):
        """One row per category: counts per status, checked in, quota."""
        statuses = list(RegistrationStatus)
        result = []
        for category in AttendeeCategory:
            counts = self.by_category.get(category.value, {})
            result.append(
                {
                    "category": category.label,
                    "value": category.value,
                    "counts": [counts.get(status.value, 0) for status in statuses],
                    "checked_in": counts.get("checked_in", 0),
                    "quota": self.quotas.get(category.value),
                }
            )
        return result


def registration_dashboard():
    """Counts by status and category for every edition that has registration: three queries."""
    return _edition_counts(
        Edition.objects.filter(
            Q(registration_settings__isnull=False) | Q(registrations__isnull=False)
        ).distinct()
    )


def edition_counts(edition):
    """The dashboard's counts of one edition (its statistics page): three queries."""
    (counts,) = _edition_counts(Edition.objects.filter(pk=edition.pk))
    return counts


def _edition_counts(editions):
    editions = (
        editions.select_related("forum", "registration_settings")
        .prefetch_related("registration_settings__quotas")
        .order_by("-year", "-number")
    )
    by_edition = {}
    for edition in editions:
        counts = EditionCounts(edition=edition)
        registration_settings = getattr(edition, "registration_settings", None)
        if registration_settings is not None:
            counts.capacity = registration_settings.capacity
            counts.reserved_seats = registration_settings.reserved_seats
            counts.quotas = {
                quota.category: quota.quota for quota in registration_settings.quotas.all()
            }
        by_edition[edition.pk] = counts
    grouped = (
        Registration.objects.filter(edition_id__in=list(by_edition))
        .values("edition_id", "status", "category")
        .annotate(
            n=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
            reserved=Count("pk", filter=Q(seat=Seat.RESERVE)),
            held=Count("pk", filter=Q(email_held=True)),
        )
        .order_by()
    )
    for row in grouped:
        counts = by_edition[row["edition_id"]]
        counts.by_status[row["status"]] = counts.by_status.get(row["status"], 0) + row["n"]
        per_category = counts.by_category.setdefault(row["category"], {})
        per_category[row["status"]] = row["n"]
        if row["status"] != RegistrationStatus.CANCELLED:
            counts.emails_held += row["held"]
        if row["status"] == RegistrationStatus.CONFIRMED:
            counts.reserved_taken += row["reserved"]
            per_category["reserved"] = row["reserved"]
            per_category["checked_in"] = row["checked_in"]
            counts.checked_in += row["checked_in"]
    return list(by_edition.values())


def is_confirmed(registration):
    """Holds a seat: confirmed and not anonymized."""
    return (
        registration.status == RegistrationStatus.CONFIRMED and registration.anonymized_at is None
    )


def is_checked_in(registration):
    return registration.checked_in_at is not None
