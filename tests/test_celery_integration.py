"""A real Celery worker with its embedded beat, against Redis and the test database.

1. An overdue case escalates and its email goes out with nothing but the beat to wake it.
2. Redis down: the web's on-commit wake-up of the outbox fails fast and quietly, and once Redis
   is back a fresh worker and beat escalate and deliver everything that piled up.
3. Redis frozen (accepting connections, answering nothing): the wake-up gives up after the
   1 s socket timeout in settings instead of hanging the request.

The worker runs `celery -A protocol_portal worker --beat --pool=solo` as a subprocess with the
file email backend, in its own process group so teardown can kill the beat with it. Each run
uses a Redis database of its own (1-15, from the process id; never 0), so a worker of another
run on the same Redis is unlikely to take its tasks.
Slow by nature (the beat's first tick is a minute after it starts): about two minutes in all.
"""

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import transaction
from django.utils import timezone

from casework.calendar import london_date
from casework.models import Case, CaseEvent, Deadline, Notification
from casework.profiles import profile_create_from_preset
from casework.services.cases import case_assign, case_open
from casework.services.deadlines import deadline_open
from tests.services import (
    PROJECT_DIR,
    require_postgres,
    require_redis,
    subprocess_database_url,
    subprocess_env,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CELERY = Path(sys.executable).parent / "celery"  # the venv's own, beside the running python
# The beat's first tick is 60 s after it starts; then the sweep, then the delivery task.
ESCALATION_TIMEOUT = 90


@pytest.fixture(autouse=True)
def celery_eager():
    """Overrides the suite's inline tasks: here every task goes through the real broker."""
    from protocol_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _services():
    require_postgres()


@pytest.fixture
def broker_url() -> str:
    """The CI Redis, on a database of this run's own."""
    url = require_redis()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + os.getpid() % 15}"))


@pytest.fixture
def council(cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    return cast.council


class Spawned:
    """Every child process a test starts, killed at teardown (process group and all)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the embedded beat dies with it
        )
        process.log_path = log.name
        process.log_file = log
        self.processes.append(process)
        return process

    @staticmethod
    def stop(process: subprocess.Popen, *, grace: float = 10) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=grace)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left (the beat)
        except ProcessLookupError:
            pass
        if process.poll() is None:
            process.wait(timeout=grace)
        process.log_file.close()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


@pytest.fixture
def spawned(transactional_db, tmp_path):
    """Torn down before the database is flushed, so no worker is left holding a connection."""
    children = Spawned(tmp_path)
    yield children
    children.stop_all()


def tail(process: subprocess.Popen, lines: int = 60) -> str:
    text = Path(process.log_path).read_text(errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def start_worker(spawned: Spawned, *, name: str, broker: str, mail_dir: Path) -> subprocess.Popen:
    workdir = spawned.workdir / name
    workdir.mkdir()
    env = subprocess_env(
        DATABASE_URL=subprocess_database_url(),
        DB_CONN_MAX_AGE="0",
        CELERY_BROKER_URL=broker,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(mail_dir),
        PORTAL_VAR_DIR=str(workdir),
    )
    command = [
        str(CELERY), "-A", "protocol_portal", "worker", "--beat", "--pool=solo",
        "-s", str(workdir / "beat-schedule"), "--loglevel=info", "-n", f"{name}-{os.getpid()}@%h",
    ]  # fmt: skip
    return spawned.start(name, command, env)


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str, watch: subprocess.Popen) -> float:
    """Poll until `condition()`; returns the seconds it took. Fails with the worker's log."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        if watch.poll() is not None:
            pytest.fail(f"the worker exited ({watch.returncode}) before {what}:\n{tail(watch)}")
        time.sleep(0.5)
    pytest.fail(f"no {what} after {timeout} s; the worker's log ends:\n{tail(watch)}")


def open_overdue_case(cast, *, now: dt.datetime, subject: str) -> Case:
    """An urgent enquiry received a month ago: its reply clock and the Chair step have both passed.

    Urgent, so its notifications are not held until working hours whatever time the test runs.
    """
    received_at = now - dt.timedelta(days=30)
    case, _ = case_open(
        council=cast.council,
        kind=Case.Kind.ENQUIRY,
        subject=subject,
        received_at=received_at,
        now=now,
        actor=cast.clerk,
        raised_by=cast.councillor,
        urgent=True,
    )
    deadline_open(
        case=case,
        rule="enquiry_reply",
        label="Reply to the councillor",
        started_on=london_date(received_at),
        working_days=7,
        now=now,
        clause="4.4",
        clause_anchor="c-4-4",
    )
    return case


def escalated_levels(case: Case) -> list[int]:
    return sorted(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ESCALATED).values_list("escalation_level", flat=True)
    )


def undelivered(case: Case) -> int:
    return Notification.objects.filter(case=case).exclude(delivery=Notification.Delivery.SENT).count()


def sent_to(case: Case) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(case=case, delivery=Notification.Delivery.SENT).values_list(
            "recipient__email", "subject"
        )
    )


def emails_naming(mail_dir: Path, text: str) -> list[str]:
    found = []
    for path in sorted(mail_dir.glob("*")):
        body = path.read_text(errors="replace")
        found += [message for message in body.split("-" * 79) if text in message]
    return found


def test_worker_and_beat_escalate_an_overdue_case_and_email_its_people(cast, council, broker_url, spawned, tmp_path):
    now = timezone.now()
    with transaction.atomic():
        case = open_overdue_case(cast, now=now, subject="Flooding on Mill Lane")
    assert escalated_levels(case) == []
    mail_dir = tmp_path / "mail"

    worker = start_worker(spawned, name="worker", broker=broker_url, mail_dir=mail_dir)
    waited = wait_until(
        lambda: escalated_levels(case) == [Deadline.Level.OVERDUE, Deadline.Level.CHAIR] and undelivered(case) == 0
        and len(emails_naming(mail_dir, case.reference)) == 2,
        timeout=ESCALATION_TIMEOUT,
        what="escalation and delivery",
        watch=worker,
    )

    deadline = case.deadlines.get()
    assert (deadline.level, deadline.state, deadline.next_check_at) == (
        Deadline.Level.CHAIR,
        Deadline.State.MISSED,
        None,
    )
    assert sent_to(case) == [
        ("chair@example.org", f"{case.reference}: 5 working days overdue"),
        ("clerk@example.org", f"{case.reference}: Overdue"),
    ]
    emails = emails_naming(mail_dir, case.reference)
    assert any(f"Subject: {case.reference}: Overdue" in e and "To: clerk@example.org" in e for e in emails)
    assert any(f"Subject: {case.reference}: 5 working days overdue" in e and "To: chair@example.org" in e for e in emails)
    assert "casework.sweep_deadlines" in tail(worker, 400), "the beat did not send the sweep"
    print(f"escalated and delivered {waited:.0f} s after the worker started")


class RedisServer:
    """A redis-server of our own on a free loopback port, with nothing saved to disk."""

    def __init__(self, spawned: Spawned):
        self.spawned = spawned
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = self.spawned.start(
            f"redis-{self.port}",
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.spawned.workdir)],
        )  # fmt: skip
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server on port {self.port} did not start:\n{tail(self.process)}")

    def stop(self) -> None:
        Spawned.stop(self.process)
        self.process = None


def _reset_broker_pools() -> None:
    from protocol_portal.celery import app

    if app._pool is not None:
        app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def app_broker(monkeypatch):
    """Point this process's Celery app at another broker; put it back afterwards.

    The app read the broker from settings once, and Celery prefers the CELERY_BROKER_URL
    environment variable to its configuration, so both change and the pools are dropped.
    """
    from protocol_portal.celery import app

    def point_app_at(url: str) -> None:
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        monkeypatch.setitem(app.conf, "broker_url", url)
        _reset_broker_pools()
        assert app.connection_for_write().port == urlsplit(url).port

    yield point_app_at
    _reset_broker_pools()  # the next use builds them again from the restored settings


def log_and_assign(cast, *, subject: str) -> tuple[Case, float]:
    """The Clerk logs an overdue enquiry and assigns it to the officer, in one transaction.

    The assignment's notification wakes the outbox on commit. Returns the case and the wall time.
    """
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        case = open_overdue_case(cast, now=now, subject=subject)
        case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=now)
    return case, time.monotonic() - started


def test_with_redis_down_the_web_carries_on_and_the_beat_catches_up(
    cast, council, broker_url, spawned, tmp_path, app_broker, caplog
):
    # `broker_url` is asked for so that this runs only with the Redis settings (1 s timeouts).
    redis = RedisServer(spawned)
    redis.start()
    app_broker(redis.url)
    redis.stop()

    # The Clerk logs an overdue enquiry and assigns it: the assignment's notification wakes the
    # outbox on commit, which cannot reach the broker. The request must neither hang nor fail.
    caplog.set_level(logging.WARNING, logger="casework.services.common")
    case, elapsed = log_and_assign(cast, subject="Broken streetlight on Church Walk")
    assert elapsed < 2, f"creating a case with Redis down took {elapsed:.1f} s"
    assert "Could not reach the broker" in caplog.text  # the wake-up was tried, and failed quietly
    assignment = Notification.objects.get(case=case)
    assert (assignment.recipient, assignment.delivery) == (cast.officer, Notification.Delivery.PENDING)

    # Redis comes back empty (nothing was queued); the clock lives in the database, so the beat
    # escalates the case and drains the outbox, the assignment's email included.
    redis.start()
    mail_dir = tmp_path / "mail"
    worker = start_worker(spawned, name="worker-after-outage", broker=redis.url, mail_dir=mail_dir)
    wait_until(
        lambda: escalated_levels(case) == [Deadline.Level.OVERDUE, Deadline.Level.CHAIR] and undelivered(case) == 0
        and len(emails_naming(mail_dir, case.reference)) == 4,
        timeout=ESCALATION_TIMEOUT,
        what="escalation and delivery after the outage",
        watch=worker,
    )
    assert sent_to(case) == [
        ("chair@example.org", f"{case.reference}: 5 working days overdue"),
        ("clerk@example.org", f"{case.reference}: Overdue"),
        ("officer@example.org", f"{case.reference}: Assigned to you"),
        ("officer@example.org", f"{case.reference}: Overdue"),  # the assignee is told too
    ]


def test_with_redis_frozen_a_case_waits_one_broker_timeout_not_forever(
    cast, council, broker_url, spawned, app_broker, caplog
):
    """A Redis that accepts connections but never answers (SIGSTOP): the 1 s socket timeout holds."""
    redis = RedisServer(spawned)
    redis.start()
    app_broker(redis.url)
    caplog.set_level(logging.WARNING, logger="casework.services.common")
    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        case, elapsed = log_and_assign(cast, subject="Overgrown hedge on Green Lane")
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
    assert elapsed < 2, f"creating a case with Redis frozen took {elapsed:.1f} s"
    assert "Could not reach the broker" in caplog.text
    assert Notification.objects.get(case=case).delivery == Notification.Delivery.PENDING
