"""The outbox's worker, one rule per test: claim, send outside any transaction, record; the
sweep that hands back dead claims and lost tasks and re-queues itself; the organizers' retry.
Both databases; the threaded races and the real worker processes have their own files."""

import datetime
import logging

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
    registration_email_retry,
    retry_owed_emails,
    schedule_sweep,
    send_registration_email,
    sweep_owed_emails,
    sweep_registration_emails,
)
from tests.factories import TaskResultFactory

from .helpers import open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SEND_PATH = send_registration_email.module_path
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


def queued_sends():
    return DBTaskResult.objects.filter(task_path=SEND_PATH)


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
    assert send_registration_email.call(email.pk) == "sent"
    assert seen["status"] == EmailStatus.SENDING
    assert seen["claimed_at"] is not None
    assert seen["attempts"] == 1


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_mailer_has_the_message(during_send):
    email = owed_email()
    in_transaction = []
    during_send.hook = lambda: in_transaction.append(connection.in_atomic_block)

    assert send_registration_email.call(email.pk) == "sent"
    assert in_transaction == [False]


def test_a_sent_email_records_its_time_and_drops_the_claim():
    email = owed_email()
    send_registration_email.call(email.pk)
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
    assert send_registration_email.call(email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.claimed_at is None
    assert email.next_attempt_at - before >= datetime.timedelta(minutes=1)


def test_an_email_being_sent_is_not_sent_again_by_a_second_task(during_send):
    email = owed_email()
    second = []
    during_send.hook = lambda: second.append(send_registration_email.call(email.pk))

    assert send_registration_email.call(email.pk) == "sent"
    assert second == ["skipped"]
    assert len(mail.outbox) == 1


def test_an_email_being_sent_is_not_queued_again_by_the_retry_or_the_sweep(during_send):
    email = owed_email()
    queued = []
    during_send.hook = lambda: queued.extend([retry_owed_emails(), sweep_owed_emails()])

    send_registration_email.call(email.pk)
    assert queued == [0, {"released": 0, "gave_up": 0, "queued": 0}]
    assert len(mail.outbox) == 1


def test_a_deleted_email_is_skipped():
    email = owed_email()
    email_id = email.pk
    email.delete()
    assert send_registration_email.call(email_id) == "skipped"


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
    assert queued_sends().filter(args_kwargs__args=[email.pk]).count() == 1


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
    claimed_at = tasks._claim(email.pk)
    RegistrationEmail.objects.filter(pk=email.pk).update(claimed_at=expired_claim())
    tasks._release_expired_claims(timezone.now())  # the sweep gave the claim up for dead

    tasks._record_sent(email.pk)  # …but that worker was only slow
    email.refresh_from_db()
    assert claimed_at is not None
    assert email.status == EmailStatus.SENT


def test_a_stale_claimant_failure_does_not_overwrite_the_new_claim():
    email = owed_email()
    stale = tasks._claim(email.pk)
    RegistrationEmail.objects.filter(pk=email.pk).update(claimed_at=expired_claim())
    tasks._release_expired_claims(timezone.now())
    fresh = tasks._claim(email.pk)  # another worker took it over
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
    assert sweep_owed_emails()["queued"] == 0  # its new task is not overdue yet
    assert queued_sends().count() == 1


def test_a_queue_that_cannot_be_written_leaves_the_email_to_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise DatabaseError("the task table is unavailable")

    monkeypatch.setattr(type(send_registration_email), "enqueue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(open_edition())  # no error reaches the registrant

    assert registration.emails.get().status == EmailStatus.PENDING
    assert "could not be queued" in caplog.text


# --- The sweep runs itself ----------------------------------------------------------------------


def test_queueing_an_email_schedules_one_sweep(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        edition = open_edition()
        register(edition)
        register(edition)

    assert queued_sweeps().count() == 1
    assert queued_sends().count() == 2


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
    send = TaskResultFactory(task_path=SEND_PATH, status="SUCCESSFUL", finished_at=long_ago)

    sweep_registration_emails.call()

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {recent.pk, send.pk} <= remaining


def test_the_sweep_closes_task_results_left_running_by_a_dead_worker(settings):
    settings.TASKS = DATABASE_QUEUE
    long_ago = timezone.now() - tasks.claim_timeout() - datetime.timedelta(minutes=1)
    dead = TaskResultFactory(task_path=SEND_PATH, status="RUNNING", started_at=long_ago)
    alive = TaskResultFactory(task_path=SEND_PATH, status="RUNNING", started_at=timezone.now())

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
