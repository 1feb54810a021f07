"""The outbox's worker, one rule per test: the drain's claim, send outside any transaction over
one connection per drain, record, wait for more after a short batch; a failure or a spent budget
handing the rest back; the sweep that hands back dead claims and lost drains and re-queues
itself; the organizers' retry.
Both databases; the threaded races and the real worker processes have their own files."""

import datetime
import logging
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum.registrations import tasks
from forum.registrations.enums import EmailStatus
from forum.registrations.exceptions import EmailNotRetriable
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import (
    CLAIM_EXPIRED,
    MAX_ATTEMPTS,
    drain_registration_emails,
    registration_email_retry,
    retry_owed_emails,
    schedule_sweep,
    sweep_owed_emails,
    sweep_registration_emails,
)
from tests.factories import TaskResultFactory
from tests.helpers import DATABASE_QUEUE

from .helpers import open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}
DRAIN_PATH = drain_registration_emails.module_path
SWEEP_PATH = sweep_registration_emails.module_path


class DuringSend:
    """A mailer that calls `hook()` while it holds the message, then delivers to mail.outbox."""

    hook = None


@pytest.fixture
def during_send(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.HookEmailBackend"}}
    DuringSend.hook = None
    yield DuringSend
    DuringSend.hook = None


class HookEmailBackend(LocmemEmailBackend):
    def send_messages(self, messages):
        DuringSend.hook()
        return super().send_messages(messages)


def owed_email(**fields):
    """A registration's e-mail as the outbox holds it, with `fields` changed; not queued (the
    test's transaction never commits, so its on-commit hand-off never runs)."""
    email = register(open_edition()).emails.get()
    RegistrationEmail.objects.filter(pk=email.pk).update(**fields)
    email.refresh_from_db()
    return email


def expired_claim():
    return timezone.now() - tasks.claim_timeout() - datetime.timedelta(seconds=1)


def drain():
    return drain_registration_emails.call()


def outcome(sent=0, failed=0, gave_up=0):
    return {"sent": sent, "failed": failed, "gave_up": gave_up}


def queued_drains():
    return DBTaskResult.objects.filter(task_path=DRAIN_PATH, status="READY")


def queued_sweeps():
    return DBTaskResult.objects.filter(task_path=SWEEP_PATH, status="READY")


# --- Claim, send, record -------------------------------------------------------------------------


def test_the_email_is_claimed_while_the_mailer_has_it(during_send):
    email = owed_email()
    seen = {}

    def look():
        row = RegistrationEmail.objects.get(pk=email.pk)
        seen.update(status=row.status, claimed_at=row.claimed_at, attempts=row.attempts)

    during_send.hook = look
    assert drain() == outcome(sent=1)
    assert seen["status"] == EmailStatus.SENDING
    assert seen["claimed_at"] is not None
    assert seen["attempts"] == 1


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_mailer_has_the_message(during_send):
    in_transaction = []
    during_send.hook = lambda: in_transaction.append(connection.in_atomic_block)

    email = owed_email()  # committed: the immediate backend drains at once
    assert in_transaction == [False]
    assert email.status == EmailStatus.SENT


def test_a_sent_email_records_its_time_and_drops_the_claim():
    email = owed_email()
    drain()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.claimed_at is None
    assert email.next_attempt_at is None
    assert len(mail.outbox) == 1


def test_a_failed_send_is_due_again_after_the_back_off(settings):
    settings.MAILERS = FAILING
    email = owed_email()
    before = timezone.now()
    assert drain() == outcome(failed=1)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.claimed_at is None
    assert email.next_attempt_at - before >= datetime.timedelta(minutes=1)


def test_an_email_being_sent_is_not_sent_again_by_a_second_drain(during_send):
    owed_email()
    second = []
    during_send.hook = lambda: second.append(drain())

    assert drain() == outcome(sent=1)
    assert second == [outcome()]
    assert len(mail.outbox) == 1


def test_an_email_being_sent_is_not_queued_again_by_the_retry_or_the_sweep(during_send):
    owed_email()
    queued = []
    during_send.hook = lambda: queued.extend([retry_owed_emails(), sweep_owed_emails()])

    drain()
    assert queued == [0, {"released": 0, "gave_up": 0, "queued": 0}]
    assert len(mail.outbox) == 1


def test_a_deleted_email_is_not_sent():
    owed_email().delete()
    assert drain() == outcome()
    assert mail.outbox == []


# --- Batches -------------------------------------------------------------------------------------


class CountingEmailBackend(LocmemEmailBackend):
    opened = 0

    def open(self):
        CountingEmailBackend.opened += 1
        return super().open()


def test_a_drain_sends_what_is_due_in_batches_over_one_connection(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingEmailBackend"}}
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    CountingEmailBackend.opened = 0
    emails = [owed_email() for _ in range(3)]
    later = owed_email(next_attempt_at=timezone.now() + datetime.timedelta(minutes=1))

    assert drain() == outcome(sent=3)
    assert CountingEmailBackend.opened == 1  # two batches, one connection
    assert {
        email.status for email in RegistrationEmail.objects.filter(pk__in=[e.pk for e in emails])
    } == {EmailStatus.SENT}
    later.refresh_from_db()
    assert later.status == EmailStatus.PENDING  # not due yet


def test_after_a_short_batch_a_worker_waits_and_sends_what_came_meanwhile_in_one_batch(
    settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    settings.REGISTRATION_EMAIL_BATCH_WAIT = 0.3
    first, arrived, waits = owed_email(), [], []

    def registrations_meanwhile(seconds):
        waits.append(seconds)
        if not arrived:
            arrived.extend(owed_email() for _ in range(3))

    monkeypatch.setattr(tasks.time, "sleep", registrations_meanwhile)
    assert drain() == outcome(sent=4)
    assert waits == [0.3, 0.3]  # after the first e-mail, and after the three in one batch
    assert {email.to[0] for email in mail.outbox} == {
        email.registration.email for email in [first, *arrived]
    }


def test_without_a_worker_a_drain_never_waits(settings, monkeypatch):
    settings.REGISTRATION_EMAIL_BATCH_WAIT = 0.3  # the immediate backend drains in the request
    waits = []
    monkeypatch.setattr(tasks.time, "sleep", waits.append)
    owed_email()
    assert drain() == outcome(sent=1)
    assert waits == []


class FailsOnceEmailBackend(LocmemEmailBackend):
    def send_messages(self, messages):
        if not getattr(FailsOnceEmailBackend, "failed", False):
            FailsOnceEmailBackend.failed = True
            raise ConnectionRefusedError("mail server down (test)")
        return super().send_messages(messages)


def test_a_failed_send_hands_the_rest_of_the_batch_back_untried(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailsOnceEmailBackend"}}
    FailsOnceEmailBackend.failed = False
    failed, untried = owed_email(), owed_email()

    assert drain() == outcome(failed=1)
    failed.refresh_from_db()
    untried.refresh_from_db()
    assert failed.status == EmailStatus.FAILED
    assert failed.attempts == 1
    assert untried.status == EmailStatus.PENDING  # handed back: no attempt counted
    assert untried.attempts == 0
    assert untried.claimed_at is None
    assert untried.next_attempt_at == failed.next_attempt_at  # waits for the server too
    assert mail.outbox == []


def test_a_batch_past_its_budget_hands_the_rest_back_and_queues_the_next_drain(
    settings, during_send, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(tasks, "drain_budget", lambda: datetime.timedelta(seconds=0.2))
    first, second = owed_email(), owed_email()
    during_send.hook = lambda: time.sleep(0.3)

    assert drain() == outcome(sent=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EmailStatus.SENT
    assert second.status == EmailStatus.PENDING
    assert second.attempts == 0
    assert queued_drains().count() == 1


# --- A claim left behind --------------------------------------------------------------------------


def test_an_expired_claim_is_sent_again_by_the_sweep():
    email = owed_email(status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=1)

    assert sweep_owed_emails() == {"released": 1, "gave_up": 0, "queued": 1}
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT  # the immediate backend sent it at once
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_an_expired_claim_is_marked_and_queued(settings):
    settings.TASKS = DATABASE_QUEUE
    email = owed_email(status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=1)

    sweep_owed_emails()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.last_error == CLAIM_EXPIRED
    assert email.claimed_at is None
    assert queued_drains().count() == 1


def test_a_live_claim_is_left_alone():
    email = owed_email(status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=1)

    assert sweep_owed_emails()["released"] == 0
    assert retry_owed_emails() == 0
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING


def test_an_expired_claim_after_the_last_attempt_gives_up():
    email = owed_email(
        status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=MAX_ATTEMPTS
    )

    assert sweep_owed_emails() == {"released": 0, "gave_up": 1, "queued": 0}
    email.refresh_from_db()
    assert email.status == EmailStatus.GAVE_UP
    assert mail.outbox == []


def test_the_retry_command_also_releases_expired_claims():
    owed_email(status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=1)

    call_command("retry_registration_emails")
    assert len(mail.outbox) == 1


def test_a_late_success_is_recorded_even_after_the_claim_was_released():
    email = owed_email()
    claimed_at, _ids = tasks._claim_due(1)
    RegistrationEmail.objects.filter(pk=email.pk).update(claimed_at=expired_claim())
    tasks._release_expired_claims(timezone.now())  # the sweep gave the claim up for dead

    tasks._record_sent(email.pk)  # …but that worker was only slow
    email.refresh_from_db()
    assert claimed_at is not None
    assert email.status == EmailStatus.SENT


def test_a_sent_email_after_a_failure_drops_the_error_and_records_when():
    email = owed_email(status=EmailStatus.FAILED, attempts=1, last_error="SMTPServerDisconnected")
    before = timezone.now()
    drain()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.last_error == ""
    assert before <= email.sent_at == email.updated_at <= timezone.now()


def test_an_email_recorded_as_sent_is_not_recorded_again():
    email = owed_email()
    drain()
    email.refresh_from_db()
    first = email.sent_at

    tasks._record_sent(email.pk)
    email.refresh_from_db()
    assert email.sent_at == first


def test_a_stale_claimant_failure_does_not_overwrite_the_new_claim():
    email = owed_email()
    stale, _ids = tasks._claim_due(1)
    RegistrationEmail.objects.filter(pk=email.pk).update(claimed_at=expired_claim())
    tasks._release_expired_claims(timezone.now())
    fresh, _ids = tasks._claim_due(1)  # another worker took it over
    email.refresh_from_db()

    tasks._record_failure(email, stale, ConnectionRefusedError())
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert email.claimed_at == fresh


# --- Lost tasks -----------------------------------------------------------------------------------


def test_a_pending_email_whose_task_was_lost_is_queued_by_the_sweep():
    email = owed_email(next_attempt_at=timezone.now() - datetime.timedelta(minutes=10))

    assert sweep_owed_emails()["queued"] == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_a_failed_email_whose_retry_was_lost_is_queued_by_the_sweep():
    email = owed_email(
        status=EmailStatus.FAILED,
        attempts=1,
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=10),
    )

    assert sweep_owed_emails()["queued"] == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_the_sweep_leaves_emails_whose_task_is_still_to_come():
    owed_email()  # just queued
    owed_email(
        status=EmailStatus.FAILED,
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=1),
    )

    assert sweep_owed_emails()["queued"] == 0
    assert mail.outbox == []


def test_the_sweep_queues_a_lost_email_once_per_grace_period(settings):
    settings.TASKS = DATABASE_QUEUE
    owed_email(next_attempt_at=timezone.now() - datetime.timedelta(minutes=10))

    assert sweep_owed_emails()["queued"] == 1
    assert sweep_owed_emails()["queued"] == 0  # its new drain is not overdue yet
    assert queued_drains().count() == 1


def test_a_queue_that_cannot_be_written_leaves_the_email_to_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise DatabaseError("the task table is unavailable")

    monkeypatch.setattr(type(drain_registration_emails), "enqueue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(open_edition())  # no error reaches the registrant

    assert registration.emails.get().status == EmailStatus.PENDING
    assert "could not be queued" in caplog.text


# --- The sweep runs itself ----------------------------------------------------------------------


def test_queueing_emails_schedules_one_drain_and_one_sweep(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        edition = open_edition()
        register(edition)
        register(edition)

    assert queued_sweeps().count() == 1
    assert queued_drains().count() == 1  # one drain sends both


def test_a_drain_waiting_for_later_does_not_stand_in_for_one_now(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    TaskResultFactory(status="READY", run_after=timezone.now() + datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        register(open_edition())

    assert queued_drains().filter(run_after__lte=timezone.now()).count() == 1


def test_a_drain_already_running_does_not_stand_in_for_a_waiting_one(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    TaskResultFactory(status="RUNNING", run_after=timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        register(open_edition())

    assert queued_drains().count() == 1  # it may have claimed before this e-mail was written


def test_a_drain_of_another_queue_does_not_stand_in(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_QUEUE
    TaskResultFactory(
        status="READY",
        backend_name="other",
        run_after=timezone.now() - datetime.timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(open_edition())

    assert queued_drains().filter(backend_name="default").count() == 1


def test_the_sweep_queues_the_next_one(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.REGISTRATION_EMAIL_SWEEP_INTERVAL = 60
    before = timezone.now()

    sweep_registration_emails.call()

    following = queued_sweeps().get()
    assert following.run_after - before >= datetime.timedelta(seconds=60)


def test_a_sweep_already_waiting_is_not_doubled(settings):
    settings.TASKS = DATABASE_QUEUE
    schedule_sweep(delay=datetime.timedelta(minutes=1))

    schedule_sweep()
    sweep_registration_emails.call()  # a second chain merges into the first

    assert queued_sweeps().count() == 1


def test_no_sweep_without_a_worker_queue():
    schedule_sweep()  # the immediate backend of development and tests

    assert not DBTaskResult.objects.exists()


def test_the_sweep_prunes_its_old_results(settings):
    settings.TASKS = DATABASE_QUEUE
    long_ago = timezone.now() - datetime.timedelta(days=2)
    old = TaskResultFactory(task_path=SWEEP_PATH, status="SUCCESSFUL", finished_at=long_ago)
    recent = TaskResultFactory(
        task_path=SWEEP_PATH, status="SUCCESSFUL", finished_at=timezone.now()
    )
    send = TaskResultFactory(task_path=DRAIN_PATH, status="SUCCESSFUL", finished_at=long_ago)

    sweep_registration_emails.call()

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {recent.pk, send.pk} <= remaining


def test_the_sweep_closes_task_results_left_running_by_a_dead_worker(settings):
    settings.TASKS = DATABASE_QUEUE
    long_ago = timezone.now() - tasks.claim_timeout() - datetime.timedelta(minutes=1)
    dead = TaskResultFactory(task_path=DRAIN_PATH, status="RUNNING", started_at=long_ago)
    alive = TaskResultFactory(task_path=DRAIN_PATH, status="RUNNING", started_at=timezone.now())

    sweep_registration_emails.call()

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "FAILED"
    assert dead.exception_class_path == "forum.registrations.tasks.WorkerLost"
    assert alive.status == "RUNNING"


# --- Organizers retry -----------------------------------------------------------------------------


def test_an_organizer_retry_sends_an_email_that_gave_up(django_capture_on_commit_callbacks):
    email = owed_email(status=EmailStatus.GAVE_UP, attempts=MAX_ATTEMPTS, next_attempt_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        registration_email_retry(email=email)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1  # a fresh round
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [EmailStatus.SENT, EmailStatus.SENDING, EmailStatus.PENDING])
def test_an_organizer_retry_refuses_an_email_not_failed(status):
    claimed = timezone.now() if status == EmailStatus.SENDING else None
    email = owed_email(status=status, claimed_at=claimed)

    with pytest.raises(EmailNotRetriable) as refusal:
        registration_email_retry(email=email)
    assert refusal.value.code == "email_not_retriable"
    assert mail.outbox == []


# --- Log lines ------------------------------------------------------------------------------------


def test_no_registrant_data_in_the_sweep_log_lines(caplog):
    caplog.set_level(logging.DEBUG)
    registration = register(open_edition(), name="王五", email="wang.wu@example.com")
    registration.emails.update(status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=1)

    sweep_owed_emails()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "its worker stopped" in logged
    for secret in ("王五", "wang.wu", registration.token):
        assert secret not in logged
