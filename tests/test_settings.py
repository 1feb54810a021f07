import subprocess
import sys
from pathlib import Path

from tests.helpers import production_environment

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_check(settings_module, **env):
    environment = production_environment(DJANGO_SETTINGS_MODULE=settings_module, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_with_the_development_secret_key():
    result = run_check("config.settings.prod")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_its_own_secret_key():
    result = run_check("config.settings.prod", SECRET_KEY="a-real-secret-" + "x" * 40)

    assert result.returncode == 0, result.stderr


def test_development_runs_with_the_development_key():
    assert run_check("config.settings.dev").returncode == 0
