"""Editions as iCalendar (RFC 5545), written by the icalendar library: one edition's file for
"add to calendar", and the subscribable feed of every published edition whose day is known.

An edition with an exact day is an all-day event over its day(s), or a timed event in Shanghai
time once its start time is known; one whose day is not known yet has no calendar entry.
"""

import datetime
import zoneinfo
from urllib.parse import quote as urlquote

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forum.enums import EditionStatus

PRODUCT_ID = "-//Youth 50 Forum//Editions//EN"


def _event(edition, request, stamp):
    event = Event()
    event.add("uid", f"edition-{edition.forum.slug}-{edition.number}@youth50")
    event.add("dtstamp", stamp)
    if edition.starts_at is not None:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        event.add("dtstart", edition.starts_at.astimezone(zone))
        if edition.ends_at is not None:
            event.add("dtend", edition.ends_at.astimezone(zone))
    else:
        event.add("dtstart", edition.start_date)
        event.add("dtend", edition.last_day + datetime.timedelta(days=1))
    event.add("summary", edition.full_title)
    location = ", ".join(part for part in (edition.venue, edition.venue_address) if part)
    if location:
        event.add("location", location)
    description = edition.theme or edition.description
    if description:
        event.add("description", description)
    event.add("url", request.build_absolute_uri(edition.get_absolute_url()))
    event.add("status", "CANCELLED" if edition.status == EditionStatus.CANCELLED else "CONFIRMED")
    return event


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def edition_calendar(edition, request):
    """One edition's calendar file (bytes), or None while its day is not known."""
    if not edition.has_exact_date:
        return None
    calendar = _calendar(edition.full_title)
    calendar.add_component(_event(edition, request, timezone.now()))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def editions_feed(editions, request, *, name):
    """The feed of `editions` with a known day (bytes); valid, with no event, when none has."""
    calendar = _calendar(name)
    stamp = timezone.now()
    for edition in editions:
        if edition.has_exact_date:
            calendar.add_component(_event(edition, request, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def map_links(edition):
    """[(label, url)] opening the venue in the usual map apps: plain links, no script or tile.
    Empty when the edition has no venue."""
    place = " ".join(part for part in (edition.venue_address, edition.venue) if part)
    if not place:
        return []
    if "上海" not in place and "Shanghai" not in place:
        place = f"{place} {_('Shanghai')}"
    query = urlquote(place)
    return [
        (_("Amap"), f"https://uri.amap.com/search?keyword={query}"),
        (_("Baidu Maps"), f"https://map.baidu.com/search/{query}"),
        (_("Apple Maps"), f"https://maps.apple.com/?q={query}"),
        (_("OpenStreetMap"), f"https://www.openstreetmap.org/search?query={query}"),
    ]
