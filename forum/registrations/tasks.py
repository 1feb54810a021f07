"""E-mail delivery through Django's tasks framework, with retries.

Each e-mail owed is a RegistrationEmail row (the outbox). The task sends it; a failure leaves the
row FAILED and, where the backend can defer (django-tasks-db in production), queues a retry with
back-off; `manage.py retry_registration_emails` re-queues whatever is still owed (cron, or by
hand after a mail outage). Log lines carry ids only, never registrant data.
"""

import datetime
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .enums import EmailStatus
from .mail import build_message
from .models import RegistrationEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def retry_delay(attempts):
    """1, 2, 4 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 60))


@task
def send_registration_email(email_id):
    with transaction.atomic():
        email = (
            RegistrationEmail.objects.select_for_update()
            .select_related("registration__edition__forum")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.status in (EmailStatus.SENT, EmailStatus.GAVE_UP):
            return "skipped"
        try:
            build_message(email).send()
        except Exception as exc:  # any mailer failure: keep the row, retry later
            email.attempts += 1
            email.last_error = type(exc).__name__[:200]
            email.status = (
                EmailStatus.GAVE_UP if email.attempts >= MAX_ATTEMPTS else EmailStatus.FAILED
            )
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            logger.warning(
                "registration e-mail %s failed (attempt %s): %s",
                email.pk,
                email.attempts,
                email.last_error,
            )
            if email.status == EmailStatus.FAILED:
                transaction.on_commit(lambda: _schedule_retry(email.pk, email.attempts))
            return "failed"
        email.attempts += 1
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
    logger.info("registration e-mail %s sent", email_id)
    return "sent"


def _schedule_retry(email_id, attempts):
    if send_registration_email.get_backend().supports_defer:
        send_registration_email.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(
            email_id
        )


def enqueue_email(email_id):
    send_registration_email.enqueue(email_id)


def retry_owed_emails(older_than=datetime.timedelta(minutes=5)):
    """Queue again every e-mail still owed (failed, or pending for a while). Returns how many."""
    cutoff = timezone.now() - older_than
    owed = RegistrationEmail.objects.filter(status=EmailStatus.FAILED) | (
        RegistrationEmail.objects.filter(status=EmailStatus.PENDING, created_at__lt=cutoff)
    )
    ids = list(owed.values_list("pk", flat=True))
    for email_id in ids:
        enqueue_email(email_id)
    return len(ids)
