"""Mailers for the tests of the e-mail worker.

SlowEmailBackend is Django's in-memory mailer (mail.outbox) that takes a tenth of a second, so a
send stays in flight while racing threads try to send the same e-mail.
"""

import time

from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend


class SlowEmailBackend(LocmemEmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.1)
        return super().send_messages(email_messages)
