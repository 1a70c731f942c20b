"""Configuration comes from the environment, and production mode refuses insecure values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "k" * 50
CONFIG_VARIABLES = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL")


def _settings_of(fields: str, **env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly `env` configured; print `fields`."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings as s; print({fields})"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "desk.example.org"}, "set SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "desk.example.org"}, "set SECRET_KEY"),
        # Django warns below 50 characters: production mode refuses it.
        ({"DEBUG": "false", "SECRET_KEY": "k" * 49, "ALLOWED_HOSTS": "desk.example.org"}, "at least 50"),
        ({"DEBUG": "false", "SECRET_KEY": STRONG_KEY}, "set ALLOWED_HOSTS"),
        ({"SECRET_KEY": STRONG_KEY}, "set ALLOWED_HOSTS"),
    ],
)
def test_production_mode_refuses_to_start_on_insecure_settings(env, message):
    result = _settings_of("s.DEBUG", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_mode_starts_with_a_real_key_and_hosts():
    result = _settings_of("s.DEBUG", DEBUG="false", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_embedded_default_is_sqlite_with_eager_celery():
    result = _settings_of("s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER", DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr


def test_database_and_broker_come_from_the_environment():
    result = _settings_of(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_TASK_ALWAYS_EAGER",
        DEBUG="true",
        DATABASE_URL="postgres://desk@db.internal:5432/factcheck",
        CELERY_BROKER_URL="redis://broker.internal:6379/0",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "factcheck", "False"], result.stderr
