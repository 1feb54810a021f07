"""Production's mail settings: the SMTP mailer gives up on a silent server (SMTP_TIMEOUT), and a
worker's claim outlives the longest conversation that timeout allows."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import production_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent

PRINT_SETTINGS = """
import json
from django.conf import settings
from django.core.mail import mailers
print(json.dumps({
    "timeout": mailers.default.timeout,
    "options": settings.MAILERS["default"]["OPTIONS"]["timeout"],
    "claim": settings.REGISTRATION_EMAIL_CLAIM_TIMEOUT,
    "sweep": settings.REGISTRATION_EMAIL_SWEEP_INTERVAL,
}))
"""


def production_settings(**env):
    environment = production_environment(
        "SMTP_",
        "REGISTRATION_",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="a-real-secret-" + "x" * 40,
        **env,
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and project)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("env", "timeout"), [({}, 20), ({"SMTP_TIMEOUT": "7.5"}, 7.5)])
def test_the_smtp_mailer_has_a_timeout(env, timeout):
    values = production_settings(**env)

    assert values["timeout"] == timeout
    assert values["options"] == timeout


def test_a_claim_outlives_many_smtp_steps():
    values = production_settings(SMTP_TIMEOUT="10")

    assert values["claim"] == 150
    assert values["sweep"] == 60
