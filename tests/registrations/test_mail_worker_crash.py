"""A worker killed in the middle of a send (kill -9) loses no e-mail and sends none twice
(PostgreSQL, real `db_worker` processes on the test's own database).

The first worker's mailer hangs once it has the message; the test kills the process. Its claim
stays behind, the e-mail "being sent" by nobody. A second worker, started later with a working
mailer, runs the sweep that re-queues itself in the database queue: the claim expires, the
e-mail is queued again and sent, exactly once, with no cron and no command run by hand.
Claim and sweep times are shortened through the environment; every wait is bounded.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from forum.registrations.enums import EmailStatus

from .helpers import open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CLAIM_TIMEOUT = 2  # seconds
SWEEP_INTERVAL = 0.5  # seconds
WAIT = 60  # seconds: the bound of every wait (a worker starts in about 2 s)


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name, mode, mailbox, log_dir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.registrations.worker_settings",
        "DATABASE_URL": database_url(),
        "REGISTRATION_EMAIL_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        "REGISTRATION_EMAIL_SWEEP_INTERVAL": str(SWEEP_INTERVAL),
        "WORKER_MAIL_MODE": mode,
        "WORKER_MAIL_FILE": str(mailbox),
    }
    log = (log_dir / f"{name}.log").open("w")
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"]
    command += ["--interval", "0.1", "--worker-id", name]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603


def stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        worker.send_signal(sig)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=15)


def wait_until(condition, what, worker, log_dir):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            break
        time.sleep(0.1)
    logs = "\n".join(f"--- {p.name}\n{p.read_text()}" for p in sorted(log_dir.glob("*.log")))
    pytest.fail(f"{what} (worker exit status {worker.poll()})\n{logs}")


def test_a_send_killed_with_its_worker_goes_out_once_when_a_worker_runs_again(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    registration = register(open_edition())  # queues the send, and schedules the sweep
    email = registration.emails.get()
    mailbox = tmp_path / "mailbox.jsonl"
    started = Path(f"{mailbox}.started")

    def status():
        email.refresh_from_db()
        return email.status

    first = start_worker("first", "block", mailbox, tmp_path)
    try:
        wait_until(started.exists, "the first worker never began sending", first, tmp_path)
    finally:
        stop(first, signal.SIGKILL)
    time.sleep(CLAIM_TIMEOUT)
    assert status() != EmailStatus.SENT  # left behind by the killed worker
    assert not mailbox.exists()

    second = start_worker("second", "deliver", mailbox, tmp_path)
    try:
        wait_until(
            lambda: status() == EmailStatus.SENT, "the e-mail was never sent", second, tmp_path
        )
        time.sleep(CLAIM_TIMEOUT + 4 * SWEEP_INTERVAL)  # more sweeps run: nothing goes twice
    finally:
        stop(second)

    delivered = [json.loads(line) for line in mailbox.read_text().splitlines()]
    assert [message["to"] for message in delivered] == [[registration.email]]
    assert started.read_text().splitlines() == [registration.email]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2  # the killed attempt and the one that went out
    assert email.claimed_at is None
