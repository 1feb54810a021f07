"""Test settings: fast hashing, plain static storage, in-memory e-mail, tasks run at once."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
REGISTRATION_RATE_LIMIT = "0"
# Tests that drain the outbox by hand do not wait for more e-mails between batches.
REGISTRATION_EMAIL_BATCH_WAIT = 0
# Serve static files straight from the app folders, as runserver does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Generated portraits and uploads from tests go to a scratch folder, never the project's media/;
# a test running a second server in a subprocess (the backup round trip) names its own.
MEDIA_ROOT = Path(
    os.environ.get("YOUTH50_TEST_MEDIA_ROOT") or Path(tempfile.gettempdir()) / "youth50-test-media"
)
