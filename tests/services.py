"""Tests that need PostgreSQL or Redis: skip on a developer's SQLite, fail in CI.

With PORTAL_REQUIRE_SERVICES=1 (CI) a missing service is a failure, so a broken CI
database or broker can never turn the fault and integration tests into silent skips.
Without it (a developer on the embedded default) those tests skip and say what to set.
"""

import os
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from protocol_portal.env import env_bool

PROJECT_DIR = settings.BASE_DIR


def services_required() -> bool:
    try:
        return env_bool("PORTAL_REQUIRE_SERVICES", False)
    except ImproperlyConfigured as exc:
        pytest.fail(str(exc), pytrace=False)


def _missing(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} — and PORTAL_REQUIRE_SERVICES=1 says it must be there", pytrace=False)
    pytest.skip(reason)


def require_postgres() -> None:
    """Skip (or, in CI, fail) unless the tests run on PostgreSQL."""
    if connection.vendor != "postgresql":
        _missing(
            f"needs PostgreSQL (this run uses {connection.vendor}); "
            "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_dev"
        )


def require_redis() -> str:
    """Skip (or, in CI, fail) unless CELERY_BROKER_URL is a Redis that answers. Returns the URL."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        _missing(f"needs Redis (the broker is {url}); set CELERY_BROKER_URL=redis://127.0.0.1:6379/0")
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except Exception as exc:  # any failure to reach it means it is not there
        _missing(f"needs Redis, but {url} does not answer ({exc.__class__.__name__}: {exc})")
    return url


def subprocess_database_url() -> str:
    """A DATABASE_URL naming the test database, for subprocesses (a worker, a second beat)."""
    conf = connection.settings_dict
    user = quote(conf.get("USER") or "", safe="")
    password = quote(conf.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{conf['NAME']}"



def redis_address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 6379


def subprocess_env(**overrides: str) -> dict[str, str]:
    """The environment for a child process of the portal: ours, minus pytest's, plus `overrides`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS_MODULE"))}
    env["DJANGO_SETTINGS_MODULE"] = "protocol_portal.settings"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env
