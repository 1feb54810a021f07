"""An edition's statistics for its organizers: registrations per day over the window and per
category (by status), check-ins per quarter hour on each check-in list, and the use of each
count of seats (the public capacity, the guest reserve, the category quotas and the invitation
codes' seats). Reads only, in a fixed number of queries whatever the number of registrations;
days and quarter hours are the forum's (Asia/Shanghai), whoever looks.

Each part is a `CountTable`: the same numbers make the page's table and its chart.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.common.dates import format_month_day

from .door_models import CheckIn, CheckInList
from .enums import AttendeeCategory, RegistrationStatus
from .invitation_models import InvitationCode
from .models import Registration
from .selectors import edition_counts, registration_settings_for

QUARTER_HOUR = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class CountTable:
    """Counts per row (a day, a category, a quarter hour, a count of seats) and column."""

    rows: list  # [(row heading, [count per column])]
    columns: list  # column headings

    @property
    def is_empty(self):
        return not any(any(counts) for _heading, counts in self.rows)

    def headings(self):
        return [heading for heading, _counts in self.rows]

    def series(self):
        """[(column heading, [count per row])], what a chart draws."""
        return [
            (column, [counts[index] for _heading, counts in self.rows])
            for index, column in enumerate(self.columns)
        ]

    def totals(self):
        return [
            sum(counts[index] for _heading, counts in self.rows)
            for index in range(len(self.columns))
        ]


@dataclass(frozen=True)
class EditionStatistics:
    edition: object
    per_day: CountTable
    per_category: CountTable
    checkins: CountTable
    seats: CountTable

    @property
    def is_empty(self):
        return self.per_category.is_empty and self.checkins.is_empty


def edition_statistics(edition, *, today=None):
    """The four tables of `edition` (seven queries). `today` (the forum's date) ends the days of
    a window still open."""
    counts = edition_counts(edition)
    statuses = _statuses_seen(counts)
    return EditionStatistics(
        edition=edition,
        per_day=_per_day(edition, statuses, today or timezone.localdate()),
        per_category=_per_category(counts, statuses),
        checkins=_checkins(edition),
        seats=_seats(edition, counts),
    )


def _statuses_seen(counts):
    """The statuses some registration of the edition has (confirmed always): a column each."""
    return [
        status
        for status in RegistrationStatus
        if status == RegistrationStatus.CONFIRMED or counts.by_status.get(status.value)
    ]


def _per_day(edition, statuses, today):
    zone = timezone.get_default_timezone()
    grouped = (
        Registration.objects.filter(edition=edition)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_day = {}
    for row in grouped:
        by_day.setdefault(row["day"], {})[row["status"]] = row["n"]
    days = set(by_day)
    registration_settings = registration_settings_for(edition)
    if registration_settings is not None:
        opens = timezone.localtime(registration_settings.opens_at, zone).date()
        closes = timezone.localtime(registration_settings.closes_at, zone).date()
        if opens <= today:
            days |= {opens, min(closes, today)}
    if not days:
        return CountTable(rows=[], columns=[status.label for status in statuses])
    first, last = min(days), max(days)
    rows = []
    for offset in range((last - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        counts = by_day.get(day, {})
        rows.append(
            (
                format_month_day(day),
                [counts.get(status.value, 0) for status in statuses],
            )
        )
    return CountTable(rows=rows, columns=[status.label for status in statuses])


def _per_category(counts, statuses):
    rows = []
    for category in AttendeeCategory:
        by_status = counts.by_category.get(category.value, {})
        rows.append((category.label, [by_status.get(status.value, 0) for status in statuses]))
    return CountTable(rows=rows, columns=[status.label for status in statuses])


def _checkins(edition):
    """Admissions that stand, per quarter hour (rows) and list (columns); each day with
    check-ins runs from its first quarter hour to its last, empty ones included."""
    zone = timezone.get_default_timezone()
    lists = list(CheckInList.objects.of_edition(edition))
    column = {checkin_list.pk: index for index, checkin_list in enumerate(lists)}
    by_slot = {}
    admissions = (
        CheckIn.objects.active()
        .filter(checkin_list__edition=edition)
        .values_list("checkin_list_id", "at")
        .order_by()
    )
    for checkin_list_id, at in admissions:
        local = timezone.localtime(at, zone)
        slot = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
        counts = by_slot.setdefault(slot, [0] * len(lists))
        counts[column[checkin_list_id]] += 1
    columns = [str(checkin_list.name) for checkin_list in lists]
    if not by_slot:
        return CountTable(rows=[], columns=columns)
    several_days = len({slot.date() for slot in by_slot}) > 1
    rows = []
    for day in sorted({slot.date() for slot in by_slot}):
        slots = [slot for slot in by_slot if slot.date() == day]
        slot, last = min(slots), max(slots)
        while slot <= last:
            heading = formats.time_format(slot, "H:i")
            if several_days:
                heading = f"{format_month_day(slot.date())} {heading}"
            rows.append((heading, by_slot.get(slot, [0] * len(lists))))
            slot = (slot + QUARTER_HOUR).astimezone(zone)
    return CountTable(rows=rows, columns=columns)


def _seats(edition, counts):
    """Each count of seats: its size, the seats confirmed in it, those held for an e-mail
    confirmation (taken until released) and those still free."""
    columns = [_("Seats"), _("Taken"), pgettext("seats", "Held"), _("Free")]
    rows = []
    unconfirmed = RegistrationStatus.UNCONFIRMED.value

    def add(heading, seats, taken, held):
        rows.append((heading, [seats, taken, held, max(seats - taken - held, 0)]))

    if counts.capacity is not None:
        add(_("Public capacity"), counts.capacity, counts.public_taken - counts.held, counts.held)
        if counts.reserved_seats or counts.reserved_taken:
            add(_("Guest reserve"), counts.reserved_seats, counts.reserved_taken, 0)
    for category in AttendeeCategory:
        quota = counts.quotas.get(category.value)
        if quota is not None:
            by_status = counts.by_category.get(category.value, {})
            # The guest reserve counts in no quota (seat_lock.has_seat).
            taken = by_status.get(RegistrationStatus.CONFIRMED, 0) - by_status.get("reserved", 0)
            held = by_status.get(unconfirmed, 0)
            add(_("Quota: %(category)s") % {"category": category.label}, quota, taken, held)
    codes = (
        InvitationCode.objects.filter(edition=edition, seats__isnull=False)
        .annotate(
            taken=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            held=Count("registrations", filter=Q(registrations__status=unconfirmed)),
        )
        .order_by("code")
    )
    for code in codes:
        add(_("Invitation code %(code)s") % {"code": code.code}, code.seats, code.taken, code.held)
    return CountTable(rows=rows, columns=columns)
