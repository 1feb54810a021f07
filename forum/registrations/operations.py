"""The organizers' side of registration: correcting a registrant's details, the per-edition
dashboard's counts, and anonymization once the retention period has passed.

Seat-changing rules (create, cancel, promote, delete) stay in services.py; check-in in
checkin.py. Nothing here writes a registrant's data to a log line: only ids and counts.
"""

import calendar
import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from config.common.dates import DatePrecision
from forum.models import Edition, Registration, RegistrationEmail

from .codes import new_token
from .enums import AttendeeCategory, RegistrationStatus

logger = logging.getLogger(__name__)

DETAIL_FIELDS = ("name", "organization", "title", "mobile", "needs")


def registration_details_save(*, registration):
    """Save an organizer's correction of a registrant's details (a misspelt name on a badge).

    Status, category, e-mail and consent are not details: they change only through the
    services that keep seats and the audit trail right."""
    with transaction.atomic():
        registration.full_clean(exclude=["sectors"], validate_constraints=False)
        registration.save(update_fields=[*DETAIL_FIELDS, "updated_at"])
    return registration


# --- The dashboard -----------------------------------------------------------------------------


@dataclass
class EditionCounts:
    edition: Edition
    capacity: int | None = None
    by_status: dict = field(default_factory=dict)
    by_category: dict = field(default_factory=dict)
    checked_in: int = 0
    quotas: dict = field(default_factory=dict)

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
    """Counts by status and category for every edition that has registration: two queries."""
    editions = (
        Edition.objects.filter(
            Q(registration_settings__isnull=False) | Q(registrations__isnull=False)
        )
        .distinct()
        .select_related("forum", "registration_settings")
        .prefetch_related("registration_settings__quotas")
        .order_by("-year", "-number")
    )
    by_edition = {}
    for edition in editions:
        counts = EditionCounts(edition=edition)
        settings = getattr(edition, "registration_settings", None)
        if settings is not None:
            counts.capacity = settings.capacity
            counts.quotas = {quota.category: quota.quota for quota in settings.quotas.all()}
        by_edition[edition.pk] = counts
    grouped = (
        Registration.objects.filter(edition_id__in=list(by_edition))
        .values("edition_id", "status", "category")
        .annotate(
            n=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by()
    )
    for row in grouped:
        counts = by_edition[row["edition_id"]]
        counts.by_status[row["status"]] = counts.by_status.get(row["status"], 0) + row["n"]
        per_category = counts.by_category.setdefault(row["category"], {})
        per_category[row["status"]] = row["n"]
        if row["status"] == RegistrationStatus.CONFIRMED:
            per_category["checked_in"] = row["checked_in"]
            counts.checked_in += row["checked_in"]
    return list(by_edition.values())


# --- Anonymization (PIPL: keep personal data no longer than the notice says) -------------------


def edition_ended_on(edition):
    """The last day of an edition, as far as its stored date tells; None when unknown.

    A date known only to the year or month ends at the end of that year or month, so data is
    never anonymized before the edition can have ended."""
    if edition.end_date:
        return edition.end_date
    start = edition.start_date
    if start is None:
        return None
    if edition.start_precision in (DatePrecision.YEAR, DatePrecision.YEAR_END):
        return datetime.date(start.year, 12, 31)
    if edition.start_precision == DatePrecision.MONTH:
        return datetime.date(
            start.year, start.month, calendar.monthrange(start.year, start.month)[1]
        )
    return start


@dataclass
class AnonymizeReport:
    anonymized: int = 0
    editions: list = field(default_factory=list)
    skipped_without_date: list = field(default_factory=list)


def _expired(registrations, today):
    """The registrations whose edition ended more than their notice's retention period ago."""
    expired = []
    for registration in registrations:
        ended = edition_ended_on(registration.edition)
        retention = datetime.timedelta(days=registration.privacy_notice.retention_days)
        if ended is not None and ended + retention < today:
            expired.append(registration)
    return expired


def registrations_anonymize_expired(*, today=None, dry_run=False):
    """Strip the personal data from every registration past its retention period.

    Kept: edition, status, category, language, the notice version and consent time, check-in
    time: the counts organizers report stay right. Gone: name, e-mail, mobile, organization,
    title, needs, sectors of interest, the e-mails' error texts; the ticket token is replaced,
    so the old private link opens nothing. Idempotent: anonymized rows are not touched again.
    """
    today = today or timezone.localdate()
    report = AnonymizeReport()
    candidates = list(
        Registration.objects.filter(anonymized_at__isnull=True)
        .select_related("edition", "privacy_notice")
        .only(
            "pk",
            "edition__id",
            "edition__number",
            "edition__year",
            "edition__start_date",
            "edition__start_precision",
            "edition__end_date",
            "privacy_notice__retention_days",
        )
    )
    for registration in candidates:
        edition = registration.edition
        if edition_ended_on(edition) is None and edition not in report.skipped_without_date:
            report.skipped_without_date.append(registration.edition)
    expired = _expired(candidates, today)
    report.anonymized = len(expired)
    report.editions = sorted({r.edition.pk for r in expired})
    if dry_run or not expired:
        return report
    now = timezone.now()
    with transaction.atomic():
        ids = [registration.pk for registration in expired]
        rows = list(Registration.objects.select_for_update().filter(pk__in=ids))
        for row in rows:
            row.name = ""
            row.email = ""
            row.mobile = ""
            row.organization = ""
            row.title = ""
            row.needs = ""
            row.token = new_token()
            row.anonymized_at = now
        Registration.objects.bulk_update(
            rows,
            ["name", "email", "mobile", "organization", "title", "needs", "token", "anonymized_at"],
            batch_size=500,
        )
        Registration.sectors.through.objects.filter(registration_id__in=ids).delete()
        RegistrationEmail.objects.filter(registration_id__in=ids).update(last_error="")
    logger.info("anonymized %d registrations of editions %s", len(ids), report.editions)
    return report
