"""Several app servers share one Redis: a page one server cached is fresh on it right after
an edit made through another. Each thread has its own cache client (Django keeps cache
connections per thread), as each gunicorn worker has its own."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from tests import factories
from tests.helpers import TEST_REDIS_URL
from tests.revisions.conftest import admin_url, form_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

REDIS = {
    "default": {
        "BACKEND": "config.common.redis_cache.ReusedClientRedisCache",
        "LOCATION": TEST_REDIS_URL,
    }
}


@pytest.fixture
def redis(settings):
    settings.CACHES = REDIS
    # The threads share this process's copies of pages (content_cache): without them, each
    # reads what another stored from Redis, as a server does what another server stored.
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    try:
        cache.clear()
    except Exception:
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")
    yield
    cache.clear()


def on_other_server(work):
    """`work()` run with another cache client, as on another app server."""
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()  # the thread's own database connection

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_an_edit_on_one_server_is_fresh_on_the_other(redis, admin_client):
    person = factories.PersonFactory(name_en="Ada Example")
    url = f"/en/people/{person.slug}/"
    other = Client()
    assert "Ada Example" in on_other_server(lambda: other.get(url).text)
    cached = on_other_server(lambda: other.get(url))
    assert "Ada Example" in cached.text
    assert cache.get("content-version") is not None

    change = admin_url(person, "change")
    admin_client.post(change, form_data(admin_client, change, name_en="Ada Edited", _continue="1"))

    page = on_other_server(lambda: other.get(url).text)
    assert "Ada Edited" in page
    assert "Ada Example" not in page


def test_a_page_stored_by_one_server_is_served_by_the_other(redis, django_assert_num_queries):
    person = factories.PersonFactory(name_en="Ada Example")
    url = f"/en/people/{person.slug}/"
    on_other_server(lambda: Client().get(url))

    with django_assert_num_queries(0):
        page = Client().get(url).text
    assert "Ada Example" in page


def test_the_redis_cache_reuses_its_client_and_still_reads_what_it_wrote(redis):
    cache.set("probe", "value")
    assert cache.get_many(["probe", "absent"]) == {"probe": "value"}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
