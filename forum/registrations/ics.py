"""An RFC 5545 calendar file for an edition: escaped text, folded lines, CRLF, Asia/Shanghai."""

import datetime
import hashlib

from django.utils import timezone

from config.common.dates import DatePrecision

SHANGHAI_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value):
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character;
    continuation lines start with one space (RFC 5545 §3.1)."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not chunks else 74  # the leading space counts on continuation lines
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _local(dt):
    return timezone.localtime(dt, datetime.timezone(datetime.timedelta(hours=8))).strftime(
        "%Y%m%dT%H%M%S"
    )


def edition_event(*, edition, summary, description, url, uid_seed, starts_at=None, ends_at=None):
    """The calendar text, or None when the edition's day is not known."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Youth 50 Forum//Registration//EN"]
    lines += ["CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if starts_at:
        lines += SHANGHAI_VTIMEZONE
    elif not edition.start_date or edition.start_precision != DatePrecision.DAY:
        return None
    uid = hashlib.sha256(uid_seed.encode()).hexdigest()[:32]
    event = [
        "BEGIN:VEVENT",
        f"UID:{uid}@youth50",
        "DTSTAMP:" + timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"),
    ]
    if starts_at:
        event.append(f"DTSTART;TZID=Asia/Shanghai:{_local(starts_at)}")
        event.append(f"DTEND;TZID=Asia/Shanghai:{_local(ends_at or starts_at)}")
    else:
        last = edition.end_date or edition.start_date
        event.append(f"DTSTART;VALUE=DATE:{edition.start_date:%Y%m%d}")
        event.append(f"DTEND;VALUE=DATE:{last + datetime.timedelta(days=1):%Y%m%d}")
    event.append(f"SUMMARY:{escape_text(summary)}")
    if edition.venue:
        event.append(f"LOCATION:{escape_text(edition.venue)}")
    event.append(f"DESCRIPTION:{escape_text(description)}")
    event.append(f"URL:{url}")
    event.append("END:VEVENT")
    lines += [*event, "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
