"""Read-only questions about complaints and concerns: dashboards, public notices, what a person may do."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Max, QuerySet

from accounts.models import Council, Membership, User
from accounts.selectors import CouncilRoles
from casework.models import Case, CaseLink

from .models import BreachReport, Complaint, DecisionNotice, IndependentPersonView

KINDS = (
    Case.Kind.BREACH_REPORT,
    Case.Kind.COMPLAINT,
    Case.Kind.OFFICER_CONCERN,
    Case.Kind.CLERK_CONCERN,
    Case.Kind.GRIEVANCE,
)
CONCERN_KINDS = (Case.Kind.OFFICER_CONCERN, Case.Kind.CLERK_CONCERN, Case.Kind.GRIEVANCE)
DASHBOARD_LIMIT = 200


def may_report_breach(roles: CouncilRoles) -> bool:
    """000 18.1/18.2: councillors and staff of the council report breaches."""
    return any(roles.has(r) for r in (Membership.Role.COUNCILLOR, Membership.Role.CLERK, Membership.Role.OFFICER))


def may_raise_concern(roles: CouncilRoles) -> bool:
    """Councillors raise concerns about officers; councillors and officers about the Clerk — not the Clerk."""
    return (roles.has(Membership.Role.COUNCILLOR) or roles.has(Membership.Role.OFFICER)) and not roles.has(
        Membership.Role.CLERK
    )


def may_lodge_grievance(roles: CouncilRoles) -> bool:
    return roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER)


def reportable_people(*, council: Council, exclude: User, on: dt.date) -> QuerySet[User]:
    """Councillors and staff of the council, for "who did not comply"."""
    ids = (
        Membership.objects.current_on(on)
        .filter(council=council, role__in=(Membership.Role.COUNCILLOR, Membership.Role.CLERK, Membership.Role.OFFICER))
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).exclude(pk=exclude.pk).order_by("full_name")


def councillors(*, council: Council, on: dt.date, exclude: User | None = None) -> QuerySet[User]:
    ids = Membership.objects.current_on(on).filter(council=council, role=Membership.Role.COUNCILLOR).values("user_id")
    people = User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")
    if exclude is not None and exclude.is_authenticated:
        people = people.exclude(pk=exclude.pk)
    return people


def officers(*, council: Council, on: dt.date, exclude: User | None = None) -> QuerySet[User]:
    ids = Membership.objects.current_on(on).filter(council=council, role=Membership.Role.OFFICER).values("user_id")
    clerk_ids = Membership.objects.current_on(on).filter(council=council, role=Membership.Role.CLERK).values("user_id")
    people = User.objects.filter(pk__in=ids, is_active=True).exclude(pk__in=clerk_ids).order_by("full_name")
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people


def independent_persons(*, council: Council, on: dt.date) -> QuerySet[User]:
    """The Independent Persons appointed by the council whose Monitoring Officer handles its complaints."""
    ids = (
        Membership.objects.current_on(on)
        .filter(council=council.monitoring_council, role=Membership.Role.INDEPENDENT_PERSON)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def linked_cases(case: Case) -> list[CaseLink]:
    """Both directions: what this case arises from, and what arose from it."""
    out = list(case.links.select_related("to_case__council"))
    back = list(CaseLink.objects.filter(to_case=case).select_related("case__council"))
    return out + back


# --- the Monitoring Officer's dashboard -----------------------------------------------


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    overdue: bool
    ip_views: int
    ip_last: dt.date | None


@dataclass(frozen=True)
class StageGroup:
    stage: Complaint.Stage
    rows: list[ComplaintRow]


def open_complaints_for(*, councils) -> QuerySet[Complaint]:
    """Open complaints at the councils given, soonest due first, with the Independent Person's views counted.

    One query whatever the number of councils or complaints.
    """
    return (
        Complaint.objects.filter(case__council__in=councils, stage__in=Complaint.OPEN_STAGES)
        .select_related("case__council", "case__subject_person", "case__routed_to")
        .annotate(ip_views=Count("independent_person_views"), ip_last=Max("independent_person_views__consulted_on"))
        .order_by(F("case__due_at").asc(nulls_last=True), "pk")
    )


def complaints_by_stage(*, councils, now: dt.datetime) -> tuple[list[StageGroup], int]:
    """The open complaints grouped by stage in the order they are worked, and how many are overdue."""
    rows = [
        ComplaintRow(c, bool(c.case.due_at and c.case.due_at < now), c.ip_views, c.ip_last)
        for c in open_complaints_for(councils=councils)[:DASHBOARD_LIMIT]
    ]
    groups = [
        StageGroup(stage, [row for row in rows if row.complaint.stage == stage]) for stage in Complaint.OPEN_STAGES
    ]
    return [g for g in groups if g.rows], sum(1 for row in rows if row.overdue)


def complaints_for_export(*, councils) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(case__council__in=councils)
        .select_related("case__council", "case__subject_person")
        .annotate(ip_views=Count("independent_person_views"))
        .order_by("case__received_at", "pk")
    )


# --- public decision notices ----------------------------------------------------------


def published_notices(*, council: Council) -> QuerySet[DecisionNotice]:
    return (
        DecisionNotice.objects.filter(complaint__case__council=council, published_at__isnull=False)
        .select_related("complaint__case__subject_person", "complaint__case__council")
        .order_by("-published_at", "-pk")
    )


def ip_views_of(complaint: Complaint) -> list[IndependentPersonView]:
    return list(complaint.independent_person_views.select_related("recorded_by"))


# --- a person's own reports -----------------------------------------------------------


def my_reports(*, council: Council, user: User) -> QuerySet[Case]:
    """What this person has reported or raised here (breach reports, complaints, concerns, grievances)."""
    return (
        Case.objects.filter(council=council, raised_by=user, kind__in=KINDS)
        .select_related("council", "routed_to")
        .order_by("-received_at", "-pk")
    )


def complaints_about(*, council: Council, user: User) -> QuerySet[Complaint]:
    """Complaints about this councillor that they have been told of."""
    return (
        Complaint.objects.filter(case__council=council, case__subject_person=user, subject_told_at__isnull=False)
        .select_related("case__council")
        .order_by("-subject_told_at")
    )


def breach_decision_queue(*, council: Council, user: User):
    return (
        BreachReport.objects.filter(case__council=council, case__routed_to=user, decision="")
        .select_related("case__council", "case__raised_by")
        .order_by(F("case__due_at").asc(nulls_last=True), "pk")
    )
