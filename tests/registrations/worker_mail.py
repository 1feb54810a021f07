"""Mailers for the tests of the e-mail worker.

In the crash test a real `db_worker` runs in its own process: WORKER_MAIL_MODE=block makes its
mailer note the recipient in WORKER_MAIL_FILE + ".started" and then hang for ever (until the
test kills the process); WORKER_MAIL_MODE=deliver appends each message to WORKER_MAIL_FILE, one
JSON line each, so the test counts what went out.

SlowEmailBackend is Django's in-memory mailer (mail.outbox) that takes a tenth of a second, so a
send stays in flight while racing threads try to send the same e-mail.
"""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend


class WorkerTestEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        mode = os.environ["WORKER_MAIL_MODE"]
        mailbox = Path(os.environ["WORKER_MAIL_FILE"])
        for message in email_messages:
            if mode == "block":
                with Path(f"{mailbox}.started").open("a") as started:
                    started.write(f"{message.to[0]}\n")
                while True:  # a mail server that never answers; the test kills this process
                    time.sleep(60)
            with mailbox.open("a") as delivered:
                delivered.write(json.dumps({"to": message.to, "subject": message.subject}) + "\n")
        return len(email_messages)


class SlowEmailBackend(LocmemEmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.1)
        return super().send_messages(email_messages)
