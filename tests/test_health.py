from unittest import mock

import pytest
from django.db import DatabaseError

from tests.helpers import TEST_REDIS_URL

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def test_healthz_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}


def test_healthz_answers_503_when_redis_does_not(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_healthz_answers_ok_with_redis(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
        }
    }
    try:
        response = client.get("/healthz")
    except Exception:  # pragma: no cover - no Redis on this machine
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")
    if response.json()["cache"] != "ok":
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")

    assert response.status_code == 200


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
