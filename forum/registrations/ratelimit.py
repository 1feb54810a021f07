"""Limits counted in the cache: registration submissions per client address, and the door's
unknown check-in codes per staff user.

Rates read "5/m", "100/h", "20/10m" (20 per 10 minutes), "1000/d"; "0" (or blank) turns a limit
off. The window slides: a hit counts in the current fixed window, and the previous window's
count weighs in by the share of it that still lies within the last period. Two bursts on either
side of a window boundary therefore count together (fixed windows let twice the limit through
in two seconds there). Counters are cache.add + cache.incr, atomic on Redis (INCR) and on the
local-memory cache (under its lock), so workers sharing Redis lose no hit. Without a shared
cache every worker counts alone: `check --deploy` refuses that (checks.py).
"""

import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")

_clock = time.time  # replaced by tests that walk across a window boundary


def parse_rate(rate, setting="REGISTRATION_RATE_LIMIT"):
    """(count, seconds), or None when the limit is off."""
    rate = (rate or "").strip()
    if rate in {"", "0"}:
        return None
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(
            f"{setting} must look like '5/m' or '20/10m', or be '0', not {rate!r}"
        )
    count = int(match.group(1))
    seconds = int(match.group(2) or 1) * _UNITS[match.group(3)]
    return None if count == 0 or seconds == 0 else (count, seconds)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind N trusted proxies
    (REGISTRATION_RATE_LIMIT_PROXIES), the address the outermost of them saw, which a client
    cannot forge. The admin's login lockout (django-axes) reads it too. None when there is no
    valid address."""
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
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request):
    """The address to count against: client_ip(), with IPv6 addresses counted per /64, the
    block one subscriber usually holds."""
    address = client_ip(request)
    if address is None:
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _incr(key, timeout):
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def _weighted_count(key, seconds, *, count_this_one):
    now = _clock()
    window, into = divmod(now, seconds)
    current_key = f"{key}:{int(window)}"
    if count_this_one:
        # Kept two periods: the next window still reads it as its previous one.
        current = _incr(current_key, timeout=2 * seconds + 1)
    else:
        current = cache.get(current_key, 0)
    previous = cache.get(f"{key}:{int(window) - 1}", 0)
    return previous * (1 - into / seconds) + current


def over_limit(scope, identity, rate, *, count_this_one=True, setting="REGISTRATION_RATE_LIMIT"):
    """Count one hit of `identity` in `scope` and say whether the hits of the last period, this
    one included, exceed `rate`. With `count_this_one=False` nothing is counted: whether one
    more hit would exceed it."""
    parsed = parse_rate(rate, setting)
    if parsed is None:
        return False
    limit, seconds = parsed
    key = f"ratelimit:{scope}:{identity}:{seconds}"
    weighted = _weighted_count(key, seconds, count_this_one=count_this_one)
    return (weighted if count_this_one else weighted + 1) > limit


def hit(request, scope="registration"):
    """Count one registration submission; True when it is over the limit (and must be refused)."""
    return over_limit(scope, client_address(request), settings.REGISTRATION_RATE_LIMIT)
