"""Workers racing for one e-mail send it once (PostgreSQL, one connection per thread).

Many threads run the send task for the same e-mail at once, as several workers would with a
retry queued beside the first task. The claim is one conditional UPDATE, so one thread sends and
the others skip. The negative control replaces the claim with a read, a pause and a write, and
must send more than once: the proof that the exact count would catch a broken claim.
"""

import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F
from django.utils import timezone

from forum.registrations import tasks
from forum.registrations.enums import EmailStatus
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import send_registration_email

from .helpers import open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

THREADS = 8


@pytest.fixture
def queued_email(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "tests.registrations.worker_mail.SlowEmailBackend"}}
    return register(open_edition()).emails.get()


@pytest.fixture
def claim_without_lock(monkeypatch):
    def unsafe(email_id):
        now = timezone.now()
        if not RegistrationEmail.objects.owed().filter(pk=email_id).exists():
            return None
        time.sleep(0.05)
        RegistrationEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        return now

    monkeypatch.setattr(tasks, "_claim", unsafe)


def race(email_id):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def one():
        try:
            barrier.wait(timeout=10)
            results.append(send_registration_email.call(email_id))
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
    return sorted(results)


def test_racing_workers_send_an_email_once(queued_email):
    results = race(queued_email.pk)

    assert results == ["sent"] + ["skipped"] * (THREADS - 1)
    assert len(mail.outbox) == 1
    queued_email.refresh_from_db()
    assert queued_email.status == EmailStatus.SENT
    assert queued_email.attempts == 1


def test_negative_control_without_the_atomic_claim_the_email_goes_twice(
    queued_email, claim_without_lock
):
    results = race(queued_email.pk)

    assert results.count("sent") > 1
    assert len(mail.outbox) > 1
