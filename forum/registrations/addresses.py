"""E-mail addresses as a mailbox reads them: one registration per person means one per mailbox.

`case.test@ｅxample.com` (a full-width letter), `case.test@exa\u200bmple.com` (a zero-width space)
and `Case.Test@EXAMPLE.com` all reach the same mailbox, and Django's EmailField accepts all of
them. normalize_email() gives them one spelling, which the database keeps unique per edition.
"""

import contextlib
import unicodedata

from config.common.text import strip_invisible


def normalize_email(address):
    """The one spelling of every way to write an address: Unicode NFKC (full-width letters and
    @ become ASCII), invisible characters removed, the domain IDNA-encoded (例子.中国 →
    xn--fsqu00a.xn--fiqs8s) without a trailing dot, and everything case-folded (mailbox
    providers do not tell cases apart, whatever RFC 5321 allows)."""
    text = unicodedata.normalize(
        "NFKC", strip_invisible(unicodedata.normalize("NFKC", address), keep_spaces=False)
    )
    local, at, domain = text.rpartition("@")
    if not at:
        return text.casefold()
    domain = domain.casefold().rstrip(".")
    with contextlib.suppress(UnicodeError):  # not a valid domain name: compare it as it is
        domain = domain.encode("idna").decode("ascii")
    return f"{local.casefold()}@{domain}"
