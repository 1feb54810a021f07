"""Fixtures for the browser tests (Playwright + headless Chromium) and the HTML-checker tests.

- `browser`: one Chromium for the whole session. Debian's `chromium` (or $CHROMIUM_PATH) when
  installed, else Playwright's own browser if `playwright install chromium` was run; where
  neither exists every test that needs it is skipped, saying why (with REQUIRE_BROWSER_TESTS=1,
  as .ci/run sets, it fails instead).
- `page`: a fresh browser context and page per test. Every request that is not to the server
  under test is aborted (and recorded in `page.blocked_requests`); console errors, which include
  Content-Security-Policy violations, are recorded in `page.console_errors`.
- `demo_content`: the demo content, loaded once per test module and removed afterwards, and
  which objects the page-type URLs point at. A test using it must also ask for `db` (or use
  `demo_site`): pytest-django sets up the test database only for tests that do.
- `demo_site`: a live server over `demo_content`. Read-only: tests that write (register, check
  in) use `live_demo` instead.
- `live_demo`: pytest-django's `live_server` with the demo content loaded for this test alone
  (transactional; slower, but each test may change what it likes).

After each test the live server's requests still under way (a page's background sync, a fetch
the closed page left behind) are waited for before the database is emptied: emptying it
mid-request deadlocks on PostgreSQL and hangs on SQLite.
"""

import os
import threading
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import connection, connections
from django.test import override_settings

from .content import load_content, page_path, pick_content
from .machinery import (
    CHROMIUM_ARGS,
    new_site_page,
    playwright_chromium,
    skip_or_fail,
    system_chromium,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with an event loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# How long a test's teardown waits for the live server's last requests to finish.
SERVER_QUIET_SECONDS = 10


class RequestsUnderWay:
    """Counts the requests Django is answering, in any thread (the live server's included)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs):
        with self.changed:
            self.count += 1

    def finished(self, **kwargs):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_none(self, timeout):
        with self.changed:
            return self.changed.wait_for(lambda: self.count <= 0, timeout)


requests_under_way = RequestsUnderWay()


@pytest.fixture(autouse=True)
def _server_quiet_before_teardown():
    """Torn down after the test's pages (set up after this) and before pytest-django empties
    the database (its fixture is set up first)."""
    yield
    assert requests_under_way.wait_until_none(SERVER_QUIET_SECONDS), (
        "the live server was still answering requests after the test"
    )


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install -e '.[test]')")

    manager = sync_playwright()
    playwright = manager.start()
    try:
        executable = system_chromium() or playwright_chromium(playwright)
        if executable is None:
            skip_or_fail(
                "no Chromium found: install Debian's `chromium` (apt), set CHROMIUM_PATH, "
                "or run `playwright install chromium`"
            )
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except BaseException:
        manager.__exit__(None, None, None)
        raise
    yield chromium
    chromium.close()
    # While Playwright's loop runs, Django keeps this thread's connections per context rather
    # than per thread; close them now, or the test database cannot be dropped at the end.
    connections.close_all()
    manager.__exit__(None, None, None)


@dataclass
class Site:
    """A running server over known content: `site.url(path)`, `site.page_url(type, language)`."""

    base_url: str
    content: object

    def url(self, path):
        return f"{self.base_url}{path}"

    def page_url(self, page_type, language):
        return self.url(page_path(self.content, page_type, language))


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for the test module and removed after it (its generated
    portraits go to a temporary MEDIA_ROOT, not the project's media folder)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media:
        # Committed rows outlive a test's rollback: keep what the migrations put in the test
        # database, load the demo, and put things back as they were afterwards (what Django's
        # TransactionTestCase does with serialized_rollback).
        saved = connection.creation.serialize_db_to_string()
        try:
            yield pick_content(load_content())
        finally:
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                allow_cascade=True,
                # Sequences keep counting: the restored rows keep their ids, and the next
                # insert must not collide with them (PostgreSQL).
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(saved)


@pytest.fixture(scope="module")
def _demo_server(demo_content, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        try:
            yield Site(server.url, demo_content)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture
def demo_site(_demo_server, db):
    # `db` makes pytest-django set up the test database and lets the server thread query it
    # while the test runs; the test itself only reads, so its rollback undoes nothing.
    return _demo_server


@pytest.fixture
def live_demo(live_server, settings, tmp_path):
    """pytest-django's live server with the demo loaded for this test only (may be written to)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Site(live_server.url, pick_content(load_content()))


def _server_origin(request):
    for name in ("demo_site", "live_demo", "live_server"):
        if name in request.fixturenames:
            value = request.getfixturevalue(name)
            return getattr(value, "base_url", None) or value.url
    return None


@pytest.fixture
def page(browser, request):
    """A fresh page (desktop size) for this test that cannot reach anything but the site."""
    new_page = new_site_page(browser, _server_origin(request))
    yield new_page
    new_page.context.close()
