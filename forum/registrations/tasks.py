"""The outbox's worker: registration e-mails sent in batches by a drain task, never under a
lock, retried with back-off, and swept for whatever a dead worker or a lost task left owed.

Each e-mail owed is a RegistrationEmail row. The drain (drain_registration_emails) sends the
rows that are due, a batch at a time, over one mailer connection, in three steps; no database
lock or transaction is held while the mail server is talked to:

1. claim: one short transaction picks up to BATCH_SIZE due rows (SELECT … FOR UPDATE SKIP
   LOCKED on PostgreSQL: two drains never pick the same row; on SQLite writers are serialized)
   and moves them from pending or failed to sending, with the claim's time, counting the
   attempt. A row already being sent (another drain) or sent is never picked: an e-mail in
   flight is never sent twice by two workers.
2. send: each message is built and handed to the mailer outside any transaction; the SMTP mailer
   gives up on a silent server after SMTP_TIMEOUT seconds per step.
3. record: each e-mail, right after its own send, is marked sent, or failed with the time of
   its next attempt (a drain queued then), or given up after MAX_ATTEMPTS. A send that fails
   ends the batch: the rest, not tried, is handed back unclaimed and due with the failed one
   (the mail server is likely down). So is the rest of a batch that ran past a third of the
   claim timeout, so that no e-mail is still being sent when its claim expires.

A drain that sent a batch smaller than it may claim is keeping up with registrations: it waits
REGISTRATION_EMAIL_BATCH_WAIT before claiming again, so that a rush is sent in batches.

Whatever owes e-mails queues a drain after its commit (queue_drain: one waiting drain is
enough, and a waiting one is reused). A worker killed mid-send leaves its claims behind. The
sweep (sweep_registration_emails) hands a claim older than REGISTRATION_EMAIL_CLAIM_TIMEOUT back
to the queue, queues a drain for owed e-mails whose drain is long overdue (lost), and marks the
dead worker's task result failed. It is a task in the database queue that re-queues itself
every REGISTRATION_EMAIL_SWEEP_INTERVAL seconds, so it runs wherever `db_worker` runs, without
cron; e-mails queued and drains (each process checks once per sweep interval) and
`retry_registration_emails` make sure it is scheduled, so a broken chain mends itself.

Organizers see failed and given-up e-mails in admin and retry them (registration_email_retry).
Log lines carry ids only, never registrant data.
"""

import contextlib
import datetime
import functools
import logging
import time

from django.conf import settings
from django.core import mail
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.dispatch import receiver
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.common import periodic

from . import audit
from .enums import EmailStatus, LogAction
from .exceptions import EmailNotRetriable
from .ics import edition_session_times
from .mail import build_message
from .message_mail import build_message_email
from .models import RegistrationEmail
from .selectors import waitlist_position_of

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


# --- Draining the outbox ------------------------------------------------------------------------

# E-mails claimed at once by a drain: one claim and one read for them all.
BATCH_SIZE = 50


def drain_budget():
    """How long a drain claims and starts sends: a third of the claim timeout, so the last send
    it starts ends (by the SMTP timeout) long before its claim could expire."""
    return claim_timeout() / 3


@task
def drain_registration_emails():
    """Send every e-mail that is due, a batch at a time, until none is left or the drain's
    budget is spent (then the next drain is queued). Returns how many were sent, failed and
    given up."""
    _schedule_sweep_now_and_then()
    outcome = {"sent": 0, "failed": 0, "gave_up": 0}
    started = time.monotonic()
    deadline = started + drain_budget().total_seconds()
    connection = _Connection()
    try:
        while time.monotonic() < deadline:
            claimed_at, ids = _claim_due(BATCH_SIZE)
            if not ids:
                _queue_drain_for_the_next_retry(claimed_at)
                return outcome
            if not _send_batch(claimed_at, ids, deadline, outcome, connection):
                return outcome  # the mail server failed: what is owed waits for its back-off
            if len(ids) < BATCH_SIZE:
                _wait_for_more()
    finally:
        connection.close()
    queue_drain()  # the budget is spent: what is still due goes to the next drain
    return outcome


def _wait_for_more():
    """A worker that keeps up with registrations finds one or two e-mails due at each claim,
    and a claim and a read per e-mail cost as much as writing it: after a short batch it waits
    a moment (REGISTRATION_EMAIL_BATCH_WAIT) for more. Never in the immediate backend of
    development, which drains inside the request that owed the e-mail."""
    wait = settings.REGISTRATION_EMAIL_BATCH_WAIT
    if wait and periodic.has_worker(drain_registration_emails):
        time.sleep(wait)


class _Connection:
    """A drain's one connection to the mail server, opened at its first send and closed when
    the drain ends: a drain that keeps up with registrations claims small batches, one after
    the other, and a connection each cost more than their messages."""

    def __init__(self):
        self.mailer = mail.mailers.default
        self.opened = False

    def send(self, message):
        if not self.opened:
            self.opened = True
            self.mailer.open()
        self.mailer.send_messages([message])

    def close(self):
        if self.opened:
            with contextlib.suppress(Exception):
                self.mailer.close()


def _claim_due(limit):
    """Mark up to `limit` due e-mails as being sent by this drain: their claim time and ids."""
    now = timezone.now()
    due = RegistrationEmail.objects.owed().filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    )
    with transaction.atomic():
        ids = list(
            due.order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            RegistrationEmail.objects.owed().filter(pk__in=ids).update(
                status=EmailStatus.SENDING,
                claimed_at=now,
                next_attempt_at=None,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
    return now, ids


def _queue_drain_for_the_next_retry(now):
    """Leave a drain waiting for the earliest retry still to come: a drain queued for that
    time may have been taken for a run that came earlier (queue_drain reuses a waiting one)."""
    next_attempt_at = (
        RegistrationEmail.objects.owed()
        .filter(next_attempt_at__gt=now)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_attempt_at is not None:
        queue_drain(at=next_attempt_at)


def _send_batch(claimed_at, ids, deadline, outcome, connection):
    """Send the claimed e-mails over the drain's mailer connection, recording each. False when
    the mail server failed: the rest of the batch is handed back, due with the failed e-mail's
    retry."""
    emails = list(
        RegistrationEmail.objects.select_related("registration__edition__forum", "message")
        .annotate(waitlist_position=_waitlist_position())
        .filter(pk__in=ids)
        .order_by("next_attempt_at", "pk")
    )  # an e-mail deleted with its registration meanwhile is simply not there
    session_times = {}  # per edition: one agenda read per batch, not one per e-mail
    for position, email in enumerate(emails):
        if time.monotonic() >= deadline:
            _hand_back(emails[position:], claimed_at, timezone.now())
            return True  # the drain queues the next one
        try:
            message = _build(email, session_times)
        except Exception as exc:  # this e-mail cannot be written: the others still go
            outcome[_record_failure(email, claimed_at, exc)] += 1
            continue
        try:
            connection.send(message)
        except Exception as exc:  # any mailer failure: keep the rows, retry later
            outcome[_record_failure(email, claimed_at, exc)] += 1
            due = email.next_attempt_at or timezone.now() + retry_delay(1)
            _hand_back(emails[position + 1 :], claimed_at, due)
            queue_drain(at=due)
            return False
        _record_sent(email.pk)
        outcome["sent"] += 1
        logger.info("registration e-mail %s sent", email.pk)
    return True


@functools.cache
def _waitlist_position():
    """The batch's places in line, built once: each query resolves its own copy."""
    return waitlist_position_of("registration")


def _build(email, session_times):
    if email.message_id:
        return build_message_email(email)
    edition = email.registration.edition
    if edition.pk not in session_times:
        session_times[edition.pk] = edition_session_times(edition)
    return build_message(
        email, sessions=session_times[edition.pk], position=email.waitlist_position
    )


def _record_sent(email_id):
    # Whatever became of the claim meanwhile: the message went out, and that is the truth.
    # Written as SQL: composing this UPDATE through the ORM cost a tenth of the worker's CPU
    # per e-mail, as every e-mail sent records itself.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = RegistrationEmail._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, claimed_at = NULL,"  # noqa: S608 (the model's own table)
            " next_attempt_at = NULL, last_error = '', updated_at = %s"
            " WHERE id = %s AND status <> %s",
            [EmailStatus.SENT.value, now, now, email_id, EmailStatus.SENT.value],
        )


def _record_failure(email, claimed_at, exc):
    """FAILED with the next attempt queued, or GAVE_UP after the last one. Recorded only while
    this drain's claim still stands: a sweep may have handed the e-mail to another worker.
    Sets `email.next_attempt_at`; returns "failed" or "gave_up"."""
    error = type(exc).__name__[:200]
    gave_up = email.attempts >= MAX_ATTEMPTS
    now = timezone.now()
    email.next_attempt_at = None if gave_up else now + retry_delay(email.attempts)
    with transaction.atomic():
        recorded = RegistrationEmail.objects.filter(
            pk=email.pk, status=EmailStatus.SENDING, claimed_at=claimed_at
        ).update(
            status=EmailStatus.GAVE_UP if gave_up else EmailStatus.FAILED,
            claimed_at=None,
            next_attempt_at=email.next_attempt_at,
            last_error=error,
            updated_at=now,
        )
        if recorded and not gave_up:
            queue_drain(at=email.next_attempt_at)
    logger.warning(
        "registration e-mail %s failed (attempt %s%s): %s",
        email.pk,
        email.attempts,
        ", gave up" if gave_up else "",
        error,
    )
    return "gave_up" if gave_up else "failed"


def _hand_back(emails, claimed_at, due_at):
    """Release claimed e-mails this drain did not try: owed again from `due_at`, their attempt
    not counted (a drain must be queued for them by the caller)."""
    if not emails:
        return
    now = timezone.now()
    RegistrationEmail.objects.filter(
        pk__in=[email.pk for email in emails], status=EmailStatus.SENDING, claimed_at=claimed_at
    ).update(
        status=Case(
            When(attempts__lte=1, then=Value(EmailStatus.PENDING)),
            default=Value(EmailStatus.FAILED),
        ),
        attempts=F("attempts") - 1,
        claimed_at=None,
        next_attempt_at=due_at,
        updated_at=now,
    )


def queue_drain(*, at=None):
    """Make sure a drain runs at `at` (None: now) or sooner. With the database queue, a drain
    already waiting to run by then is enough; the immediate backend of development and tests
    drains at once (and has no deferred runs: later ones are the sweep's business there)."""
    if periodic.has_worker(drain_registration_emails):
        now = timezone.now()
        at = max(at or now, now)
        if not _drain_waiting(at):
            drain_registration_emails.using(run_after=at).enqueue()
    elif at is None:
        drain_registration_emails.enqueue()


def _drain_waiting(at):
    """Whether a drain is waiting in the database queue to run at `at` or sooner."""
    # Written as SQL: composing this EXISTS through the ORM cost a tenth of the web process's
    # CPU per registration, as every registration asks it after its commit.
    table = DBTaskResult._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table}"  # noqa: S608 (the model's own table)
            " WHERE status = %s AND task_path = %s AND backend_name = %s AND run_after <= %s"
            " LIMIT 1",
            [
                TaskResultStatus.READY.value,
                drain_registration_emails.module_path,
                drain_registration_emails.get_backend().alias,
                connection.ops.adapt_datetimefield_value(at),
            ],
        )
        return cursor.fetchone() is not None


def enqueue_email(email_id):
    """Queue a drain for an outbox row (after the commit that wrote it). If the queue cannot
    be written, the row stays pending and the sweep queues it later: a registration that
    committed is never turned into an error by its e-mail."""
    try:
        queue_drain()
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
            drain_registration_emails.module_path,
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
    if ids:
        queue_drain()
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
