"""On SQLite the capacity holds because writers are serialized (IMMEDIATE transactions): the
race runs in its own process against a database file, as the site runs on SQLite."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the SQLite race; PostgreSQL has its own"
    ),
    pytest.mark.every_database,
]


def test_capacity_holds_under_30_concurrent_writers_on_sqlite(tmp_path):
    database = str(tmp_path / "race.sqlite3")
    threads, capacity, taken = "30", "35", "30"
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "tests.registrations.sqlite_race",
            database,
            threads,
            capacity,
            taken,
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts == {"confirmed": 35, "waitlisted": 25, "errors": []}
