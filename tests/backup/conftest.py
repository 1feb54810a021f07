"""A backup reads committed rows in a transaction of its own, so its tests are transactional;
`committed_database` puts the test database back as the migrations left it when a module ends
(pytest-django's flush after each transactional test would otherwise leave it empty)."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture(scope="module")
def committed_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        saved = connection.creation.serialize_db_to_string()
        try:
            yield
        finally:
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                allow_cascade=True,
                # Sequences keep counting: the restored rows keep their ids (PostgreSQL).
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(saved)
