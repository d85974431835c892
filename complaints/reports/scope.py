"""Who may report on which council, and which figures each of them sees.

- The Monitoring Officer (or Deputy) of every council they serve: all figures, including
  breach reports and referrals by councillor.
- The Clerk of their own council: all figures except those naming a councillor in a breach
  report or a referral.
- The Chair and Vice-Chair of their council: the breach-report and referral figures only.
- Anyone else: nothing (the views answer 404).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Council, Membership, OfficeTerm, User
from accounts.selectors import CouncilRoles
from casework.models import Case, CaseConflict
from casework.selectors import cases_visible_to

CORRESPONDENCE_KINDS = (Case.Kind.ENQUIRY, Case.Kind.INFORMATION_REQUEST)
DECISION_KINDS = (Case.Kind.REFERRAL, Case.Kind.BREACH_REPORT)
REPORT_KINDS = (*CORRESPONDENCE_KINDS, *DECISION_KINDS)


class Level(enum.IntEnum):
    CHAIR = 1
    CLERK = 2
    MONITORING = 3

    @property
    def label(self) -> str:
        return {
            Level.CHAIR: "Chair or Vice-Chair",
            Level.CLERK: "Clerk",
            Level.MONITORING: "Monitoring Officer",
        }[self]


@dataclass(frozen=True)
class ReportScope:
    """One council a person may report on, and how much of the report they see."""

    council: Council
    level: Level

    @property
    def sees_correspondence(self) -> bool:
        """Enquiries and information requests: the Clerk and the Monitoring Officer."""
        return self.level >= Level.CLERK

    @property
    def sees_councillors_in_decisions(self) -> bool:
        """Breach reports and referrals by named councillor: the Monitoring Officer only."""
        return self.level == Level.MONITORING

    @property
    def kinds(self) -> tuple[str, ...]:
        return REPORT_KINDS if self.sees_correspondence else DECISION_KINDS


def report_scopes(*, user: User, on: dt.date) -> list[ReportScope]:
    """Every council this person may report on, by name, with their level there (three queries at most)."""
    if not user.is_authenticated:
        return []
    levels: dict[int, tuple[Council, Level]] = {}

    def grant(council: Council, level: Level) -> None:
        if council.pk not in levels or levels[council.pk][1] < level:
            levels[council.pk] = (council, level)

    memberships = list(Membership.objects.current_on(on).filter(user=user).select_related("council"))
    monitoring_at = [m.council_id for m in memberships if m.role in Membership.MONITORING_ROLES]
    for membership in memberships:
        if membership.role == Membership.Role.CLERK:
            grant(membership.council, Level.CLERK)
    if monitoring_at:
        served = Council.objects.filter(Q(pk__in=monitoring_at) | Q(principal_council__in=monitoring_at))
        for council in served:
            grant(council, Level.MONITORING)
    terms = (
        OfficeTerm.objects.current_on(on)
        .filter(holder=user, office__in=(OfficeTerm.Office.CHAIR, OfficeTerm.Office.VICE_CHAIR))
        .select_related("council")
    )
    for term in terms:
        grant(term.council, Level.CHAIR)
    return [ReportScope(council, level) for council, level in sorted(levels.values(), key=lambda cl: cl[0].name)]


def _not_about(user: User) -> Q:
    """A breach report or referral is left out of the figures of anyone it is about or who is conflicted on it."""
    conflicted = CaseConflict.objects.filter(user=user).values("case_id")
    return ~Q(subject_person=user) & ~Q(pk__in=conflicted)


def report_cases(*, scope: ReportScope, user: User) -> QuerySet[Case]:
    """The cases at the council this person's figures may count (before the period is applied).

    The Monitoring Officer counts every case. The Clerk counts the enquiries and information
    requests they may open (so a confidential case they are not involved in is never counted)
    and every breach report and referral not about them. The Chair counts breach reports and
    referrals not about them.
    """
    cases = Case.objects.filter(council=scope.council, kind__in=scope.kinds)
    if scope.level == Level.MONITORING:
        return cases
    decisions = Q(kind__in=DECISION_KINDS) & _not_about(user)
    if scope.sees_correspondence:
        roles = CouncilRoles(frozenset({Membership.Role.CLERK}), (), None)
        visible = cases_visible_to(user=user, council=scope.council, roles=roles).values("pk")
        return cases.filter(decisions | Q(kind__in=CORRESPONDENCE_KINDS, pk__in=visible))
    return cases.filter(decisions)


def export_cases(*, scope: ReportScope, user: User, roles: CouncilRoles) -> QuerySet[Case]:
    """The rows a CSV export may hold: the report's cases that this person may also open."""
    cases = report_cases(scope=scope, user=user)
    if scope.level == Level.MONITORING:
        return cases  # the Monitoring Officer opens every case at the councils they serve
    visible = cases_visible_to(user=user, council=scope.council, roles=roles)
    return cases.filter(pk__in=visible.values("pk"))
