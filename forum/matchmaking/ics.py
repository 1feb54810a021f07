"""A participant's meetings as a calendar file (RFC 5545), one event per meeting."""

import hashlib
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODUCT_ID = "-//Youth 50 Forum//Matchmaking//EN"


def agenda_calendar(*, meetings, edition, url, uid_seed):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for meeting in meetings:
        event = Event()
        seed = f"{uid_seed}:{meeting.pk}".encode()
        event.add("uid", f"{hashlib.sha256(seed).hexdigest()[:32]}@youth50")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.slot.starts_at.astimezone(zone))
        event.add("dtend", meeting.slot.ends_at.astimezone(zone))
        event.add(
            "summary",
            _("Meeting with %(organization)s") % {"organization": meeting.other.organization},
        )
        location = _("Table %(table)s") % {"table": meeting.table}
        if edition.venue:
            location = f"{location}, {edition.venue}"
        event.add("location", location)
        event.add("description", edition.full_title)
        event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
