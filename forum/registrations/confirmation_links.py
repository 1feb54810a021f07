"""The signed link that confirms a registrant's e-mail address (the hold's rules are in
verification.py; this module only writes and reads the link, for the e-mail and the page).

The link names the registration, the moment its seat is held until (0 for a registrant on the
waiting list, who holds no seat) and the mailbox it was sent to (a keyed digest of the
normalized address, not the address), signed with the site's secret: a forged or altered link
is refused, a link of an earlier hold cannot confirm a later one, and a link sent to an address
an organizer corrected since confirms nothing (the mailbox it reached is not the registrant's).
A waiting-list link confirms the address whatever came since, as long as the address is the
same: it was sent to that mailbox and holds no deadline of its own. It is not the private
ticket token, so the e-mail's confirmation link does not open the ticket page by itself."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "registrations.confirm_email"
# The held-until moment a waiting-list link names.
WAITING = 0


def _held_until(registration):
    held_until = registration.confirm_email_by
    return int(held_until.timestamp()) if held_until else WAITING


def _mailbox_key(registration):
    mailbox = registration.email_normalized
    return salted_hmac(f"{SALT}.mailbox", mailbox, algorithm="sha256").hexdigest()[:20]


def confirmation_token(registration):
    return signing.dumps(
        [registration.pk, _held_until(registration), _mailbox_key(registration)], salt=SALT
    )


@dataclass(frozen=True)
class ConfirmationLink:
    registration_id: int
    held_until: int
    mailbox_key: str

    def is_current_for(self, registration):
        """Whether this link, read from a genuine token, still confirms `registration`: sent to
        its present address, and for its present hold (a waiting-list link, for any)."""
        if not constant_time_compare(self.mailbox_key, _mailbox_key(registration)):
            return False
        return registration.confirm_email_by is None or self.held_until in (
            WAITING,
            _held_until(registration),
        )


def read_confirmation_token(token):
    """The ConfirmationLink of a token this site signed, or None."""
    if not token or len(token) > 200:
        return None
    try:
        registration_id, held_until, mailbox_key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (
        isinstance(registration_id, int)
        and isinstance(held_until, int)
        and isinstance(mailbox_key, str)
    ):
        return None
    return ConfirmationLink(registration_id, held_until, mailbox_key)


def confirmation_url(registration, *, site=None):
    """The link's absolute address, in the registrant's language, on `site` (the address the
    registration came to) or SITE_URL."""
    with translation.override(registration.language):
        path = reverse(
            "registration:confirm_email", kwargs={"token": confirmation_token(registration)}
        )
    return f"{(site or settings.SITE_URL).rstrip('/')}{path}"
