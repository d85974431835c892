"""The Monitoring Officer's dashboard: one page across every council they serve.

Nine queries whatever the number of councils and cases (each an aggregate, or a short list
with its people joined): the councils served; Code of Conduct complaints by stage, and the ten
soonest due; register obligations outstanding and overdue, and the ten most overdue;
relationship disclosures; dispensations; breach reports referred to the Monitoring Officer;
and, per council, enquiries and information requests answered within the deadline this quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Min, Q

from accounts.models import Council, User
from accounts.selectors import councils_served_by
from casework.calendar import london_date
from casework.models import Case
from interests.models import Dispensation, RegistrationObligation, RelationshipDisclosure

from ..models import BreachReport, Complaint
from .compliance import clock_aggregates
from .periods import Period, quarter_of
from .scope import CORRESPONDENCE_KINDS

LIST_LIMIT = 10
REFERRED_LIMIT = 20
EXPIRING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class QuarterFigures:
    """Enquiries (or information requests) received at a council this quarter, and how they were answered."""

    received: int = 0
    answered_within: int = 0
    late: int = 0
    open_overdue: int = 0

    @property
    def due(self) -> int:
        return self.answered_within + self.late + self.open_overdue

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.answered_within / self.due) if self.due else None


@dataclass(frozen=True)
class StageFigures:
    stage: str
    label: str
    open: int = 0
    overdue: int = 0
    next_due_at: dt.datetime | None = None


@dataclass
class CouncilFigures:
    council: Council
    complaints_open: int = 0
    complaints_overdue: int = 0
    obligations_outstanding: int = 0
    obligations_overdue: int = 0
    relationships_awaiting: int = 0
    relationships_in_force: int = 0
    dispensations_requested: int = 0
    dispensations_in_force: int = 0
    dispensations_expiring: int = 0
    enquiries: QuarterFigures = field(default_factory=QuarterFigures)
    information_requests: QuarterFigures = field(default_factory=QuarterFigures)


@dataclass(frozen=True)
class MonitoringDashboard:
    quarter: Period
    now: dt.datetime
    councils: list[CouncilFigures]
    stages: list[StageFigures]
    soonest_complaints: list[Complaint]
    overdue_obligations: list[RegistrationObligation]
    referred_breaches: list[BreachReport]

    @property
    def complaints_open(self) -> int:
        return sum(s.open for s in self.stages)

    @property
    def complaints_overdue(self) -> int:
        return sum(s.overdue for s in self.stages)


def quarter_figures(*, councils: list, quarter: Period, now: dt.datetime) -> dict[tuple[int, str], QuarterFigures]:
    """(council id, kind) → this quarter's figures, in one query however many cases there are.

    The inner query sums each case's clocks (compliance.clock_aggregates, the same sums the
    report classifies with compliance.classify); the outer one counts the cases per council and
    kind by the same rule: answered within the deadline when no clock runs, one was completed and
    none was missed; late when one was missed; open and overdue while a running clock is past due.
    Only a row per council and kind leaves the database.
    """
    per_case = (
        Case.objects.filter(
            council__in=councils,
            kind__in=CORRESPONDENCE_KINDS,
            received_at__gte=quarter.starts_at,
            received_at__lt=quarter.ends_before,
        )
        .values("pk", "council_id", "kind")
        .annotate(**clock_aggregates(now=now, path="deadlines__"))
        .order_by()
    )
    inner, params = per_case.query.sql_with_params()
    sql = (
        "SELECT council_id, kind, COUNT(*),"
        " SUM(CASE WHEN running = 0 AND done > 0 AND missed = 0 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN running = 0 AND done > 0 AND missed > 0 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN running > 0 AND overdue > 0 THEN 1 ELSE 0 END)"
        f" FROM ({inner}) per_case GROUP BY council_id, kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        (council_id, kind): QuarterFigures(int(received), int(within or 0), int(late or 0), int(overdue or 0))
        for council_id, kind, received, within, late, overdue in rows
    }


def served_councils(*, user: User, on: dt.date) -> list[Council]:
    return list(councils_served_by(user=user, on=on))


def monitoring_dashboard(*, councils: list[Council], now: dt.datetime) -> MonitoringDashboard:
    """Every figure of the dashboard for the councils given (the ones the Monitoring Officer serves)."""
    today = london_date(now)
    quarter = quarter_of(today)
    figures = {c.pk: CouncilFigures(council=c) for c in councils}
    ids = list(figures)

    # Code of Conduct complaints by stage, due and overdue.
    open_complaints = Complaint.objects.filter(case__council__in=ids, stage__in=Complaint.OPEN_STAGES)
    stage_rows = (
        open_complaints.values("case__council_id", "stage")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(case__due_at__lt=now)), next_due=Min("case__due_at"))
        .order_by()
    )
    stages: dict[str, dict] = {s: {"open": 0, "overdue": 0, "next_due_at": None} for s in Complaint.OPEN_STAGES}
    for row in stage_rows:
        f = figures[row["case__council_id"]]
        f.complaints_open += row["n"]
        f.complaints_overdue += row["overdue"]
        s = stages[row["stage"]]
        s["open"] += row["n"]
        s["overdue"] += row["overdue"]
        if row["next_due"] and (s["next_due_at"] is None or row["next_due"] < s["next_due_at"]):
            s["next_due_at"] = row["next_due"]
    stage_figures = [
        StageFigures(stage=s, label=Complaint.Stage(s).label, **values) for s, values in stages.items()
    ]
    soonest = list(
        open_complaints.filter(case__due_at__isnull=False)
        .select_related("case__council", "case__subject_person")
        .order_by("case__due_at", "pk")[:LIST_LIMIT]
    )

    # The register: 28-day obligations outstanding and overdue (ss.30–31).
    outstanding = RegistrationObligation.objects.filter(register__council__in=ids, fulfilled_at__isnull=True)
    for row in (
        outstanding.values("register__council_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    ):
        f = figures[row["register__council_id"]]
        f.obligations_outstanding, f.obligations_overdue = row["n"], row["overdue"]
    overdue_obligations = list(
        outstanding.filter(due_on__lt=today)
        .select_related("register__council", "register__councillor")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )

    # Close personal relationships disclosed to the Monitoring Officer (002 6.5).
    for row in (
        RelationshipDisclosure.objects.filter(council__in=ids)
        .values("council_id")
        .annotate(
            awaiting=Count("pk", filter=Q(status=RelationshipDisclosure.Status.DISCLOSED)),
            in_force=Count("pk", filter=Q(status__in=RelationshipDisclosure.IN_FORCE)),
        )
        .order_by()
    ):
        f = figures[row["council_id"]]
        f.relationships_awaiting, f.relationships_in_force = row["awaiting"], row["in_force"]

    # Dispensations (s.33): awaiting a decision, in force today, ending within 30 days.
    granted_now = Q(status=Dispensation.Status.GRANTED, granted_from__lte=today, granted_until__gte=today)
    soon = today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    for row in (
        Dispensation.objects.filter(register__council__in=ids)
        .values("register__council_id")
        .annotate(
            requested=Count("pk", filter=Q(status=Dispensation.Status.REQUESTED)),
            in_force=Count("pk", filter=granted_now),
            expiring=Count("pk", filter=granted_now & Q(granted_until__lte=soon)),
        )
        .order_by()
    ):
        f = figures[row["register__council_id"]]
        f.dispensations_requested, f.dispensations_in_force = row["requested"], row["in_force"]
        f.dispensations_expiring = row["expiring"]

    # Breach reports the Chair referred to the Monitoring Officer (Code of Conduct).
    referred = list(
        BreachReport.objects.filter(
            case__council__in=ids, decision=BreachReport.Decision.REFER_MONITORING_OFFICER
        )
        .select_related("case__council", "case__subject_person", "decided_by")
        .order_by("-decided_at", "-pk")[:REFERRED_LIMIT]
    )

    # Per council: enquiries and information requests answered within the deadline this quarter.
    for (council_id, kind), q in quarter_figures(councils=ids, quarter=quarter, now=now).items():
        if kind == Case.Kind.ENQUIRY:
            figures[council_id].enquiries = q
        else:
            figures[council_id].information_requests = q

    return MonitoringDashboard(
        quarter=quarter,
        now=now,
        councils=[figures[c.pk] for c in councils],
        stages=stage_figures,
        soonest_complaints=soonest,
        overdue_obligations=overdue_obligations,
        referred_breaches=referred,
    )


def compliance_panel(*, user: User, now: dt.datetime) -> tuple[Period, list[tuple[Council, QuarterFigures]]]:
    """The Monitoring Officer's home-page panel: per council, enquiries this quarter (two queries)."""
    quarter = quarter_of(london_date(now))
    councils = served_councils(user=user, on=london_date(now))
    figures = quarter_figures(councils=[c.pk for c in councils], quarter=quarter, now=now) if councils else {}
    return quarter, [(c, figures.get((c.pk, Case.Kind.ENQUIRY), QuarterFigures())) for c in councils]


__all__ = [
    "CouncilFigures",
    "MonitoringDashboard",
    "QuarterFigures",
    "StageFigures",
    "compliance_panel",
    "monitoring_dashboard",
    "quarter_figures",
    "served_councils",
]
