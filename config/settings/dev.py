"""Local development: DEBUG on unless the environment says otherwise, console e-mail."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
