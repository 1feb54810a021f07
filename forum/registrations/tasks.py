"""The outbox's worker: registration e-mails sent by a task, never under a lock, retried with
back-off, and swept for whatever a dead worker or a lost task left owed.

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

A worker killed mid-send leaves its claim behind. The sweep (sweep_registration_emails) hands a
claim older than REGISTRATION_EMAIL_CLAIM_TIMEOUT back to the queue, queues again an owed
e-mail whose task is long overdue (lost), and marks the dead worker's task result failed. It is
a task in the database queue that re-queues itself every REGISTRATION_EMAIL_SWEEP_INTERVAL
seconds, so it runs wherever `db_worker` runs, without cron; e-mails queued and sent (each
process checks once per sweep interval) and `retry_registration_emails` make sure it is
scheduled, so a broken chain mends itself.

Organizers see failed and given-up e-mails in admin and retry them (registration_email_retry).
Log lines carry ids only, never registrant data.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.common import periodic

from . import audit
from .enums import EmailStatus, LogAction
from .exceptions import EmailNotRetriable
from .mail import build_message
from .message_mail import build_message_email
from .models import RegistrationEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# An owed e-mail whose next attempt is due since this long has lost its task: queue it again.
OVERDUE = datetime.timedelta(minutes=5)
# last_error of an e-mail whose worker stopped while sending it.
CLAIM_EXPIRED = "ClaimExpired"


class WorkerLost(Exception):
    """Recorded on a task result left running by a worker that stopped (see the sweep)."""


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
    _schedule_sweep_now_and_then()
    email = (
        RegistrationEmail.objects.select_related("registration__edition__forum", "message")
        .filter(pk=email_id)
        .first()
    )
    if email is None:  # deleted with its registration in the meantime
        return "skipped"
    build = build_message_email if email.message_id else build_message
    try:
        build(email).send()
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
    this task's claim still stands: a sweep may have handed the e-mail to another worker."""
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


@task
def enqueue_message_emails(message_id):
    """Queue the send of every e-mail a message (or reminder) owes, in the worker: a message
    to a thousand registrants is one task for the request that sends it."""
    ids = list(
        RegistrationEmail.objects.owed()
        .filter(message_id=message_id)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for email_id in ids:
        send_registration_email.enqueue(email_id)
    schedule_sweep()
    return len(ids)


def enqueue_email(email_id):
    """Queue the send of one outbox row (after the commit that wrote it). If the queue cannot
    be written, the row stays pending and the sweep queues it later: a registration that
    committed is never turned into an error by its e-mail."""
    try:
        send_registration_email.enqueue(email_id)
        _schedule_sweep_now_and_then()
    except DatabaseError:
        logger.exception("registration e-mail %s could not be queued; the sweep will", email_id)


# --- The sweep ---------------------------------------------------------------------------------


def sweep_interval():
    return datetime.timedelta(seconds=settings.REGISTRATION_EMAIL_SWEEP_INTERVAL)


@periodic.periodic_task("registrations.email_sweep", every=sweep_interval)
def sweep_registration_emails():
    _close_abandoned_task_results()
    return sweep_owed_emails()


def schedule_sweep(*, delay=datetime.timedelta(0)):
    """Make sure a sweep is waiting in the queue (idempotent; queues one after `delay` if none
    is). Only the database queue has a worker to sweep for: the immediate backend of
    development and tests runs each send at once, so there is nothing to schedule there."""
    return periodic.ensure_queued(sweep_registration_emails, delay=delay)


# When this process last made sure a sweep waits. The sweep queues its own next run, so the
# check is for a broken chain (a fresh database, a queue emptied by hand): once per sweep
# interval finds it, where once per e-mail cost a query on every registration and every send.
_sweep_checked_at = {"monotonic": None}


def _schedule_sweep_now_and_then():
    now = time.monotonic()
    last = _sweep_checked_at["monotonic"]
    if last is not None and now - last < settings.REGISTRATION_EMAIL_SWEEP_INTERVAL:
        return
    schedule_sweep()
    _sweep_checked_at["monotonic"] = now


@receiver(setting_changed)
def _check_the_sweep_again(*, setting, **_kwargs):
    """Another queue (tests switch TASKS) may hold no sweep: the next e-mail checks."""
    if setting in {"TASKS", "REGISTRATION_EMAIL_SWEEP_INTERVAL"}:
        _sweep_checked_at["monotonic"] = None


def _close_abandoned_task_results():
    """The queue's own record of a task whose worker died says "running" for ever. A send or a
    periodic job running for longer than a claim lasts has lost its worker: mark it failed, so the
    task results in admin tell the truth (the e-mail itself is the outbox's business)."""
    now = timezone.now()
    DBTaskResult.objects.filter(
        task_path__in=[
            send_registration_email.module_path,
            *(job.module_path for job in periodic.periodic_jobs().values()),
        ],
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - claim_timeout(),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker running this task stopped before it finished.",
    )


def sweep_owed_emails(*, now=None):
    """Hand expired claims back to the queue and queue again what is long overdue. Returns
    how many e-mails were released from a dead claim, given up and queued."""
    now = now or timezone.now()
    released, gave_up = _release_expired_claims(now)
    overdue = RegistrationEmail.objects.owed().filter(
        Q(pk__in=released) | Q(next_attempt_at__lte=now - OVERDUE)
    )
    queued = _queue_again(overdue, now)
    return {"released": len(released), "gave_up": gave_up, "queued": queued}


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
    # Due from now: the sweep leaves them alone until this queueing is overdue in turn.
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
    schedule_sweep()
    return _queue_again(owed, now)


# --- Organizers ----------------------------------------------------------------------------------


def registration_email_retry(*, email: RegistrationEmail, by=None) -> RegistrationEmail:
    """An organizer (`by`) retries an e-mail that failed or gave up: a fresh round of attempts,
    queued at once, and logged on the registration. Raises EmailNotRetriable for one that is
    sent, being sent or not yet tried."""
    now = timezone.now()
    with transaction.atomic():
        retried = RegistrationEmail.objects.filter(
            pk=email.pk, status__in=[EmailStatus.FAILED, EmailStatus.GAVE_UP]
        ).update(status=EmailStatus.PENDING, attempts=0, next_attempt_at=now, updated_at=now)
        if not retried:
            raise EmailNotRetriable
        audit.log_action(
            LogAction.EMAIL_RETRIED,
            by=by,
            registration=email.registration,
            data={"kind": email.kind},
            at=now,
        )
        transaction.on_commit(lambda: enqueue_email(email.pk))
    logger.info("registration e-mail %s retried by an organizer", email.pk)
    email.refresh_from_db()
    return email
