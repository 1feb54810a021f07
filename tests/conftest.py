from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.db import connection

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
