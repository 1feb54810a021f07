"""System checks of registration's settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

from .ratelimit import parse_rate

# Caches that each process keeps to itself: behind gunicorn's workers a limit counted in one of
# them is a limit per worker (the audit got 9 of 14 registrations through at 5/m with two).
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, checks.Tags.security, deploy=True)
def rate_limit_needs_a_shared_cache(app_configs=None, **kwargs):
    if parse_rate(settings.REGISTRATION_RATE_LIMIT) is None:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in UNSHARED_CACHES:
        return []
    return [
        checks.Error(
            f"REGISTRATION_RATE_LIMIT is on ({settings.REGISTRATION_RATE_LIMIT}) but the cache "
            f"({backend}) is not shared between processes: each worker would count on its own.",
            hint="Set REDIS_URL (the Redis cache), or REGISTRATION_RATE_LIMIT=0 to turn it off.",
            id="registrations.E001",
        )
    ]
