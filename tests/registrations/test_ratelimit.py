"""The registration rate limit slides: a burst on each side of a window boundary counts as one.
It counts atomically in any Django cache, and a deploy check refuses a cache that workers do not
share."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse
from django.utils import translation

from forum.registrations import checks, ratelimit
from forum.registrations.models import Registration
from tests.helpers import TEST_REDIS_URL, production_environment

from .helpers import open_edition

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TEST_REDIS_URL,
    }
}


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_000_020.0)  # 1_000_020 is a multiple of 60: a minute window starts there
    monkeypatch.setattr(ratelimit, "_clock", clock)
    return clock


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = REDIS
        try:
            cache.clear()
        except Exception:
            pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")
    cache.clear()
    yield request.param
    cache.clear()


def submit(client, edition, n):
    with translation.override("en"):
        url = reverse("registration:register", kwargs={"number": edition.number})
    return client.post(
        url,
        {
            "name": f"Person {n}",
            "email": f"p{n}@example.com",
            "organization": "Org",
            "title": "CEO",
            "category": "other",
            "consent": "on",
            "notice_version": "2026-1",
        },
    )


def test_ten_submissions_across_a_window_boundary_let_five_through(
    client, settings, clock, any_cache
):
    """The audit's attack: 5 just before a minute boundary, 5 just after, 2 s in all."""
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    edition = open_edition()
    clock.now += 59  # the last second of a window
    statuses = [submit(client, edition, n).status_code for n in range(5)]
    clock.now += 1.5  # half a second into the next one
    statuses += [submit(client, edition, n).status_code for n in range(5, 10)]

    assert statuses == [302] * 5 + [429] * 5
    assert Registration.objects.count() == 5


def test_the_limit_frees_up_as_the_window_slides(settings, clock, any_cache, rf):
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    assert [ratelimit.hit(request) for _ in range(6)] == [False] * 5 + [True]
    clock.now += 60 + 30  # half of the previous minute (6 hits) still counts: 3, plus this one
    assert ratelimit.hit(request) is False
    clock.now += 60  # the old hits are out of reach
    assert [ratelimit.hit(request) for _ in range(5)] == [False] * 4 + [True]


def test_workers_sharing_redis_share_the_count(settings, clock, rf, monkeypatch):
    """Each worker process has its own cache client; with Redis they count into one key."""
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    workers = [RedisCache(REDIS["default"]["LOCATION"], {}) for _ in range(2)]
    try:
        workers[0].clear()
    except Exception:
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")
    request = rf.post("/", REMOTE_ADDR="203.0.113.10")
    results = []
    for n in range(8):
        monkeypatch.setattr(ratelimit, "cache", workers[n % 2])
        results.append(ratelimit.hit(request))
    workers[0].clear()

    assert results == [False] * 5 + [True] * 3


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("5/m", (5, 60)), ("20/10m", (20, 600)), ("100/h", (100, 3600)), ("3/ 2 s", (3, 2))],
)
def test_rates(rate, parsed):
    assert ratelimit.parse_rate(rate) == parsed


# --- The deploy check ----------------------------------------------------------------------------


def test_deploy_check_refuses_a_per_process_cache_while_the_limit_is_on(settings):
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    errors = checks.rate_limit_needs_a_shared_cache()

    assert [error.id for error in errors] == ["registrations.E001"]


def test_deploy_check_counts_the_doors_limit_too(settings):
    settings.REGISTRATION_RATE_LIMIT = "0"
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "20/10m"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in checks.rate_limit_needs_a_shared_cache()] == [
        "registrations.E001"
    ]


def test_deploy_check_accepts_redis(settings):
    settings.REGISTRATION_RATE_LIMIT = "5/m"
    settings.CACHES = REDIS
    assert checks.rate_limit_needs_a_shared_cache() == []


def test_deploy_check_accepts_a_local_cache_with_the_limits_off(settings):
    settings.REGISTRATION_RATE_LIMIT = "0"
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "0"
    assert checks.rate_limit_needs_a_shared_cache() == []


def run_deploy_check(**env):
    environment = production_environment(
        "REDIS_URL",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="deploy-check-" + "x" * 50,
        ALLOWED_HOSTS="forum.example",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_deploy_check_fails_without_redis():
    result = run_deploy_check()

    assert result.returncode != 0
    assert "registrations.E001" in result.stderr


def test_production_deploy_check_passes_with_redis():
    result = run_deploy_check(REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
