"""A per-client-address limit on registration submissions, counted in the cache.

The rate comes from settings.REGISTRATION_RATE_LIMIT: "5/m", "100/h", "20/s", "1000/d";
"0" (or blank) turns it off. Fixed windows: simple, and good enough against a flood.
"""

import ipaddress
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
    """The address to count against: REMOTE_ADDR, or, behind N trusted proxies
    (REGISTRATION_RATE_LIMIT_PROXIES), the address the outermost of them saw, which a client
    cannot forge. IPv6 addresses count per /64, the block one subscriber usually holds."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "REGISTRATION_RATE_LIMIT_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


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
