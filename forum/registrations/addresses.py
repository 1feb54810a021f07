"""E-mail addresses as a mailbox reads them: one registration per person means one per mailbox.

`case.test@ｅxample.com` (a full-width letter), `case.test@exa\u200bmple.com` (a zero-width space)
and `Case.Test@EXAMPLE.com` all reach the same mailbox, and Django's EmailField accepts all of
them. normalize_email() gives them one spelling, which the database keeps unique per edition.
"""

import contextlib
import unicodedata

# Default-ignorable code points that are not format characters (Cf): fillers, variation
# selectors, the combining grapheme joiner. They print as nothing.
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)
# Controls, format characters (zero-width space and joiners, soft hyphen, bidi marks, BOM),
# spaces and line or paragraph separators: none belongs in an address.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _visible(character):
    if unicodedata.category(character) in _INVISIBLE_CATEGORIES:
        return False
    code = ord(character)
    return not any(low <= code <= high for low, high in _IGNORABLE)


def strip_invisible(text):
    """`text` without the characters that print as nothing."""
    return "".join(character for character in text if _visible(character))


def normalize_email(address):
    """The one spelling of every way to write an address: Unicode NFKC (full-width letters and
    @ become ASCII), invisible characters removed, the domain IDNA-encoded (例子.中国 →
    xn--fsqu00a.xn--fiqs8s) without a trailing dot, and everything case-folded (mailbox
    providers do not tell cases apart, whatever RFC 5321 allows)."""
    text = unicodedata.normalize("NFKC", strip_invisible(unicodedata.normalize("NFKC", address)))
    local, at, domain = text.rpartition("@")
    if not at:
        return text.casefold()
    domain = domain.casefold().rstrip(".")
    with contextlib.suppress(UnicodeError):  # not a valid domain name: compare it as it is
        domain = domain.encode("idna").decode("ascii")
    return f"{local.casefold()}@{domain}"
