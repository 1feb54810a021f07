"""The outbox's writing side: every e-mail owed to a registrant is first a RegistrationEmail
row, written in the transaction that owes it and handed to the task backend only after that
transaction commits (tasks.py sends it; mail.py writes it). The seat rules (seats.py), the
e-mail confirmation (verification.py) and other apps queue through here."""

import datetime

from django.db import transaction
from django.utils import timezone

from config.common.site import site_url

from . import audit
from .enums import Actor, EmailKind, LogAction, RegistrationStatus
from .models import Registration, RegistrationEmail
from .tasks import enqueue_email

# The e-mail that tells a registrant their status (on registering, and when resent).
STATUS_EMAILS = {
    RegistrationStatus.CONFIRMED: EmailKind.CONFIRMATION,
    RegistrationStatus.WAITLISTED: EmailKind.WAITLIST,
    RegistrationStatus.CANCELLED: EmailKind.CANCELLATION,
    RegistrationStatus.PENDING: EmailKind.PENDING,
    RegistrationStatus.DECLINED: EmailKind.DECLINED,
    RegistrationStatus.UNCONFIRMED: EmailKind.CONFIRM_EMAIL,
}


def queue_email(registration, kind):
    """Owe `registration` the e-mail of `kind`, sent once the current transaction commits."""
    # Links in it lead to the address the request came to (config.common.site).
    email = RegistrationEmail.objects.create(
        registration=registration, kind=kind, site_url=site_url()
    )
    transaction.on_commit(lambda: enqueue_email(email.pk))
    return email


@transaction.atomic
def notice_queue(*, registration: Registration, subject: str, body: str) -> RegistrationEmail:
    """An e-mail another app composed for a registrant (in their language: see
    mail.registrant_language), sent through the outbox after the transaction commits."""
    email = RegistrationEmail.objects.create(
        registration=registration,
        kind=EmailKind.NOTICE,
        subject=" ".join(subject.split())[:200],
        body=body,
    )
    transaction.on_commit(lambda: enqueue_email(email.pk))
    return email


def registration_resend_email(
    *,
    registration: Registration,
    unless_sent_within: datetime.timedelta | None = None,
    kind: EmailKind | None = None,
    by=None,
) -> RegistrationEmail | None:
    """Send the registrant the e-mail matching their current status again (with their link),
    or the e-mail of `kind`.

    With `unless_sent_within`, nothing is queued (None is returned) when an e-mail went to this
    registrant that recently: the public form resends on a duplicate submission, and must not
    become a way to flood someone's mailbox. `by`: the organizer resending; None is the public
    form (the registrant registering again)."""
    if unless_sent_within is not None:
        since = timezone.now() - unless_sent_within
        if registration.emails.filter(created_at__gte=since).exists():
            return None
    kind = kind or STATUS_EMAILS[registration.status]
    with transaction.atomic():
        email = queue_email(registration, kind)
        if registration.email_held:
            # The organizer's held e-mail goes with this one: nothing is held any more.
            Registration.objects.filter(pk=registration.pk).update(email_held=False)
            registration.email_held = False
        audit.log_action(
            LogAction.EMAIL_RESENT,
            by=by,
            otherwise=Actor.REGISTRANT,
            registration=registration,
            data={"kind": kind},
        )
        return email


# A form sent again with a registered mailbox e-mails its owner at most this often.
RESEND_INTERVAL = datetime.timedelta(minutes=10)


def registration_submitted_again(*, registration: Registration) -> RegistrationEmail | None:
    """The public form came again with the mailbox of a live registration. The page answers as
    for a new registration (it must not tell a stranger who is registered); the owner of the
    mailbox is told by e-mail, with their ticket link, at most once per RESEND_INTERVAL. A
    registrant whose seat is held for an e-mail confirmation gets the confirmation link again
    (they are most likely back because they lost it)."""
    held = registration.status == RegistrationStatus.UNCONFIRMED
    return registration_resend_email(
        registration=registration,
        unless_sent_within=RESEND_INTERVAL,
        kind=EmailKind.CONFIRM_EMAIL if held else EmailKind.ALREADY_REGISTERED,
    )
