"""The compliance report: how quickly a council dealt with what the protocol puts on a clock.

For a council and a period (cases received in it, London dates), as seen at `now`:
- enquiries and information requests received, answered on time, answered after an interim
  reply (000 4.4), answered late, open and overdue, open and not yet due, closed without a reply;
  the median working days from the date received to the date the reply clock was completed;
  the same by month, by officer (the assignee), by councillor and by political group (equal
  treatment, 000 2.5(l) and 4.5: does any councillor or group wait longer?);
- referrals to the Chair (000 9.5) and breach reports (000 18.1) with their outcomes, and
  whether the decision came within its clock.

Cost: a fixed number of queries whatever the number of cases — the cases (one row each, with
their decisions joined), their clocks summed up per case (one grouped query), the councillors'
groups (one) and the council's closure days (one). Everything else is arithmetic on those rows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate

from accounts.models import Membership, User
from casework.calendar import LONDON, WorkingCalendar, calendar_for_council, london_date
from casework.models import Case, Deadline, ReferralDecision

from ..models import BreachReport
from .periods import Period
from .scope import CORRESPONDENCE_KINDS, ReportScope, report_cases

INTERIM_RULE = "interim_reply"  # casework.services.enquiries: the clock an interim reply (000 4.4) sets
EXPORT_CHUNK = 2000


class Outcome(models.TextChoices):
    ON_TIME = "on_time", "Answered on time"
    AFTER_INTERIM = "after_interim", "Answered after an interim reply"
    LATE = "late", "Answered late"
    OPEN_OVERDUE = "open_overdue", "Open and overdue"
    OPEN = "open", "Open, not yet due"
    CLOSED = "closed", "Closed without a reply"


# For breach reports and referrals the same clock outcomes read as decisions.
DECISION_WORDS = {
    Outcome.ON_TIME: "Decided on time",
    Outcome.AFTER_INTERIM: "Decided on time",
    Outcome.LATE: "Decided late",
    Outcome.OPEN_OVERDUE: "Awaiting a decision, overdue",
    Outcome.OPEN: "Awaiting a decision, not yet due",
    Outcome.CLOSED: "Closed without a decision",
}


class WorkingDayCounter:
    """working_days_between for many pairs of dates: each day's calendar is asked once."""

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self._working: dict[dt.date, bool] = {}

    def _is_working(self, day: dt.date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self.calendar.is_working_day(day)
        return known

    def between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall in (start, end]; 0 when end is not after start."""
        count, day = 0, start + dt.timedelta(days=1)
        while day <= end:
            count += self._is_working(day)
            day += dt.timedelta(days=1)
        return count


@dataclass(slots=True)
class CaseRow:
    """One case in the report (and one line of the CSV export)."""

    pk: int
    reference: str
    kind: str
    received_on: dt.date
    councillor_id: int | None
    councillor: str
    group: str
    officer_id: int | None
    officer: str
    due_on: dt.date | None
    replied_on: dt.date | None
    outcome: Outcome
    interim_replies: int
    working_days: int | None
    decision: str = ""
    subject_person_id: int | None = None
    subject_person: str = ""

    @property
    def kind_label(self) -> str:
        return Case.Kind(self.kind).label

    @property
    def on_time(self) -> bool | None:
        """Answered (or decided) within its clock: yes, no, or not yet known."""
        if self.outcome in (Outcome.ON_TIME, Outcome.AFTER_INTERIM):
            return True
        if self.outcome in (Outcome.LATE, Outcome.OPEN_OVERDUE):
            return False
        return None

    @property
    def is_correspondence(self) -> bool:
        return self.kind in CORRESPONDENCE_KINDS


@dataclass(frozen=True)
class Tally:
    """Counts of outcomes for a set of cases, with the median working days to reply."""

    label: str
    received: int = 0
    on_time: int = 0
    after_interim: int = 0
    late: int = 0
    open_overdue: int = 0
    open: int = 0
    closed: int = 0
    median_working_days: float | None = None
    key: object = None  # what the row is for: a month, an officer's id, a group

    @property
    def answered_within(self) -> int:
        """Answered within the deadline: on time, or by the date an interim reply gave (000 4.4)."""
        return self.on_time + self.after_interim

    @property
    def answered(self) -> int:
        return self.on_time + self.after_interim + self.late

    @property
    def overdue(self) -> int:
        """Overdue: answered late, or still open past the deadline."""
        return self.late + self.open_overdue

    @property
    def due(self) -> int:
        """Cases whose deadline has come: answered, or open and overdue."""
        return self.answered_within + self.overdue

    @property
    def on_time_share(self) -> float | None:
        """The share of cases whose deadline has come that were answered within it."""
        return self.answered_within / self.due if self.due else None

    @property
    def on_time_percent(self) -> int | None:
        share = self.on_time_share
        return None if share is None else round(share * 100)


def tally(rows: Iterable[CaseRow], *, label: str, key: object = None) -> Tally:
    counts: dict[Outcome, int] = defaultdict(int)
    days: list[int] = []
    received = 0
    for row in rows:
        received += 1
        counts[row.outcome] += 1
        if row.working_days is not None and row.outcome in (Outcome.ON_TIME, Outcome.AFTER_INTERIM, Outcome.LATE):
            days.append(row.working_days)
    return Tally(
        label=label,
        received=received,
        on_time=counts[Outcome.ON_TIME],
        after_interim=counts[Outcome.AFTER_INTERIM],
        late=counts[Outcome.LATE],
        open_overdue=counts[Outcome.OPEN_OVERDUE],
        open=counts[Outcome.OPEN],
        closed=counts[Outcome.CLOSED],
        median_working_days=statistics.median(days) if days else None,
        key=key,
    )


@dataclass(frozen=True)
class GroupTally:
    """A councillor's or a group's figures beside the council's (equal treatment, 000 2.5(l), 4.5)."""

    tally: Tally
    group: str = ""
    median_difference: float | None = None  # working days more (+) or fewer (−) than the council's median
    share_difference: int | None = None  # percentage points above (+) or below (−) the council's share


@dataclass(frozen=True)
class DecisionFigures:
    """Breach reports or referrals: how many, decided in time or not, and what was decided."""

    label: str
    tally: Tally
    outcomes: list[tuple[str, int]]
    by_month: list[Tally]

    @property
    def decided(self) -> int:
        return self.tally.received - self.awaiting

    @property
    def awaiting(self) -> int:
        return dict(self.outcomes).get(AWAITING, 0)


AWAITING = "Awaiting a decision"


@dataclass(frozen=True)
class PersonDecisions:
    """Breach reports and referrals naming one councillor (shown to the Monitoring Officer only)."""

    councillor: str
    group: str
    breach_reports_about: int
    breach_reports_made: int
    referrals: int


@dataclass(frozen=True)
class ComplianceReport:
    scope: ReportScope
    period: Period
    now: dt.datetime
    rows: list[CaseRow]
    enquiries: Tally | None = None
    information_requests: Tally | None = None
    correspondence: Tally | None = None
    by_month: list[Tally] = field(default_factory=list)
    by_officer: list[Tally] = field(default_factory=list)
    by_councillor: list[GroupTally] = field(default_factory=list)
    by_group: list[GroupTally] = field(default_factory=list)
    referrals: DecisionFigures | None = None
    breach_reports: DecisionFigures | None = None
    decisions_by_councillor: list[PersonDecisions] = field(default_factory=list)

    @property
    def council(self):
        return self.scope.council


# --- building the rows -------------------------------------------------------------------

CASE_FIELDS = (
    "pk",
    "kind",
    "reference",
    "received_on",
    "status",
    "raised_by_id",
    "raised_by__full_name",
    "assigned_to_id",
    "assigned_to__full_name",
    "subject_person_id",
    "subject_person__full_name",
    "breach_report__decision",
    "referral_decision__decision",
)

BREACH_DECISIONS = dict(BreachReport.Decision.choices)
REFERRAL_DECISIONS = dict(ReferralDecision.Decision.choices)


@dataclass(frozen=True)
class ClockSummary:
    """What one case's clocks (all but the cancelled) add up to, computed by the database."""

    running: int = 0  # clocks not yet completed (open, paused, or missed and still running)
    overdue: int = 0  # of those, unpaused and past their due instant
    missed: int = 0  # clocks missed, completed or not
    done: int = 0  # clocks completed
    interims: int = 0  # clocks an interim reply set (000 4.4)
    due_on: dt.date | None = None  # the earliest due date: the protocol's own deadline
    replied_on: dt.date | None = None  # the London date the last clock was completed


def in_period(cases: QuerySet[Case], period: Period) -> QuerySet[Case]:
    return cases.filter(received_at__gte=period.starts_at, received_at__lt=period.ends_before)


def with_received_on(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.annotate(received_on=TruncDate("received_at", tzinfo=LONDON))


def clock_aggregates(*, now: dt.datetime, path: str = "") -> dict:
    """The aggregates a ClockSummary is made of, over the clocks at `path` ("" from Deadline, "deadlines__" from Case)."""
    live = ~Q(**{f"{path}state": Deadline.State.CANCELLED})
    not_done = Q(**{f"{path}completed_at__isnull": True})
    pk = f"{path}pk"
    return {
        "running": Count(pk, filter=live & not_done),
        "overdue": Count(
            pk,
            filter=live & not_done & Q(**{f"{path}state__in": (Deadline.State.OPEN, Deadline.State.MISSED),
                                          f"{path}due_at__lt": now}),
        ),
        "missed": Count(pk, filter=Q(**{f"{path}state": Deadline.State.MISSED})),
        "done": Count(pk, filter=live & Q(**{f"{path}completed_at__isnull": False})),
        "interims": Count(pk, filter=live & Q(**{f"{path}rule": INTERIM_RULE})),
    }


def summary_of(row: dict) -> ClockSummary:
    return ClockSummary(
        row["running"], row["overdue"], row["missed"], row["done"], row["interims"],
        row.get("first_due_on"), row.get("replied_on"),
    )


def clock_summaries(case_ids, *, now: dt.datetime) -> dict[int, ClockSummary]:
    """Each case's clocks summed up in one grouped query (`case_ids`: a list or a subquery of pks).

    One row per case, of small numbers and two dates, so a large report neither reads every clock
    nor parses every timestamp.
    """
    rows = (
        Deadline.objects.filter(case_id__in=case_ids)
        .exclude(state=Deadline.State.CANCELLED)
        .values("case_id")
        .annotate(
            **clock_aggregates(now=now),
            first_due_on=Min("due_on"),
            replied_on=Max(TruncDate("completed_at", tzinfo=LONDON)),
        )
        .order_by()
    )
    return {r["case_id"]: summary_of(r) for r in rows}


def classify(summary: ClockSummary | None, *, active: bool) -> Outcome:
    """The outcome of one case from its clocks.

    A clock still running makes the case open — overdue if an unpaused one is past its due
    instant. Otherwise the case was answered when its last clock was completed: late if any clock
    was missed, after an interim reply if one set a clock, else on time. A case with no clock left
    (all cancelled: withdrawn) was closed without a reply, or is open if it is still active.
    """
    if summary is None or (not summary.running and not summary.done):
        return Outcome.OPEN if active else Outcome.CLOSED
    if summary.running:
        return Outcome.OPEN_OVERDUE if summary.overdue else Outcome.OPEN
    if summary.missed:
        return Outcome.LATE
    if summary.interims:
        return Outcome.AFTER_INTERIM
    return Outcome.ON_TIME


def councillor_groups(*, council, on: dt.date) -> dict[int, str]:
    """Each councillor's political group at the council (one query): as on `on`, else their latest."""
    groups: dict[int, tuple[tuple, str]] = {}
    rows = Membership.objects.filter(council=council, role=Membership.Role.COUNCILLOR).values_list(
        "user_id", "group", "starts_on", "ends_on"
    )
    for user_id, group, starts_on, ends_on in rows:
        current = starts_on <= on and (ends_on is None or ends_on >= on)
        rank = (current, starts_on)
        if user_id not in groups or rank > groups[user_id][0]:
            groups[user_id] = (rank, group)
    return {user_id: group for user_id, (_, group) in groups.items()}


def _decision(case: dict) -> str:
    if case["kind"] == Case.Kind.BREACH_REPORT:
        return BREACH_DECISIONS.get(case.get("breach_report__decision") or "", "")
    if case["kind"] == Case.Kind.REFERRAL:
        return REFERRAL_DECISIONS.get(case.get("referral_decision__decision") or "", "")
    return ""


ACTIVE = frozenset(Case.ACTIVE_STATUSES)


def build_rows(
    cases: Iterable[dict],
    summaries: dict[int, ClockSummary],
    *,
    groups: dict[int, str],
    counter: WorkingDayCounter,
) -> list[CaseRow]:
    rows = []
    for case in cases:
        summary = summaries.get(case["pk"])
        outcome = classify(summary, active=case["status"] in ACTIVE)
        answered = outcome in (Outcome.ON_TIME, Outcome.AFTER_INTERIM, Outcome.LATE)
        received_on = case["received_on"]
        replied_on = summary.replied_on if answered else None
        raised_by = case["raised_by_id"]
        rows.append(
            CaseRow(
                pk=case["pk"],
                reference=case["reference"],
                kind=case["kind"],
                received_on=received_on,
                councillor_id=raised_by,
                councillor=case["raised_by__full_name"] or "",
                group=groups.get(raised_by, "") if raised_by else "",
                officer_id=case["assigned_to_id"],
                officer=case["assigned_to__full_name"] or "",
                due_on=summary.due_on if summary else None,
                replied_on=replied_on,
                outcome=outcome,
                interim_replies=summary.interims if summary else 0,
                working_days=counter.between(received_on, replied_on) if replied_on else None,
                decision=_decision(case),
                subject_person_id=case["subject_person_id"],
                subject_person=case["subject_person__full_name"] or "",
            )
        )
    return rows


def iter_rows(
    cases: QuerySet[Case], *, scope: ReportScope, period: Period, now: dt.datetime, chunk: int = EXPORT_CHUNK
) -> Iterator[CaseRow]:
    """The rows of `cases`, streamed: one query for each `chunk` cases' clocks, never one per case."""
    council = scope.council
    groups = councillor_groups(council=council, on=min(period.end, london_date(now)))
    counter = WorkingDayCounter(calendar_for_council(council))
    batch: list[dict] = []
    ordered = with_received_on(cases).order_by("received_at", "pk").values(*CASE_FIELDS)
    for case in ordered.iterator(chunk_size=chunk):
        batch.append(case)
        if len(batch) >= chunk:
            yield from build_rows(batch, clock_summaries([c["pk"] for c in batch], now=now), groups=groups,
                                  counter=counter)
            batch = []
    if batch:
        yield from build_rows(batch, clock_summaries([c["pk"] for c in batch], now=now), groups=groups,
                              counter=counter)


# --- the figures -------------------------------------------------------------------------


def _month_label(month: dt.date) -> str:
    return f"{month:%B %Y}"


def _by_month(rows: list[CaseRow], period: Period) -> list[Tally]:
    buckets: dict[dt.date, list[CaseRow]] = defaultdict(list)
    for row in rows:
        buckets[row.received_on.replace(day=1)].append(row)
    return [tally(buckets.get(month, []), label=_month_label(month), key=month) for month in period.months()]


def _by_officer(rows: list[CaseRow]) -> list[Tally]:
    buckets: dict[int | None, list[CaseRow]] = defaultdict(list)
    names: dict[int | None, str] = {None: "Not assigned to an officer"}
    for row in rows:
        buckets[row.officer_id].append(row)
        if row.officer_id:
            names[row.officer_id] = row.officer
    ordered = sorted(buckets, key=lambda k: (k is None, names[k]))
    return [tally(buckets[k], label=names[k], key=k) for k in ordered]


def _compare(t: Tally, council: Tally, *, group: str = "") -> GroupTally:
    median_difference = share_difference = None
    if t.median_working_days is not None and council.median_working_days is not None:
        median_difference = t.median_working_days - council.median_working_days
    if t.on_time_percent is not None and council.on_time_percent is not None:
        share_difference = t.on_time_percent - council.on_time_percent
    return GroupTally(t, group=group, median_difference=median_difference, share_difference=share_difference)


def _by_councillor(rows: list[CaseRow], council: Tally) -> list[GroupTally]:
    buckets: dict[int, list[CaseRow]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for row in rows:
        if row.councillor_id is None:
            continue
        buckets[row.councillor_id].append(row)
        names[row.councillor_id] = (row.councillor, row.group)
    ordered = sorted(buckets, key=lambda k: names[k][0])
    return [
        _compare(tally(buckets[k], label=names[k][0], key=k), council, group=names[k][1] or "No group recorded")
        for k in ordered
    ]


def _by_group(rows: list[CaseRow], council: Tally) -> list[GroupTally]:
    buckets: dict[str, list[CaseRow]] = defaultdict(list)
    for row in rows:
        if row.councillor_id is None:
            continue
        buckets[row.group or "No group recorded"].append(row)
    return [_compare(tally(buckets[g], label=g, key=g), council) for g in sorted(buckets)]


def _decision_figures(rows: list[CaseRow], *, label: str, choices: dict[str, str], period: Period) -> DecisionFigures:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.decision or AWAITING] += 1
    outcomes = [(name, counts.get(name, 0)) for name in choices.values()]
    outcomes.append((AWAITING, counts.get(AWAITING, 0)))
    return DecisionFigures(
        label=label,
        tally=tally(rows, label=label),
        outcomes=outcomes,
        by_month=_by_month(rows, period),
    )


def _decisions_by_councillor(rows: list[CaseRow], groups: dict[int, str]) -> list[PersonDecisions]:
    about: dict[int, int] = defaultdict(int)
    made: dict[int, int] = defaultdict(int)
    referrals: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for row in rows:
        if row.kind == Case.Kind.BREACH_REPORT:
            if row.subject_person_id in groups:
                about[row.subject_person_id] += 1
                names[row.subject_person_id] = row.subject_person
            if row.councillor_id in groups:
                made[row.councillor_id] += 1
                names[row.councillor_id] = row.councillor
        elif row.kind == Case.Kind.REFERRAL and row.councillor_id in groups:
            referrals[row.councillor_id] += 1
            names[row.councillor_id] = row.councillor
    return [
        PersonDecisions(names[k], groups.get(k) or "No group recorded", about[k], made[k], referrals[k])
        for k in sorted(names, key=lambda k: names[k])
    ]


def compliance_report(*, scope: ReportScope, user: User, period: Period, now: dt.datetime) -> ComplianceReport:
    """Every figure of the report for one council and period, as this person may see them.

    1. The cases they may count (scope.report_cases), received in the period.
    2. Their rows: one query for the cases, one for their clocks, one for groups, one for closures.
    3. The tallies, by kind, month, officer, councillor and group; the decisions' outcomes.
    """
    cases = in_period(report_cases(scope=scope, user=user), period)
    council = scope.council
    groups = councillor_groups(council=council, on=min(period.end, london_date(now)))
    counter = WorkingDayCounter(calendar_for_council(council))
    case_dicts = list(with_received_on(cases).order_by("received_at", "pk").values(*CASE_FIELDS))
    summaries = clock_summaries(cases.values("pk"), now=now) if case_dicts else {}
    rows = build_rows(case_dicts, summaries, groups=groups, counter=counter)

    by_kind: dict[str, list[CaseRow]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    figures: dict = {}
    if scope.sees_correspondence:
        correspondence = [r for r in rows if r.is_correspondence]
        total = tally(correspondence, label="All enquiries and information requests")
        figures.update(
            enquiries=tally(by_kind[Case.Kind.ENQUIRY], label="Councillor enquiries"),
            information_requests=tally(by_kind[Case.Kind.INFORMATION_REQUEST], label="Information requests"),
            correspondence=total,
            by_month=_by_month(correspondence, period),
            by_officer=_by_officer(correspondence),
            by_councillor=_by_councillor(correspondence, total),
            by_group=_by_group(correspondence, total),
        )
    figures["referrals"] = _decision_figures(
        by_kind[Case.Kind.REFERRAL], label="Referrals to the Chair", choices=REFERRAL_DECISIONS, period=period
    )
    figures["breach_reports"] = _decision_figures(
        by_kind[Case.Kind.BREACH_REPORT], label="Protocol breach reports", choices=BREACH_DECISIONS, period=period
    )
    if scope.sees_councillors_in_decisions:
        decision_rows = by_kind[Case.Kind.BREACH_REPORT] + by_kind[Case.Kind.REFERRAL]
        figures["decisions_by_councillor"] = _decisions_by_councillor(decision_rows, groups)
    return ComplianceReport(scope=scope, period=period, now=now, rows=rows, **figures)
