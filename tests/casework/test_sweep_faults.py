"""The sweep under faults: two sweeps at once, a worker killed mid-step, three days down, two beats.

Each deadline here is a councillor's enquiry at cast.council (Kettering model, protocol 4.4:
seven working days; a reminder two working days before, overdue at the end of the due day,
the Chair told five working days later). Whatever goes wrong, each step of the ladder must be
taken exactly once: a unique (deadline, level) on CaseEvent and row claims in the sweep.

PostgreSQL only: SQLite has no row locks, so these races cannot happen there. The last test
(expected to fail until the service changes) records that the sweep's claim reads every due
deadline to take one, which is what makes `manage.py bench` miss its per-escalation target.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from casework.calendar import LONDON, calendar_for_council, london_date
from casework.models import Case, CaseEvent, Deadline, Heartbeat, Notification
from casework.profiles import profile_create_from_preset
from casework.services.cases import case_open
from casework.services.deadlines import deadline_open
from casework.services.escalation import SWEEP_HEARTBEAT, step_at, sweep, sweep_one
from tests.services import PROJECT_DIR, require_postgres, subprocess_database_url, subprocess_env

pytestmark = pytest.mark.services

UTC = dt.UTC
REMINDED, OVERDUE, CHAIR = Deadline.Level.REMINDED, Deadline.Level.OVERDUE, Deadline.Level.CHAIR


@pytest.fixture(autouse=True)
def _postgres():
    require_postgres()


@pytest.fixture
def council(cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    return cast.council


def open_enquiry(cast, *, received_at: dt.datetime, subject: str = "Pothole on Station Road") -> Deadline:
    """A councillor's enquiry logged by the Clerk at `received_at`, with its 4.4 reply clock."""
    with transaction.atomic():
        case, _ = case_open(
            council=cast.council,
            kind=Case.Kind.ENQUIRY,
            subject=subject,
            received_at=received_at,
            now=received_at,
            actor=cast.clerk,
            raised_by=cast.councillor,
        )
        return deadline_open(
            case=case,
            rule="enquiry_reply",
            label="Reply to the councillor",
            started_on=london_date(received_at),
            working_days=7,
            now=received_at,
            clause="4.4",
            clause_anchor="c-4-4",
        )


def escalations(deadline: Deadline) -> list[int]:
    return list(
        CaseEvent.objects.filter(deadline=deadline, kind=CaseEvent.Kind.ESCALATED)
        .order_by("escalation_level")
        .values_list("escalation_level", flat=True)
    )


def recipients_by_level(deadline: Deadline) -> dict[int, list[str]]:
    rows = Notification.objects.filter(event__deadline=deadline).values_list("event__escalation_level", "recipient__email")
    found: dict[int, list[str]] = {}
    for level, email in rows:
        found.setdefault(level, []).append(email)
    return {level: sorted(emails) for level, emails in found.items()}


# Received Monday 2 February 2026: due by the end of Wednesday 11 February (day zero is the
# day of receipt), reminder Monday 9th at 09:00, Chair told Wednesday 18th at 09:00.
FEB_RECEIPT = dt.datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
# A month later every step of the ladder has long come due.
LONG_AFTER = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_the_ladder_these_tests_rely_on(cast, council):
    deadline = open_enquiry(cast, received_at=FEB_RECEIPT)
    profile, calendar = council.protocol_profile, calendar_for_council(council)
    assert deadline.due_on == dt.date(2026, 2, 11)
    assert [step_at(deadline, level, profile=profile, calendar=calendar) for level in (REMINDED, OVERDUE, CHAIR)] == [
        dt.datetime(2026, 2, 9, 9, 0, tzinfo=LONDON),
        dt.datetime.combine(dt.date(2026, 2, 11), dt.time.max, tzinfo=LONDON),
        dt.datetime(2026, 2, 18, 9, 0, tzinfo=LONDON),
    ]
    assert deadline.next_check_at == dt.datetime(2026, 2, 9, 9, 0, tzinfo=LONDON)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_each_deadline_once(cast, council):
    deadlines = [
        open_enquiry(cast, received_at=FEB_RECEIPT + dt.timedelta(minutes=i), subject=f"Enquiry {i}")
        for i in range(40)
    ]
    barrier = threading.Barrier(2)
    steps: list[int] = []
    errors: list[BaseException] = []

    def beat():
        try:
            barrier.wait(timeout=10)
            steps.append(sweep(now=LONG_AFTER))
        except BaseException as exc:  # noqa: B036 — the test thread must see everything
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a sweep did not finish"
    assert errors == [], f"a sweep raised (an IntegrityError means a step was taken twice): {errors!r}"
    # Each deadline climbs three steps (reminder, overdue, Chair); between them, exactly 120.
    assert sum(steps) == 120
    for deadline in deadlines:
        assert escalations(deadline) == [REMINDED, OVERDUE, CHAIR], deadline.case.reference
        assert recipients_by_level(deadline) == {OVERDUE: ["clerk@example.org"], CHAIR: ["chair@example.org"]}
    assert Deadline.objects.filter(level=CHAIR, state=Deadline.State.MISSED, next_check_at=None).count() == 40
    assert Heartbeat.objects.get(name=SWEEP_HEARTBEAT).last_run_at == LONG_AFTER


# A worker that claimed a deadline and then hangs in the middle of the step (after writing its
# event, before committing), until it is killed with SIGKILL: no cleanup, no rollback of its own.
HANGING_WORKER = """
import datetime as dt, pathlib, sys, time
import django
django.setup()
from casework.services import escalation

marker = pathlib.Path(sys.argv[1])

def notify_and_hang(**kwargs):
    marker.write_text(str(kwargs["event"].escalation_level))
    time.sleep(120)

escalation.notify = notify_and_hang
escalation.sweep(now=dt.datetime.fromisoformat(sys.argv[2]))
"""


def sweep_env(**extra: str) -> dict[str, str]:
    """A sweeping subprocess on the test database; its outbox wake-ups go nowhere (no shared queue)."""
    return subprocess_env(DATABASE_URL=subprocess_database_url(), CELERY_BROKER_URL="memory://localhost/", **extra)


def _backends(application_name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return [row[0] for row in cursor.fetchall()]


def _wait_for(condition, *, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the worker exited ({process.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_step_leaves_the_step_to_the_next_sweep(cast, council, tmp_path):
    deadline = open_enquiry(cast, received_at=FEB_RECEIPT)
    marker = tmp_path / "holding"
    app_name = f"hanging-sweep-{os.getpid()}"
    worker = subprocess.Popen(
        [sys.executable, "-c", HANGING_WORKER, str(marker), LONG_AFTER.isoformat()],
        cwd=PROJECT_DIR,
        env=sweep_env(PGAPPNAME=app_name),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The reminder step has no notification (it came due after the deadline had passed); the
        # worker hangs inside the overdue step of the same batch, holding the deadline's row lock.
        _wait_for(marker.exists, timeout=30, what="the worker to reach the overdue step", process=worker)
        assert marker.read_text() == str(OVERDUE)
        assert _backends(app_name) == ["idle in transaction"]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        # PostgreSQL rolls the dead worker's transaction back once it notices the socket closed.
        _wait_for(lambda: _backends(app_name) == [], timeout=15, what="PostgreSQL to drop the dead worker")
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    deadline.refresh_from_db()
    assert worker.returncode == -signal.SIGKILL
    # The whole batch rolled back with the worker: nothing half-done, nothing lost.
    assert (deadline.level, escalations(deadline)) == (0, [])
    assert Notification.objects.filter(case=deadline.case).count() == 0

    assert sweep(now=LONG_AFTER) == 3
    assert escalations(deadline) == [REMINDED, OVERDUE, CHAIR]
    assert recipients_by_level(deadline) == {OVERDUE: ["clerk@example.org"], CHAIR: ["chair@example.org"]}
    assert sweep(now=LONG_AFTER) == 0
    assert Notification.objects.filter(case=deadline.case).count() == 2


def _london(y, m, d, hh=9, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.django_db(transaction=True)
def test_sweep_down_for_three_days_catches_up_every_step_once_in_due_order(cast, council):
    # Reply clocks (seven working days from day zero) and their ladders, March 2026 (GMT):
    a = open_enquiry(cast, received_at=_london(2026, 3, 2, 11), subject="A")  # due Wed 11, reminder Mon 9
    b = open_enquiry(cast, received_at=_london(2026, 3, 3, 11), subject="B")  # due Thu 12, reminder Tue 10
    c = open_enquiry(cast, received_at=_london(2026, 3, 6, 11), subject="C")  # due Tue 17, reminder Fri 13
    d = open_enquiry(cast, received_at=_london(2026, 2, 24, 11), subject="D")  # due Thu 5, Chair Thu 12
    assert [x.due_on for x in (a, b, c, d)] == [
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 5),
    ]

    # The last sweep before the outage, early on Monday 9 March: D is already overdue.
    last_good = _london(2026, 3, 9, 8)
    assert sweep(now=last_good) == 2
    assert escalations(d) == [REMINDED, OVERDUE]
    seen = set(CaseEvent.objects.values_list("pk", flat=True))

    # Down until Thursday 12 March, 10:00. Came due meanwhile, in this order: A's reminder
    # (Mon 09:00), B's reminder (Tue 09:00), A overdue (end of Wed), D to the Chair (Thu 09:00).
    back = _london(2026, 3, 12, 10)
    assert sweep(now=back) == 4
    caught_up = list(
        CaseEvent.objects.exclude(pk__in=seen).order_by("pk").values_list("case__subject", "escalation_level", "summary")
    )
    assert [(subject, level) for subject, level, _ in caught_up] == [
        ("A", REMINDED),
        ("B", REMINDED),
        ("A", OVERDUE),
        ("D", CHAIR),
    ]
    # A's reminder is recorded as not sent: by the time the sweep came back A was already overdue.
    assert "reminder not sent" in caught_up[0][2]
    assert caught_up[1][2] == "Reply to the councillor: reminder — due Thursday 12 March 2026."
    assert caught_up[2][2].startswith("Reply to the councillor: overdue — it was due by the end of Wednesday 11 March 2026.")
    assert caught_up[3][2].startswith("Reply to the councillor: 5 working days overdue — escalated.")

    for x in (a, b, c, d):
        x.refresh_from_db()
    assert [(x.level, x.state, x.next_check_at) for x in (a, b, c, d)] == [
        (OVERDUE, Deadline.State.MISSED, _london(2026, 3, 18)),  # the Chair, five working days after 11th
        (REMINDED, Deadline.State.OPEN, dt.datetime.combine(dt.date(2026, 3, 12), dt.time.max, tzinfo=LONDON)),
        (Deadline.Level.SET, Deadline.State.OPEN, _london(2026, 3, 13)),
        (CHAIR, Deadline.State.MISSED, None),
    ]
    assert recipients_by_level(a) == {OVERDUE: ["clerk@example.org"]}
    assert recipients_by_level(b) == {REMINDED: ["clerk@example.org"]}
    assert recipients_by_level(d) == {OVERDUE: ["clerk@example.org"], CHAIR: ["chair@example.org"]}

    # Run it twice: the second sweep finds nothing and writes nothing but its heartbeat.
    events, notifications = CaseEvent.objects.count(), Notification.objects.count()
    assert sweep(now=back) == 0
    assert sweep(now=back + dt.timedelta(minutes=1)) == 0
    assert (CaseEvent.objects.count(), Notification.objects.count()) == (events, notifications)
    assert Heartbeat.objects.get(name=SWEEP_HEARTBEAT).processed == 0


@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_escalate_each_deadline_once(cast, council):
    deadlines = [
        open_enquiry(cast, received_at=FEB_RECEIPT + dt.timedelta(minutes=i), subject=f"Enquiry {i}")
        for i in range(60)
    ]
    env = sweep_env()
    command = [sys.executable, "manage.py", "sweep_deadlines", "--now", LONG_AFTER.isoformat()]
    beats = [
        subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        outputs = [beat.communicate(timeout=120) for beat in beats]
    finally:
        for beat in beats:
            if beat.poll() is None:
                beat.kill()
                beat.wait()

    for beat, (out, err) in zip(beats, outputs, strict=True):
        assert beat.returncode == 0, err
        assert out.startswith("steps: "), out
    assert sum(int(out.split()[1]) for out, _ in outputs) == 3 * 60
    for deadline in deadlines:
        assert escalations(deadline) == [REMINDED, OVERDUE, CHAIR], deadline.case.reference
    levels = Counter(
        CaseEvent.objects.filter(kind=CaseEvent.Kind.ESCALATED).values_list("deadline_id", "escalation_level")
    )
    assert set(levels.values()) == {1}
    assert Notification.objects.count() == 2 * 60


def test_sweep_deadlines_command_prints_the_steps_taken(cast, council):
    open_enquiry(cast, received_at=FEB_RECEIPT)
    out = StringIO()
    call_command("sweep_deadlines", "--now", LONG_AFTER.isoformat(), stdout=out)
    assert out.getvalue() == "steps: 3\n"
    out = StringIO()
    call_command("sweep_deadlines", "--now", LONG_AFTER.isoformat(), stdout=out)
    assert out.getvalue() == "steps: 0\n"


def test_case_events_cannot_be_rewritten_or_deleted_even_in_raw_sql(cast, council):
    deadline = open_enquiry(cast, received_at=FEB_RECEIPT)
    event = CaseEvent.objects.filter(case=deadline.case).first()
    for statement in (
        "UPDATE casework_caseevent SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM casework_caseevent WHERE id = %s",
    ):
        refused = r"case events are append-only \((UPDATE|DELETE) refused\)"
        with pytest.raises(DatabaseError, match=refused), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert CaseEvent.objects.get(pk=event.pk).summary == event.summary


def _rows_read_by_claim(now: dt.datetime) -> int:
    """The most rows any step of the sweep's claim handles, run as the sweep sends it (rolled back)."""

    class Rollback(Exception):
        pass

    with CaptureQueriesContext(connection) as queries, pytest.raises(Rollback), transaction.atomic():
        sweep_one(now=now)
        raise Rollback
    claim = next(q["sql"] for q in queries.captured_queries if "SKIP LOCKED" in q["sql"])
    with pytest.raises(Rollback), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + claim)
        plan = cursor.fetchone()[0][0]["Plan"]
        raise Rollback

    def most(node: dict) -> int:
        return max([node["Actual Rows"] * node["Actual Loops"], *(most(n) for n in node.get("Plans", []))])

    return most(plan)


def test_claiming_one_deadline_does_not_read_every_due_deadline(cast, council):
    # 20,000 open clocks, none due when the statistics were taken; then 1,000 fall due at once.
    first = open_enquiry(cast, received_at=FEB_RECEIPT)
    later = LONG_AFTER + dt.timedelta(days=1)
    Deadline.objects.bulk_create(
        Deadline(
            case=first.case, rule="enquiry_reply", label="Reply to the councillor", started_on=first.started_on,
            working_days=7, due_on=first.due_on, due_at=first.due_at, created_at=first.created_at,
            next_check_at=later + dt.timedelta(seconds=i),
        )
        for i in range(20_000)
    )  # fmt: skip
    Deadline.objects.filter(pk=first.pk).update(next_check_at=later)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_deadline")
    due = Deadline.objects.order_by("next_check_at").values_list("pk", flat=True)[:1000]
    Deadline.objects.filter(pk__in=list(due)).update(next_check_at=LONG_AFTER - dt.timedelta(minutes=1))
    assert _rows_read_by_claim(LONG_AFTER) <= 2
