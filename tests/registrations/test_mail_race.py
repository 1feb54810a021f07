"""Drains racing for the same e-mails send each once (PostgreSQL, one connection per thread).

Many threads run the drain at once, as several workers would, each drain queued by another
registration. The claim locks the rows it picks (FOR UPDATE SKIP LOCKED) and moves them to
"sending" in the same transaction, so each e-mail is picked by one drain. The negative control
replaces the claim with a read, a pause and a write, and must send more than once: the proof
that the exact counts would catch a broken claim.
"""

import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from forum.registrations import tasks
from forum.registrations.enums import EmailStatus
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import drain_registration_emails

from .helpers import open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

THREADS = 8
EMAILS = 3


@pytest.fixture
def queued_emails(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "tests.registrations.worker_mail.SlowEmailBackend"}}
    edition = open_edition()
    return [register(edition).emails.get() for _ in range(EMAILS)]


@pytest.fixture
def claim_without_lock(monkeypatch):
    def unsafe(limit):
        now = timezone.now()
        due = RegistrationEmail.objects.owed().filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
        )
        ids = list(due.values_list("pk", flat=True)[:limit])
        time.sleep(0.05)
        RegistrationEmail.objects.filter(pk__in=ids).update(
            status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        return now, ids

    monkeypatch.setattr(tasks, "_claim_due", unsafe)


def race():
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def one():
        try:
            barrier.wait(timeout=10)
            results.append(drain_registration_emails.call()["sent"])
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_racing_drains_send_each_email_once(queued_emails):
    sent = race()

    assert sum(sent) == EMAILS
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        email.registration.email for email in queued_emails
    )
    for email in queued_emails:
        email.refresh_from_db()
        assert email.status == EmailStatus.SENT
        assert email.attempts == 1


def test_negative_control_without_the_locked_claim_emails_go_twice(
    queued_emails, claim_without_lock
):
    sent = race()

    assert sum(sent) > EMAILS
    assert len(mail.outbox) > EMAILS
