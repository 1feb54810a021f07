"""The rehearsal: one transaction, always rolled back, in which the seat rules run exactly as
they would, but without taking the edition's lock. An organizer's dry run of a guest list
(guest_lists.py) learns what its import would do without making the public form wait for the
whole check. Nothing in it is ever committed, so the lock's guarantee (no overbooking) is not
needed; the import itself takes the lock (seat_lock.py reads `rehearsing()`)."""

import contextvars
from contextlib import contextmanager

from django.db import transaction

_rehearsing = contextvars.ContextVar("registration_rehearsal", default=False)


def rehearsing():
    """True inside rehearsal(): the edition's lock is not taken."""
    return _rehearsing.get()


@contextmanager
def rehearsal():
    token = _rehearsing.set(True)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        _rehearsing.reset(token)
