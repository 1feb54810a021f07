"""The secrets of a registrant's ticket after an organizer corrects their e-mail address to
another mailbox: what reached the mistyped one must stop working (pretix's "regenerate
secrets" of an order whose e-mail was changed, made part of the correction).

Every e-mail to a registrant carries their private ticket link (the token in its path), and
every e-mail written while they are confirmed carries their check-in code and its QR, as does
the ticket page. So:

- the ticket token is replaced at every correction to another mailbox: the old link (ticket
  page, QR, calendar, cancel, data, opt-out) answers 404;
- the check-in code is replaced only when the old mailbox may know it: an e-mail was attempted
  since the current ticket link was made (sent, being sent, or failed after trying: a failed
  send may still have been delivered) and the registration is confirmed (only then do the
  e-mails and the ticket page show the code). The old code is kept as replaced
  (RetiredCheckInCode): the door refuses it saying so, and the door devices' copies of the list
  carry it, so they refuse it offline after their next sync. Otherwise the code stays, and so
  does a badge printed with it;
- when an e-mail was attempted, the registrant's status e-mail goes to the new address (for a
  confirmed registrant the ticket, with the new link and code: without it they could not get
  in), unless a fresh confirmation link already goes there (verification.py: that e-mail
  carries the new ticket link too), the registration is cancelled or declined, or the
  organizer holds the e-mail back (resending it sends the new secrets). Nothing attempted yet
  (held, or still queued: it goes to the new address when sent): no e-mail.

Called by details.registration_details_save under the registration's row lock, which a
check-in, a cancellation and a promotion also take: a scan waiting for it meets the new code;
a cancellation is either seen here or comes after. The registration's owed e-mails are locked
too: the worker claims with SKIP LOCKED, so it cannot claim one between this decision and the
commit and write it with the old address and secrets."""

from dataclasses import dataclass

from . import outbox, selectors
from .codes import new_checkin_code, new_token
from .enums import EmailKind, EmailStatus, RegistrationStatus
from .models import RegistrationEmail, RetiredCheckInCode

# Statuses whose registrant is sent nothing more about their registration.
_ENDED = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)


@dataclass(frozen=True)
class SecretsReplaced:
    """What a correction to another mailbox replaced, and the e-mail it sent (None: none)."""

    checkin_code: bool
    email_kind: EmailKind | None


def secrets_readdressed(registration, now, *, confirmation_link_sent):
    """`registration` (locked, its new address saved in this transaction) was corrected to
    another mailbox: replace the ticket token, and the check-in code if the old mailbox may
    know it; queue the status e-mail to the new address when the old one was sent something
    and `confirmation_link_sent` is false. Returns SecretsReplaced; the caller logs the changed
    fields (`token`, `checkin_code`: audit.SECRET_FIELDS, recorded without their values)."""
    _lock_unsent_emails(registration)
    reached_old_mailbox = (
        RegistrationEmail.objects.filter(registration=registration)
        .attempted_since(selectors.ticket_link_issued_at(registration))
        .exists()
    )
    fields = ["token", "updated_at"]
    registration.token = new_token()
    replace_code = reached_old_mailbox and registration.status == RegistrationStatus.CONFIRMED
    if replace_code:
        RetiredCheckInCode.objects.create(
            edition_id=registration.edition_id,
            registration=registration,
            code=registration.checkin_code,
            retired_at=now,
        )
        registration.checkin_code = new_checkin_code()
        fields.append("checkin_code")
    registration.save(update_fields=fields)
    email_kind = None
    if (
        reached_old_mailbox
        and not confirmation_link_sent
        and not registration.email_held
        and registration.status not in _ENDED
    ):
        email_kind = outbox.STATUS_EMAILS[registration.status]
        outbox.queue_email(registration, email_kind)
    return SecretsReplaced(checkin_code=replace_code, email_kind=email_kind)


def _lock_unsent_emails(registration):
    """Lock the registration's e-mails not sent yet: until the commit no worker claims them
    (it skips locked rows), and one being sent is recorded after it."""
    unsent = [*EmailStatus.owed(), EmailStatus.SENDING]
    list(
        RegistrationEmail.objects.select_for_update()
        .filter(registration=registration, status__in=unsent)
        .values_list("pk", flat=True)
    )
