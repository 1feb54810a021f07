"""An organizer's correction of a registrant's address racing the e-mail worker and a
cancellation (PostgreSQL, threads with their own connections, like
test_corrected_address_race.py).

The worker: the correction decides whether the check-in code went to the old mailbox from the
e-mails attempted so far. A ticket e-mail still queued does not count (it will go to the new
address), so the worker must not claim it between that decision and the commit, and write it
with the old address and a code that is then kept. The correction locks the registration's
unsent e-mails, which the worker's claim skips (SKIP LOCKED). The negative control, without
that lock, sends the kept code to the mistyped mailbox.

The cancellation: the correction sends the ticket with the new secrets only to a registration
that is not cancelled, read under the registration's lock that a cancellation takes too: the
ticket is never sent after the cancellation. The negative control, without the locks, sends it
after."""

import threading

import pytest

from forum.registrations import audit, details, seats, tasks, ticket_secrets
from forum.registrations.enums import EmailKind, EmailStatus, RegistrationStatus
from forum.registrations.mail import build_message
from forum.registrations.models import Registration, RegistrationEmail

from .helpers import at_once, open_edition, register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

WRONG = "zhao.lei@exmaple.com"
RIGHT = "zhao.lei@example.com"
ROUNDS = 8


def correct(registration_id):
    corrected = Registration.objects.get(pk=registration_id)
    corrected.email = RIGHT
    details.registration_details_save(registration=corrected)


# --- The worker -------------------------------------------------------------------------------


def ticket_still_queued():
    """A confirmed registrant, mistyped, whose ticket e-mail is owed and not sent yet."""
    registration = register(open_edition(capacity=5), email=WRONG)
    RegistrationEmail.objects.filter(registration=registration).update(
        status=EmailStatus.PENDING, attempts=0, sent_at=None
    )
    return registration


def worker_claims_during_the_correction(registration, monkeypatch):
    """The worker claims and writes what is due while the correction, having decided, has not
    committed yet. Returns the messages the worker wrote."""
    decided, worker_done = threading.Event(), threading.Event()
    log_action = audit.log_action

    def log_then_wait_for_the_worker(*args, **kwargs):
        decided.set()
        worker_done.wait(timeout=10)
        return log_action(*args, **kwargs)

    monkeypatch.setattr(audit, "log_action", log_then_wait_for_the_worker)
    written = []

    def work():
        try:
            assert decided.wait(timeout=10)
            _claimed_at, ids = tasks._claim_due(50)
            written.extend(
                build_message(email)
                for email in RegistrationEmail.objects.select_related(
                    "registration__edition__forum"
                ).filter(pk__in=ids)
            )
        finally:
            worker_done.set()

    errors, _refused = at_once(lambda: correct(registration.pk), work)
    assert errors == []
    registration.refresh_from_db()
    return written


def test_the_worker_waits_for_the_correction_to_write_a_queued_ticket(monkeypatch):
    registration = ticket_still_queued()

    written = worker_claims_during_the_correction(registration, monkeypatch)

    assert written == []  # the queued ticket was locked: skipped, claimed after the commit
    assert registration.email == RIGHT
    _claimed_at, ids = tasks._claim_due(50)
    [message] = [build_message(email) for email in RegistrationEmail.objects.filter(pk__in=ids)]
    assert message.to == [RIGHT]
    assert registration.checkin_code in message.body


def test_negative_control_without_the_lock_the_kept_code_goes_to_the_old_mailbox(monkeypatch):
    monkeypatch.setattr(ticket_secrets, "_lock_unsent_emails", lambda registration: None)
    registration = ticket_still_queued()

    written = worker_claims_during_the_correction(registration, monkeypatch)

    [message] = written
    assert message.to == [WRONG]
    assert registration.checkin_code in message.body  # and it still admits at the door
    assert not registration.retired_checkin_codes.exists()


# --- The cancellation -------------------------------------------------------------------------


def correction_and_cancellation_at_once():
    """A confirmed registrant whose ticket went to the mistyped mailbox: the organizer
    corrects the address while the registration is cancelled. The kinds of the e-mails queued
    after the registration's first, in order, and the registration read again."""
    registration = register(open_edition(capacity=5), email=WRONG)
    first = registration.emails.get().pk
    errors, _refused = at_once(
        lambda: correct(registration.pk),
        lambda: seats.registration_cancel(
            registration=Registration.objects.get(pk=registration.pk)
        ),
    )
    assert errors == []
    registration.refresh_from_db()
    kinds = list(
        registration.emails.filter(pk__gt=first).order_by("pk").values_list("kind", flat=True)
    )
    return registration, kinds


def test_the_ticket_never_goes_after_the_cancellation(slow_writes):
    for _round in range(ROUNDS):
        registration, kinds = correction_and_cancellation_at_once()
        assert registration.status == RegistrationStatus.CANCELLED
        assert registration.email == RIGHT
        # The correction first (the ticket with the new secrets, then the cancellation), or
        # the cancellation first (nothing more to send: the registration admits nobody).
        assert kinds in (
            [EmailKind.CONFIRMATION, EmailKind.CANCELLATION],
            [EmailKind.CANCELLATION],
        )


def test_negative_control_without_the_locks_the_ticket_goes_after_the_cancellation(
    slow_writes, without_locks
):
    broken = 0
    for _round in range(ROUNDS):
        _registration, kinds = correction_and_cancellation_at_once()
        broken += kinds == [EmailKind.CANCELLATION, EmailKind.CONFIRMATION]
    assert broken > 0
