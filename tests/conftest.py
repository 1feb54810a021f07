from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def pytest_configure(config):
    """Compile the catalogues a plain `pytest` run would otherwise miss (scripts/test compiles
    them too), so pages render in Chinese whichever way the suite is started."""
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)"
                )
            )


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language (Chinese), whatever language an earlier
    test's request left active in the thread; tests that assert English activate it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and lockout counters live in the cache: no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english():
    """For tests that assert English messages."""
    with translation.override("en"):
        yield
