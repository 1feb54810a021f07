import json
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


def database_settings(**env):
    """The production settings' default database, as a child process reads them."""
    script = (
        "import json; from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "d.get('OPTIONS', {}).get('pool')]))"
    )
    environment = production_environment(
        "DATABASE_",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="a-real-secret-" + "x" * 40,
        **env,
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and project)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_open_and_checks_them_before_reuse():
    engine, max_age, health_checks, pool = database_settings(
        DATABASE_URL="postgres://user@127.0.0.1:5432/youth50"
    )

    assert engine == "django.db.backends.postgresql"
    assert max_age == 600
    assert health_checks is True
    assert pool is None  # persistent connections and psycopg's pool exclude each other


def test_production_connection_lifetime_follows_the_environment():
    _engine, max_age, health_checks, _pool = database_settings(
        DATABASE_URL="postgres://user@127.0.0.1:5432/youth50", DATABASE_CONN_MAX_AGE="0"
    )

    assert max_age == 0
    assert health_checks is True
