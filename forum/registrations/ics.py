"""A registrant's calendar file for their edition (RFC 5545), written by the icalendar library:
it escapes, folds and time-zones the text so we don't have to."""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODUCT_ID = "-//Youth 50 Forum//Registration//EN"


def edition_event(*, edition, summary, description, url, uid_seed, starts_at=None, ends_at=None):
    """The calendar file's bytes, or None when the edition's day is not known.

    With `starts_at` (the first session) the event is timed in the site's time zone; otherwise
    it spans the edition's whole day(s)."""
    if starts_at is None and not edition.has_exact_date:
        return None
    event = Event()
    event.add("uid", f"{hashlib.sha256(uid_seed.encode()).hexdigest()[:32]}@youth50")
    event.add("dtstamp", timezone.now())
    if starts_at is not None:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        event.add("dtstart", starts_at.astimezone(zone))
        event.add("dtend", (ends_at or starts_at).astimezone(zone))
    else:
        event.add("dtstart", edition.start_date)
        event.add("dtend", edition.last_day + datetime.timedelta(days=1))
    event.add("summary", summary)
    if edition.venue:
        event.add("location", edition.venue)
    event.add("description", description)
    event.add("url", url)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def edition_session_times(edition):
    """(first session's start, last session's end) from the agenda, or (None, None)."""
    timed = list(edition.agenda_items.order_by("starts_at").values_list("starts_at", "ends_at"))
    timed = [(start, end) for start, end in timed if start is not None]
    if not timed:
        return None, None
    return timed[0][0], max(end or start for start, end in timed)


def registration_calendar(registration, *, url, sessions=None):
    """A registrant's calendar file for their edition (timed by its first and last agenda
    sessions when they have times), or None when the edition's day is not known. `url` is
    their ticket's address; `sessions` the session times (edition_session_times) if already
    read. Written in the active language."""
    edition = registration.edition
    starts_at, ends_at = sessions or edition_session_times(edition)
    return edition_event(
        edition=edition,
        summary=edition.full_title,
        description=_("Your ticket and check-in code: %(url)s") % {"url": url},
        url=url,
        uid_seed=registration.token,
        starts_at=starts_at,
        ends_at=ends_at,
    )
