"""Secrets handed to registrants: the private ticket token and the short check-in code."""

import secrets

# No 0/O, 1/I/L, 5/S or 8/B: a code read aloud or typed from a badge cannot be misread.
CHECKIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
CHECKIN_CODE_LENGTH = 8  # 27**8 ≈ 2.8e11 codes per edition


def new_token():
    """256 bits from the OS CSPRNG, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def new_checkin_code():
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def normalize_checkin_code(raw):
    """What a person typed or a scanner sent, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())
