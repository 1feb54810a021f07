"""Reads about registration: window state for the public pages, seats, a registrant's data."""

from django.utils import timezone

from forum.models import PrivacyNotice, Registration, RegistrationSettings

from .enums import RegistrationStatus, RegistrationWindowState


def registration_settings_for(edition):
    try:
        return edition.registration_settings
    except RegistrationSettings.DoesNotExist:
        return None


def privacy_notice_for(settings=None):
    """The notice a registrant accepts: the edition's own, else the newest in force."""
    if settings is not None and settings.privacy_notice_id:
        return settings.privacy_notice
    return PrivacyNotice.objects.in_force().first()


def seats_taken(settings):
    return Registration.objects.filter(edition_id=settings.edition_id).confirmed().count()


def registration_state(edition, now=None, *, count_seats=True):
    """not_yet_open / open / full (new registrants wait) / closed, or none when the edition
    offers no registration. With count_seats=False, an open window is "open" whether or not
    seats remain (one query less, for the submission path, which accepts both)."""
    settings = registration_settings_for(edition)
    if settings is None:
        return RegistrationWindowState.NONE
    now = now or timezone.now()
    if now < settings.opens_at:
        return RegistrationWindowState.NOT_YET_OPEN
    if now >= settings.closes_at:
        return RegistrationWindowState.CLOSED
    if count_seats and seats_taken(settings) >= settings.capacity:
        return RegistrationWindowState.FULL
    return RegistrationWindowState.OPEN


def registration_by_token(token):
    """The registration behind a private ticket link, or None."""
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.select_related("edition__forum", "privacy_notice")
        .filter(token=token, anonymized_at__isnull=True)
        .first()
    )


def waitlist_position(registration):
    """1 for the first in line (of the whole edition's waiting list), None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    earlier = (
        Registration.objects.filter(edition_id=registration.edition_id)
        .waitlisted()
        .filter(created_at__lte=registration.created_at)
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
    )
    return earlier.count()


def registration_counts(edition):
    """{status: {category: n}} for dashboards; zeros included."""
    from django.db.models import Count

    from .enums import AttendeeCategory

    counts = {s: dict.fromkeys(AttendeeCategory.values, 0) for s in RegistrationStatus.values}
    rows = (
        Registration.objects.filter(edition=edition)
        .values("status", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["status"]][row["category"]] = row["n"]
    return counts


def registration_personal_data(registration):
    """Everything stored about the registrant (PIPL right of access), JSON-ready."""

    def iso(value):
        return value.isoformat() if value else None

    return {
        "edition": str(registration.edition),
        "status": registration.status,
        "category": registration.category,
        "name": registration.name,
        "email": registration.email,
        "mobile": registration.mobile,
        "organization": registration.organization,
        "title": registration.title,
        "sectors_of_interest": [s.name_zh for s in registration.sectors.all()],
        "needs": registration.needs,
        "language": registration.language,
        "privacy_notice_version": registration.privacy_notice.version,
        "consented_at": iso(registration.consented_at),
        "checkin_code": registration.checkin_code,
        "registered_at": iso(registration.created_at),
        "promoted_at": iso(registration.promoted_at),
        "cancelled_at": iso(registration.cancelled_at),
        "checked_in_at": iso(registration.checked_in_at),
        "emails": [
            {"kind": e.kind, "status": e.status, "sent_at": iso(e.sent_at)}
            for e in registration.emails.order_by("created_at", "pk")
        ],
    }
