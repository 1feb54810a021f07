"""Settings of a real `db_worker` started by a test: the test settings with the database task
queue, as in production, and the mailer of worker_mail.py. DATABASE_URL names the test's own
database; REGISTRATION_EMAIL_CLAIM_TIMEOUT and REGISTRATION_EMAIL_SWEEP_INTERVAL come from the
environment as everywhere (base.py)."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILERS = {"default": {"BACKEND": "tests.registrations.worker_mail.WorkerTestEmailBackend"}}
