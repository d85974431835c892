"""The benchmark: seed one large council in a throwaway PostgreSQL database and time the hot paths.

    python manage.py bench
    seed_s: 8.927 s
    ...
    idle_sweep_ms: 9.957 ms
    ...
    summary: missed sweep_per_escalation_ms 27.289 ms > 1 ms

1. Create `portal_bench_<pid>` on the same PostgreSQL server as the portal (or the server of
   --database-url) and migrate it.
2. Seed one town council with its people, the Kettering-model profile and N open cases (100,000
   by default), each with an open reply clock that is not yet due, written with COPY.
3. Run every registered measurement in turn; each prints `name: value unit` lines.
4. Print `summary: ok`, or which targets were missed; drop the database whatever happened.

A measurement is one function decorated with `@measurement`: it takes the `Bench` (the seeded
council, its people, the moment the bench runs at) and returns its `Figure`s. Measurements run
in the order they are defined, on the same database, so each leaves it as the next expects
(the sweep measurements only move deadlines they took with `Bench.take_idle_deadlines`).

Query counts come from CaptureQueriesContext and so include BEGIN, COMMIT and savepoints.

Task messages (the outbox wake-up every escalation sends on commit) go to Celery's in-memory
transport unless --broker names one, so a bench never leaves thousands of messages on a shared
queue; pass --broker redis://... to include the cost of publishing them.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import dj_database_url
import psycopg
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

CASES = 100_000
IDLE_SWEEPS = 20
DUE_DEADLINES = 5_000
COUNTED_DEADLINES = 1_000


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None  # the most the value may be

    @property
    def missed(self) -> bool:
        return self.target is not None and self.value > self.target

    def line(self) -> str:
        value = f"{self.value:d}" if isinstance(self.value, int) else f"{self.value:.3f}"
        return f"{self.name}: {value} {self.unit}"


@dataclass
class Bench:
    """The seeded council and what the measurements need to know about it."""

    council: object
    now: dt.datetime
    cases: int
    idle_deadline_ids: list[int] = field(default_factory=list)

    def take_idle_deadlines(self, n: int) -> list[int]:
        """Ids of `n` open, not-yet-due deadlines no other measurement has touched."""
        if n > len(self.idle_deadline_ids):
            raise RuntimeError(f"the bench has only {len(self.idle_deadline_ids)} untouched deadlines left")
        taken, self.idle_deadline_ids = self.idle_deadline_ids[:n], self.idle_deadline_ids[n:]
        return taken


Measurement = Callable[[Bench], list[Figure]]
MEASUREMENTS: list[Measurement] = []


def measurement(fn: Measurement) -> Measurement:
    MEASUREMENTS.append(fn)
    return fn


def _ms(seconds: float) -> float:
    return seconds * 1000


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------


@measurement
def server_floor(bench: Bench) -> list[Figure]:
    """What any step costs on this server before the portal does anything: a round trip, a commit.

    The sweep commits once per escalation, so `db_commit_ms` is the floor under
    `sweep_per_escalation_ms`; it swings with the disk (and whatever else is writing to it).
    """
    from casework.models import Heartbeat

    def median_ms(fn, times: int) -> float:
        samples = []
        for _ in range(times):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        return _ms(statistics.median(samples))

    with connection.cursor() as cursor:
        round_trip = median_ms(lambda: cursor.execute("SELECT 1"), 200)
    probe = Heartbeat.objects.create(name="bench-probe", last_run_at=bench.now)
    commit = median_ms(lambda: Heartbeat.objects.filter(pk=probe.pk).update(processed=1), 100)  # autocommit
    probe.delete()
    return [Figure("db_round_trip_ms", round_trip, "ms"), Figure("db_commit_ms", commit, "ms")]


@measurement
def idle_sweep(bench: Bench) -> list[Figure]:
    """The beat's sweep every minute when nothing is due: one indexed read, whatever the case count."""
    from casework.services.escalation import sweep

    for _ in range(2):  # warm the connection and the plan
        sweep(now=bench.now)
    times = []
    for _ in range(IDLE_SWEEPS):
        started = time.perf_counter()
        steps = sweep(now=bench.now)
        times.append(time.perf_counter() - started)
        if steps:
            raise RuntimeError(f"an idle sweep found {steps} steps to take; the seed is wrong")
    with CaptureQueriesContext(connection) as queries:
        sweep(now=bench.now)
    return [
        Figure("idle_sweep_ms", _ms(statistics.median(times)), "ms", target=10),
        Figure("idle_sweep_queries", len(queries.captured_queries), "queries"),
    ]


def _make_due(bench: Bench, ids: list[int]) -> None:
    from casework.models import Deadline

    Deadline.objects.filter(pk__in=ids).update(next_check_at=bench.now - dt.timedelta(minutes=1))


@measurement
def due_sweep(bench: Bench) -> list[Figure]:
    """5,000 deadlines fall due at once (each a reminder with its notification) and one sweep takes them.

    They share one due instant, as real clocks do (every reply due on a day is due at its last
    microsecond; reminders and Chair steps come due at opening time).
    """
    from casework.services.escalation import sweep

    _make_due(bench, bench.take_idle_deadlines(DUE_DEADLINES))
    started = time.perf_counter()
    steps = sweep(now=bench.now)
    total = time.perf_counter() - started
    if steps != DUE_DEADLINES:
        raise RuntimeError(f"the sweep took {steps} steps for {DUE_DEADLINES} due deadlines")

    # Counted separately: capturing queries slows them down.
    _make_due(bench, bench.take_idle_deadlines(COUNTED_DEADLINES))
    with CaptureQueriesContext(connection) as queries:
        counted = sweep(now=bench.now)
    return [
        Figure("sweep_5000_due_total_ms", _ms(total), "ms"),
        Figure("sweep_per_escalation_ms", _ms(total) / steps, "ms", target=1),
        Figure("sweep_queries_per_escalation", len(queries.captured_queries) / counted, "queries"),
    ]


# ---------------------------------------------------------------------------
# Councillor enquiries: the Clerk's queue, the case page, opening an enquiry
# ---------------------------------------------------------------------------

PAGE_WARMUP = 20
PAGE_RUNS = 200
ENQUIRIES_OPENED = 200


@contextmanager
def _test_client() -> Iterator[object]:
    """A django.test.Client in this process, allowed to ask for pages whatever ALLOWED_HOSTS says."""
    from django.conf import settings
    from django.test import Client

    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        yield Client()


def _time_gets(client, url: str) -> list[float]:
    """Warm up, then time PAGE_RUNS GETs of `url` (each must answer 200)."""
    for _ in range(PAGE_WARMUP):
        status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"GET {url} answered {status}")
    times = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


@measurement
def clerk_queue(bench: Bench) -> list[Figure]:
    """The Clerk's enquiry queue, first page: 25 of the open enquiries, soonest due first, flags and filters."""
    from django.urls import reverse

    from accounts.models import User

    url = reverse("enquiry-queue", kwargs={"slug": bench.council.slug})
    with _test_client() as client:
        client.force_login(User.objects.get(email="clerk@bench.example.org"))
        times = _time_gets(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
    return [
        Figure("clerk_queue_median_ms", _ms(statistics.median(times)), "ms", target=9),
        Figure("clerk_queue_p95_ms", _ms(_p95(times)), "ms"),
        Figure("clerk_queue_queries", len(queries.captured_queries), "queries"),
    ]


@measurement
def enquiry_open_and_page(bench: Bench) -> list[Figure]:
    """Opening an enquiry (case, route, reply clock, events, acknowledgement) and its case page.

    Each opening is the service call the form makes, in its own transaction, including the
    outbox wake-up sent on commit.
    """
    from django.urls import reverse

    from accounts.models import User
    from casework.services.enquiries import enquiry_open

    clerk = User.objects.get(email="clerk@bench.example.org")
    councillor = User.objects.get(email="cllr2@bench.example.org")
    times = []
    case = None
    for i in range(ENQUIRIES_OPENED):
        now = timezone.now()
        started = time.perf_counter()
        case = enquiry_open(
            council=bench.council,
            councillor=councillor,
            logged_by=clerk,
            received_at=now,
            channel="email",
            subject=f"Benchmark enquiry {i}: overgrown hedge",
            details="The hedge on Church Lane blocks the footpath.",
            ward="North",
            constituent_name="A Resident",
            constituent_contact="resident@example.net",
            now=now,
        )
        times.append(time.perf_counter() - started)
    url = reverse("case-detail", kwargs={"slug": bench.council.slug, "reference": case.reference})
    with _test_client() as client:
        client.force_login(clerk)
        page_times = _time_gets(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
    return [
        Figure("create_enquiry_median_ms", _ms(statistics.median(times[10:])), "ms", target=10),
        Figure("case_page_median_ms", _ms(statistics.median(page_times)), "ms", target=10),
        Figure("case_page_queries", len(queries.captured_queries), "queries"),
    ]


# ---------------------------------------------------------------------------
# Compliance reports: the Monitoring Officer's dashboard and the compliance report
# ---------------------------------------------------------------------------

DASHBOARD_RUNS = 20
REPORT_RUNS = 5


def _monitoring_client():
    """A django.test.Client signed in as the bench's Monitoring Officer (any ALLOWED_HOSTS)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    hosts = override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
    hosts.enable()
    client = Client()
    client.force_login(User.objects.get(email="mo@bench.example.org"))
    return client, hosts


def _time_page(client, url: str, runs: int) -> tuple[list[float], int]:
    """Time `runs` GETs of `url` after one warm-up (each must answer 200); and its query count."""
    if (status := client.get(url).status_code) != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return times, len(queries.captured_queries)


@measurement
def mo_dashboard(bench: Bench) -> list[Figure]:
    """The Monitoring Officer's dashboard across the councils they serve: nine aggregate or short-list queries."""
    from django.urls import reverse

    client, hosts = _monitoring_client()
    try:
        times, queries = _time_page(client, reverse("monitoring-dashboard"), DASHBOARD_RUNS)
    finally:
        hosts.disable()
    return [
        Figure("mo_dashboard_median_ms", _ms(statistics.median(times)), "ms"),
        Figure("mo_dashboard_queries", queries, "queries"),
    ]


@measurement
def compliance_report(bench: Bench) -> list[Figure]:
    """The compliance report for this quarter at the seeded council: every case received in it, with its clocks."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from casework.calendar import london_date
    from complaints.reports.periods import quarter_of

    quarter = quarter_of(london_date(bench.now))
    query = urlencode({"council": bench.council.slug, "start": quarter.start, "end": quarter.end})
    client, hosts = _monitoring_client()
    try:
        times, queries = _time_page(client, f"{reverse('compliance-report')}?{query}", REPORT_RUNS)
    finally:
        hosts.disable()
    return [
        Figure("compliance_report_median_ms", _ms(statistics.median(times)), "ms"),
        Figure("compliance_report_queries", queries, "queries"),
    ]


# ---------------------------------------------------------------------------
# The database: create, point Django at it, seed, drop
# ---------------------------------------------------------------------------


def server_url_from_settings() -> str | None:
    """The portal's own PostgreSQL server as a URL, or None when it runs on anything else."""
    conf = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        return None
    user, password = conf.get("USER") or "", conf.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{conf.get('HOST') or 'localhost'}:{conf.get('PORT') or 5432}/{conf['NAME']}"


def _connect_admin(server: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres",
        user=server.get("USER") or None,
        password=server.get("PASSWORD") or None,
        host=server.get("HOST") or None,
        port=server.get("PORT") or None,
        autocommit=True,
    )


@contextmanager
def bench_database(server_url: str, name: str) -> Iterator[None]:
    """Create database `name`, make it Django's default for the duration, drop it afterwards."""
    server = dj_database_url.parse(server_url)
    if server["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("the benchmark runs on PostgreSQL only")
    with _connect_admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    previous = connections.settings["default"]
    connections["default"].close()
    # A SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so the database is still dropped.
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread:
        previous_handler = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        bench = connections.configure_settings({"default": {**server, "NAME": name, "CONN_MAX_AGE": None}})
        connections.settings["default"] = bench["default"]
        del connections["default"]
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = previous
        del connections["default"]
        with _connect_admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Send this process's task messages to `url` (Celery prefers the environment to its settings)."""
    from protocol_portal.celery import app

    def reset():
        if app._pool is not None:
            app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    before_env, before_conf = os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url
    os.environ["CELERY_BROKER_URL"], app.conf["broker_url"] = url, url
    reset()
    try:
        yield
    finally:
        if before_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = before_env
        app.conf["broker_url"] = before_conf
        reset()


def _copy(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def seed(*, cases: int, now: dt.datetime) -> Bench:
    """One town council with its people and `cases` open enquiries, none of them due yet.

    Each case was received in the last four days, so its 4.4 reply clock (seven working days)
    first needs the sweep for its reminder, two working days before it is due: always after now.
    """
    from accounts.models import Council, Membership, OfficeTerm, User
    from casework.calendar import calendar_for_council, end_of_day, london_date
    from casework.models import Case, CaseEvent, CaseSequence, Deadline
    from casework.profiles import profile_create_from_preset
    from casework.routing import route
    from casework.services.deadlines import compute_due
    from casework.services.escalation import next_check_after

    with transaction.atomic():
        district = Council.objects.create(name="Benchmark District Council", slug="bench-district", kind="district")
        council = Council.objects.create(
            name="Benchmark Town Council", slug="bench-town", kind="town", principal_council=district
        )
        profile = profile_create_from_preset(council=council, preset="kettering")
        since = dt.date(2023, 5, 8)

        def person(email, name, role, where=council):
            user = User.objects.create_user(email=email, full_name=name)
            Membership.objects.create(user=user, council=where, role=role, starts_on=since)
            return user

        R = Membership.Role
        person("clerk@bench.example.org", "Bench Clerk", R.CLERK)
        officers = [person(f"officer{i}@bench.example.org", f"Bench Officer {i}", R.OFFICER) for i in range(4)]
        councillors = [
            person(f"cllr{i}@bench.example.org", f"Cllr Bench {i}", R.COUNCILLOR) for i in range(20)
        ]
        OfficeTerm.objects.create(council=council, office="chair", holder=councillors[0], starts_on=since)
        OfficeTerm.objects.create(council=council, office="vice_chair", holder=councillors[1], starts_on=since)
        person("mo@bench.example.org", "Bench Monitoring Officer", R.MONITORING_OFFICER, where=district)

    calendar = calendar_for_council(council)
    decision = route(Case(council=council, kind=Case.Kind.ENQUIRY), on=london_date(now), profile=profile)

    # The clock of a case received on each of the last four days, computed by the services' own rules.
    clocks = {}
    for back in range(4):
        received = now - dt.timedelta(days=back, hours=1)
        started_on = london_date(received)
        due_on, skipped = compute_due(started_on=started_on, working_days=7, calendar=calendar)
        probe = Deadline(
            case=Case(council=council), due_on=due_on, due_at=end_of_day(due_on), created_at=received, level=0
        )
        check = next_check_after(probe, profile=profile, calendar=calendar)
        if check is None or check <= now:
            raise RuntimeError(f"a clock started {started_on} would be due at {check}; the seed is wrong")
        clocks[back] = (received, started_on, due_on, end_of_day(due_on), skipped, check)

    import json

    numbers: dict[int, int] = {}
    case_rows = []
    for i in range(cases):
        received, started_on, due_on, due_at, skipped, check = clocks[i % 4]
        year = started_on.year
        numbers[year] = numbers.get(year, 0) + 1
        case_rows.append(
            (
                council.pk, Case.Kind.ENQUIRY, f"ENQ-{year}-{numbers[year]:04d}", Case.Status.OPEN,
                f"Enquiry {i}: pothole on Station Road", False, i % 100 == 0,
                councillors[i % len(councillors)].pk, officers[i % len(officers)].pk if i % 2 else None,
                decision.office, decision.person.pk if decision.person else None,
                received, received, received, due_at, 1,
            )
        )  # fmt: skip
    _copy(
        "casework_case",
        ["council_id", "kind", "reference", "status", "subject", "confidential", "urgent", "raised_by_id",
         "assigned_to_id", "routed_office", "routed_to_id", "received_at", "created_at", "updated_at", "due_at",
         "version"],
        case_rows,
    )  # fmt: skip
    CaseSequence.objects.bulk_create(
        CaseSequence(council=council, prefix="ENQ", year=year, last=last) for year, last in numbers.items()
    )
    case_ids = dict(Case.objects.filter(council=council).values_list("reference", "pk"))
    ordered_ids = [case_ids[row[2]] for row in case_rows]

    def deadline_rows():
        for i, case_id in enumerate(ordered_ids):
            received, started_on, due_on, due_at, skipped, check = clocks[i % 4]
            yield (
                case_id, "enquiry_reply", "Reply to the councillor", "4.4", "c-4-4", started_on, 7, due_on, due_at,
                json.dumps(skipped), Deadline.State.OPEN, Deadline.Level.SET, check, received,
            )  # fmt: skip

    _copy(
        "casework_deadline",
        ["case_id", "rule", "label", "clause", "clause_anchor", "started_on", "working_days", "due_on", "due_at",
         "skipped", "state", "level", "next_check_at", "created_at"],
        deadline_rows(),
    )  # fmt: skip
    deadline_ids = dict(Deadline.objects.filter(case__council=council).values_list("case_id", "pk"))

    def event_rows():
        for i, case_id in enumerate(ordered_ids):
            received, started_on, due_on, *_ = clocks[i % 4]
            yield (case_id, received, CaseEvent.Kind.OPENED, "Councillor enquiry received", "", "", None, "{}")
            yield (
                case_id, received, CaseEvent.Kind.DEADLINE_SET, f"Reply to the councillor: due {due_on:%d %B %Y}.",
                "4.4", "c-4-4", deadline_ids[case_id], "{}",
            )  # fmt: skip

    _copy(
        "casework_caseevent",
        ["case_id", "at", "kind", "summary", "clause", "clause_anchor", "deadline_id", "data"],
        event_rows(),
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return Bench(council=council, now=now, cases=cases, idle_deadline_ids=[deadline_ids[c] for c in ordered_ids])


def run(
    *,
    server_url: str,
    out: Callable[[str], None],
    cases: int = CASES,
    broker_url: str = "memory://localhost/",
    now: dt.datetime | None = None,
) -> list[Figure]:
    """Seed, measure, print a line per figure and the summary; the database is dropped at the end."""
    name = f"portal_bench_{os.getpid()}"
    now = now or timezone.now()
    figures: list[Figure] = []
    with bench_database(server_url, name), broker(broker_url), override_settings(DEBUG=False):
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        bench = seed(cases=cases, now=now)
        figures.append(Figure("seed_s", time.perf_counter() - started, "s"))
        figures.append(Figure("open_cases", cases, "cases"))
        for figure in figures:
            out(figure.line())
        for measure in MEASUREMENTS:
            for figure in measure(bench):
                figures.append(figure)
                out(figure.line())
    out(summary(figures))
    return figures


def summary(figures: list[Figure]) -> str:
    missed = [f for f in figures if f.missed]
    if not missed:
        return "summary: ok"
    return "summary: missed " + "; ".join(f"{f.name} {f.value:.3f} {f.unit} > {f.target:g} {f.unit}" for f in missed)
