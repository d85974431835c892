"""Settings come from the environment and refuse to start on a bad production configuration.

Each case loads protocol_portal.settings in a fresh interpreter with a controlled
environment, because settings are read once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Everything that could leak in from the developer's shell or from CI.
_PREFIXES = ("DJANGO_", "CELERY_", "PORTAL_")
_NAMES = {"DATABASE_URL", "DB_CONN_MAX_AGE"}

PROBE = """
import json
from django.conf import settings
settings.DEBUG  # force settings to load
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "production": settings.PRODUCTION,
}))
"""


def load_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_PREFIXES) and k not in _NAMES}
    clean.update(DJANGO_SETTINGS_MODULE="protocol_portal.settings", PORTAL_VAR_DIR=str(tmp_path / "var"))
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = load_settings(tmp_path, DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_blank_secret_key_refuses_to_start(tmp_path):
    result = load_settings(
        tmp_path, DJANGO_ENV="production", DJANGO_SECRET_KEY="  ", DJANGO_ALLOWED_HOSTS="portal.example.org"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    result = load_settings(tmp_path, DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_with_empty_allowed_hosts_refuses_to_start(tmp_path):
    result = load_settings(
        tmp_path, DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS=" , "
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "ture", "2"])
def test_malformed_boolean_is_an_error(tmp_path, value):
    result = load_settings(tmp_path, DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"DJANGO_DEBUG={value!r} is not a boolean" in result.stderr


def test_production_with_everything_set_starts_with_debug_off(tmp_path):
    result = load_settings(
        tmp_path,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["production"] is True
    assert loaded["debug"] is False


def test_nothing_set_means_sqlite_and_the_filesystem_broker(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["broker"] == "filesystem://"
    assert loaded["production"] is False
    # The filesystem transport's folders are made under the var directory.
    assert (tmp_path / "var" / "broker" / "in").is_dir()


def test_urls_choose_postgresql_and_redis(tmp_path):
    result = load_settings(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["broker"] == "redis://127.0.0.1:6379/0"


def test_production_collectstatic_succeeds(tmp_path):
    """The Docker image runs collectstatic with production settings; it must not fail on the shipped files."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_PREFIXES) and k not in _NAMES}
    clean.update(
        DJANGO_SETTINGS_MODULE="protocol_portal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="localhost",
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "css" / "portal.css").is_file()
    assert (tmp_path / "static" / "css" / "portal.css.gz").is_file()
