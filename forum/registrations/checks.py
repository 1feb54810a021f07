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


# The limits counted in the cache.
LIMIT_SETTINGS = ("REGISTRATION_RATE_LIMIT", "CHECKIN_UNKNOWN_CODE_LIMIT")


@checks.register(checks.Tags.caches, checks.Tags.security, deploy=True)
def rate_limit_needs_a_shared_cache(app_configs=None, **kwargs):
    limits_on = [
        name for name in LIMIT_SETTINGS if parse_rate(getattr(settings, name, ""), name) is not None
    ]
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not limits_on or backend not in UNSHARED_CACHES:
        return []
    return [
        checks.Error(
            f"{' and '.join(limits_on)} count in the cache, but the cache ({backend}) is not "
            "shared between processes: each worker would count on its own.",
            hint="Set REDIS_URL (the Redis cache), or set those limits to 0 to turn them off.",
            id="registrations.E001",
        )
    ]
