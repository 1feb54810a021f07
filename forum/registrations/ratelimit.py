"""A per-client-address limit on registration submissions, counted in the cache.

The rate comes from settings.REGISTRATION_RATE_LIMIT: "5/m", "100/h", "20/s", "1000/d";
"0" (or blank) turns it off. Fixed windows: simple, and good enough against a flood.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")


def parse_rate(rate):
    """(count, seconds), or None when the limit is off."""
    rate = (rate or "").strip()
    if rate in {"", "0"}:
        return None
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(
            f"REGISTRATION_RATE_LIMIT must look like '5/m' or be '0', not {rate!r}"
        )
    count = int(match.group(1))
    return None if count == 0 else (count, _UNITS[match.group(2)])


def client_address(request):
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, scope="registration"):
    """Count one submission; True when it is over the limit (and must be refused)."""
    parsed = parse_rate(settings.REGISTRATION_RATE_LIMIT)
    if parsed is None:
        return False
    limit, seconds = parsed
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{seconds}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds + 1)
        count = 1
    return count > limit
