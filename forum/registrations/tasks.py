"""The outbox's worker: registration e-mails sent by a task, never under a lock, and retried
with back-off.

Each e-mail owed is a RegistrationEmail row. Sending one (send_registration_email) is three
steps, and no database lock or transaction is held while the mail server is talked to:

1. claim: one UPDATE moves the row from pending or failed to sending, with the claim's time,
   and counts the attempt. It locks that row only, for that statement. A row already being sent
   (another worker, a retry racing it) or sent is left alone: an e-mail in flight is never sent
   twice by two tasks.
2. send: the message is built and handed to the mailer outside any transaction; the SMTP mailer
   gives up on a silent server after SMTP_TIMEOUT seconds per step.
3. record: a new short transaction marks the row sent, or failed with the time of the next
   attempt (queued with back-off in the same transaction), or given up after MAX_ATTEMPTS.

A claim older than REGISTRATION_EMAIL_CLAIM_TIMEOUT was left by a worker that died or hung:
`manage.py retry_registration_emails` hands it back to the queue with whatever else is owed.
Log lines carry ids only, never registrant data.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from .enums import EmailStatus
from .mail import build_message
from .models import RegistrationEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# last_error of an e-mail whose worker stopped while sending it.
CLAIM_EXPIRED = "ClaimExpired"


def retry_delay(attempts):
    """1, 2, 4 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 60))


def claim_timeout():
    return datetime.timedelta(seconds=settings.REGISTRATION_EMAIL_CLAIM_TIMEOUT)


# --- Sending one e-mail ------------------------------------------------------------------------


@task
def send_registration_email(email_id):
    claimed_at = _claim(email_id)
    if claimed_at is None:
        return "skipped"  # sent, being sent by another worker, given up, or deleted
    email = (
        RegistrationEmail.objects.select_related("registration__edition__forum")
        .filter(pk=email_id)
        .first()
    )
    if email is None:  # deleted with its registration in the meantime
        return "skipped"
    try:
        build_message(email).send()
    except Exception as exc:  # any mailer failure: keep the row, retry later
        return _record_failure(email, claimed_at, exc)
    _record_sent(email_id)
    logger.info("registration e-mail %s sent", email_id)
    return "sent"


def _claim(email_id):
    """Mark the e-mail as being sent by this task; its claim time, or None if it is not owed."""
    now = timezone.now()
    claimed = (
        RegistrationEmail.objects.owed()
        .filter(pk=email_id)
        .update(
            status=EmailStatus.SENDING,
            claimed_at=now,
            next_attempt_at=None,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    return now if claimed else None


def _record_sent(email_id):
    # Whatever became of the claim meanwhile: the message went out, and that is the truth.
    now = timezone.now()
    RegistrationEmail.objects.filter(pk=email_id).exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.SENT,
        sent_at=now,
        claimed_at=None,
        next_attempt_at=None,
        last_error="",
        updated_at=now,
    )


def _record_failure(email, claimed_at, exc):
    """FAILED with the next attempt queued, or GAVE_UP after the last one. Recorded only while
    this task's claim still stands: its claim may have expired and gone to another worker."""
    error = type(exc).__name__[:200]
    gave_up = email.attempts >= MAX_ATTEMPTS
    now = timezone.now()
    next_attempt_at = None if gave_up else now + retry_delay(email.attempts)
    with transaction.atomic():
        recorded = RegistrationEmail.objects.filter(
            pk=email.pk, status=EmailStatus.SENDING, claimed_at=claimed_at
        ).update(
            status=EmailStatus.GAVE_UP if gave_up else EmailStatus.FAILED,
            claimed_at=None,
            next_attempt_at=next_attempt_at,
            last_error=error,
            updated_at=now,
        )
        if recorded and not gave_up and _can_defer():
            send_registration_email.using(run_after=next_attempt_at).enqueue(email.pk)
    logger.warning(
        "registration e-mail %s failed (attempt %s%s): %s",
        email.pk,
        email.attempts,
        ", gave up" if gave_up else "",
        error,
    )
    return "gave up" if gave_up else "failed"


def _can_defer():
    return send_registration_email.get_backend().supports_defer


def enqueue_email(email_id):
    """Queue the send of one outbox row (after the commit that wrote it)."""
    send_registration_email.enqueue(email_id)


# --- Claims left behind, and retries by hand --------------------------------------------------


def _release_expired_claims(now):
    """An e-mail claimed longer ago than the claim timeout was being sent by a worker that
    died or hung: it is owed again (FAILED, due now), or given up after its last attempt.
    Returns the ids released and how many gave up."""
    expired = RegistrationEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - claim_timeout()
    )
    released, gave_up = [], 0
    for email_id in list(expired.values_list("pk", flat=True)):
        still_expired = expired.filter(pk=email_id)  # unless it was recorded meanwhile
        outcome = {"claimed_at": None, "last_error": CLAIM_EXPIRED, "updated_at": now}
        if still_expired.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=EmailStatus.GAVE_UP, next_attempt_at=None, **outcome
        ):
            gave_up += 1
            logger.warning("registration e-mail %s: its worker stopped; gave up", email_id)
        elif still_expired.update(status=EmailStatus.FAILED, next_attempt_at=now, **outcome):
            released.append(email_id)
            logger.warning("registration e-mail %s: its worker stopped; queued again", email_id)
    return released, gave_up


def _queue_again(queryset, now):
    ids = list(queryset.values_list("pk", flat=True))
    # Due from now: queued, its task is on its way.
    RegistrationEmail.objects.owed().filter(pk__in=ids).update(next_attempt_at=now)
    for email_id in ids:
        send_registration_email.enqueue(email_id)
    return len(ids)


def retry_owed_emails(older_than=datetime.timedelta(minutes=5)):
    """Queue again, now, every e-mail still owed: failed (whatever its back-off), pending for
    a while, or claimed by a worker that stopped. By hand after a mail outage
    (`manage.py retry_registration_emails`). Returns how many."""
    now = timezone.now()
    _release_expired_claims(now)
    owed = RegistrationEmail.objects.filter(
        Q(status=EmailStatus.FAILED)
        | Q(status=EmailStatus.PENDING, created_at__lt=now - older_than)
    )
    return _queue_again(owed, now)
