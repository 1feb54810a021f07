"""Read the state of a server (tests/backup/site_state.py) in a fresh process:

    python -m tests.backup.read_site OUT.json URL…

DJANGO_SETTINGS_MODULE, DATABASE_URL and YOUTH50_TEST_MEDIA_ROOT name the server."""

import sys

import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()  # the test client's host, as under pytest

from tests.backup.site_state import main  # noqa: E402 (models load once Django is set up)

main(sys.argv[1], sys.argv[2:])
