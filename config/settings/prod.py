"""Production: DEBUG off (base refuses the development key), HTTPS, SMTP, database task queue."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, SMTP_TIMEOUT, env_bool

# Persistent database connections, checked before reuse. gunicorn's sync workers serve one
# request at a time each, so a worker never needs more than one connection: keeping that one
# open (CONN_MAX_AGE) saves the connect/authenticate round trips on every request, and the health
# check replaces a connection the server dropped (restart, idle timeout) instead of failing the
# request. psycopg's pool would keep several connections per worker process, of which a sync
# worker can use only one, and adds a thread per process: no gain here. A server that stops
# through `kill -9` leaves at most `workers` idle connections, which PostgreSQL reaps.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SMTP_HOST", "localhost"),
            "port": int(os.environ.get("SMTP_PORT", "587")),
            "username": os.environ.get("SMTP_USER", ""),
            "password": os.environ.get("SMTP_PASSWORD", ""),
            "use_tls": env_bool("SMTP_TLS", default=True),
            "timeout": SMTP_TIMEOUT,
        },
    },
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
