"""Retention (PIPL): personal data is kept no longer than the privacy notice says.

Once an edition ended longer ago than the retention period of the notice a registrant accepted,
their registration is anonymized: the counts organizers report stay right, the person is gone.
Nothing here writes a registrant's data to a log line: only ids and counts.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import audit
from .codes import new_token
from .models import Answer, Registration, RegistrationEmail
from .signals import registrations_anonymized

logger = logging.getLogger(__name__)


@dataclass
class AnonymizeReport:
    anonymized: int = 0
    editions: list = field(default_factory=list)
    skipped_without_date: list = field(default_factory=list)


def _expired(registrations, today):
    """The registrations whose edition ended more than their notice's retention period ago."""
    expired = []
    for registration in registrations:
        ended = registration.edition.last_day
        retention = datetime.timedelta(days=registration.privacy_notice.retention_days)
        if ended is not None and ended + retention < today:
            expired.append(registration)
    return expired


def registrations_anonymize_expired(*, today=None, dry_run=False):
    """Strip the personal data from every registration past its retention period.

    Kept: edition, status, category, language, the notice version and consent time, check-in
    time: the counts organizers report stay right. Gone: name, e-mail, mobile, organization,
    title, needs, sectors of interest, the e-mails' error texts, the personal values in the
    registration log (a correction's old and new name); the ticket token is replaced, so the old
    private link opens nothing. Idempotent: anonymized rows are not touched again.
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
        if edition.last_day is None and edition not in report.skipped_without_date:
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
            row.email_normalized = ""
            row.mobile = ""
            row.organization = ""
            row.title = ""
            row.needs = ""
            row.consent_note = ""
            row.token = new_token()
            row.anonymized_at = now
        Registration.objects.bulk_update(
            rows,
            [
                "name",
                "email",
                "email_normalized",
                "mobile",
                "organization",
                "title",
                "needs",
                "consent_note",
                "token",
                "anonymized_at",
            ],
            batch_size=500,
        )
        Registration.sectors.through.objects.filter(registration_id__in=ids).delete()
        Answer.objects.filter(registration_id__in=ids).delete()
        RegistrationEmail.objects.filter(registration_id__in=ids).update(
            last_error="", subject="", body=""
        )
        audit.scrub_entries(ids)
        # Apps standing on registration (matchmaking) remove what they keep about these people.
        registrations_anonymized.send(sender=Registration, ids=ids)
    logger.info("anonymized %d registrations of editions %s", len(ids), report.editions)
    return report
