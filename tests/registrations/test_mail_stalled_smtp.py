"""A mail server that hangs does not freeze registration (PostgreSQL).

The worker's send runs in a thread, as `db_worker` runs it, against a loopback listener that
accepts the connection and never answers. While that send hangs, registrations for the same
edition must commit at their usual speed: the send holds no lock on the edition or its forum
(PostgreSQL's deferred foreign-key check of every new registration would wait on one at
COMMIT) and no transaction at all. Then the server answers, the retry runs, and every e-mail
goes out once. Every wait is bounded by the mailer's timeout.
"""

import threading
import time
from email import message_from_bytes

import pytest
from django.db import connection

from forum.registrations.enums import EmailStatus
from forum.registrations.models import RegistrationEmail
from forum.registrations.tasks import drain_registration_emails, retry_owed_emails

from .helpers import open_edition, register
from .smtp_server import FakeSMTPServer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

SMTP_TIMEOUT = 6  # seconds: how long the hanging send lasts, and the bound of every wait
REGISTRATIONS = 10
USUAL_SPEED = 1.0  # seconds: one registration takes ~30 ms; a lock wait lasts SMTP_TIMEOUT


@pytest.fixture
def smtp():
    server = FakeSMTPServer(mode="stall").start()
    yield server
    server.stop()


def smtp_mailer(port, timeout):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def worker_settings(settings, smtp):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = smtp_mailer(smtp.port, SMTP_TIMEOUT)
    return settings


def in_a_worker_thread():
    outcome = {}

    def run():
        try:
            outcome["result"] = drain_registration_emails.call()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def sessions_idle_in_transaction():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND state LIKE 'idle in transaction%%'"
        )
        return cursor.fetchone()[0]


def recipients(server):
    return sorted(message_from_bytes(raw)["To"] for raw in server.messages)


def test_registrations_commit_at_usual_speed_while_a_send_hangs(worker_settings, smtp):
    edition = open_edition()
    first = register(edition)
    email = first.emails.get()
    sender, outcome = in_a_worker_thread()
    try:
        assert smtp.wait_for_connections(1, timeout=SMTP_TIMEOUT), "the send never connected"

        durations = []
        for _ in range(REGISTRATIONS):
            started = time.monotonic()
            register(edition)
            durations.append(time.monotonic() - started)
        still_hanging = sender.is_alive()
        idle_in_transaction = sessions_idle_in_transaction()
        email.refresh_from_db()
    finally:
        sender.join(timeout=SMTP_TIMEOUT + 10)

    assert max(durations) < USUAL_SPEED, [f"{d:.2f}" for d in durations]
    assert still_hanging  # the registrations above all ran while the send hung
    assert idle_in_transaction == 0  # the hanging send keeps no transaction open
    assert email.status == EmailStatus.SENDING  # claimed, so no other worker sends it
    assert outcome["result"] == {"sent": 0, "failed": 1, "gave_up": 0}  # the mailer's timeout
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.next_attempt_at is not None


def test_the_email_goes_out_once_the_server_answers(worker_settings, smtp):
    worker_settings.MAILERS = smtp_mailer(smtp.port, timeout=1)
    edition = open_edition()
    first = register(edition)
    email = first.emails.get()
    failed = {"sent": 0, "failed": 1, "gave_up": 0}
    assert drain_registration_emails.call() == failed  # the server hung; timed out
    others = [register(edition) for _ in range(3)]

    smtp.mode = "answer"
    worker_settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    # The failed one, queued again: the immediate backend's drain sends it with the new ones.
    assert retry_owed_emails() == 1

    # The hung one, then one connection for the drain's whole batch.
    assert smtp.wait_for_connections(2, timeout=SMTP_TIMEOUT)
    assert recipients(smtp) == sorted(r.email for r in [first, *others])
    assert set(RegistrationEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    email.refresh_from_db()
    assert email.attempts == 2
