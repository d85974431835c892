"""CI runs against real PostgreSQL and Redis; with PORTAL_REQUIRE_SERVICES=1 their absence fails the build.

On a developer's machine (SQLite, filesystem broker) these tests are skipped.
"""

import os

import pytest
import redis
from django.conf import settings
from django.db import connection

REQUIRED = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not REQUIRED,
        reason="PORTAL_REQUIRE_SERVICES is not 1: the embedded default (SQLite, filesystem broker) is in use",
    ),
]


def test_default_database_is_postgresql(db):
    assert connection.vendor == "postgresql", (
        f"PORTAL_REQUIRE_SERVICES=1 but the default database is {connection.vendor}; set DATABASE_URL"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL")


def test_celery_broker_is_redis_and_answers_ping():
    url = settings.CELERY_BROKER_URL
    assert url.startswith(("redis://", "rediss://")), (
        f"PORTAL_REQUIRE_SERVICES=1 but CELERY_BROKER_URL is {url!r}; set it to Redis"
    )
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        assert client.ping() is True
    except redis.exceptions.RedisError as exc:
        pytest.fail(f"Redis at {url} does not answer PING: {exc}")
    finally:
        client.close()
