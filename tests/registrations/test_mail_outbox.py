"""The outbox's worker, one rule per test: claim, send outside any transaction, record, and
the claims a dead worker leaves behind. Both databases; the threaded races and the stalled mail
server have their own files."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from forum.registrations import tasks
from forum.registrations.enums import EmailStatus
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import retry_owed_emails, send_registration_email

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "tests.registrations.failing_mail.FailingEmailBackend"}}


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


def test_an_email_being_sent_is_not_queued_again_by_the_retry(during_send):
    email = owed_email()
    queued = []
    during_send.hook = lambda: queued.append(retry_owed_emails())

    send_registration_email.call(email.pk)
    assert queued == [0]
    assert len(mail.outbox) == 1


def test_an_email_being_sent_is_not_sent_again_by_a_second_task(during_send):
    email = owed_email()
    second = []
    during_send.hook = lambda: second.append(send_registration_email.call(email.pk))

    assert send_registration_email.call(email.pk) == "sent"
    assert second == ["skipped"]
    assert len(mail.outbox) == 1


def test_a_deleted_email_is_skipped():
    email = owed_email()
    email_id = email.pk
    email.delete()
    assert send_registration_email.call(email_id) == "skipped"


# --- A claim left behind --------------------------------------------------------------------------


def test_a_live_claim_is_left_alone():
    email = owed_email(status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=1)

    assert retry_owed_emails() == 0
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING


def test_the_retry_command_also_releases_expired_claims():
    owed_email(status=EmailStatus.SENDING, claimed_at=expired_claim(), attempts=1)

    call_command("retry_registration_emails")
    assert len(mail.outbox) == 1


def test_a_late_success_is_recorded_even_after_the_claim_was_released():
    email = owed_email()
    claimed_at = tasks._claim(email.pk)
    RegistrationEmail.objects.filter(pk=email.pk).update(claimed_at=expired_claim())
    tasks._release_expired_claims(timezone.now())  # given up for dead

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
