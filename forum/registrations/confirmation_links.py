"""The signed link that confirms a registrant's e-mail address (the hold's rules are in
verification.py; this module only writes and reads the link, for the e-mail and the page).

The link names the registration and the moment its seat is held until (0 for a registrant on
the waiting list, who holds no seat), signed with the site's secret: a forged or altered link is
refused, and a link of an earlier hold cannot confirm a later one. A waiting-list link confirms
the address whatever came since: it was sent to that mailbox and holds no deadline of its own.
It is not the private ticket token, so the e-mail's confirmation link does not open the ticket
page by itself."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "registrations.confirm_email"
# The held-until moment a waiting-list link names.
WAITING = 0


def confirmation_token(registration):
    held_until = registration.confirm_email_by
    return signing.dumps(
        [registration.pk, int(held_until.timestamp()) if held_until else WAITING], salt=SALT
    )


def read_confirmation_token(token):
    """(registration id, held-until timestamp) of a link this site signed, or None."""
    if not token or len(token) > 200:
        return None
    try:
        registration_id, held_until = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(registration_id, int) or not isinstance(held_until, int):
        return None
    return registration_id, held_until


def confirmation_url(registration, *, site=None):
    """The link's absolute address, in the registrant's language, on `site` (the address the
    registration came to) or SITE_URL."""
    with translation.override(registration.language):
        path = reverse(
            "registration:confirm_email", kwargs={"token": confirmation_token(registration)}
        )
    return f"{(site or settings.SITE_URL).rstrip('/')}{path}"
