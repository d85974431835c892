"""The routing engine: where a case goes, who decides it, and which clause says so."""

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from accounts.selectors import office_holder, office_label

from .hooks import extra_conflicts
from .models import Case, ProtocolProfile

# The route each kind of case takes, and the profile setting that names it (and so its source clause).
# A route is a chain: the first step that has a present, unconflicted holder decides.
FIXED_ROUTES = {
    # protocol 000 10.1: staff are approached via the Town Clerk.
    Case.Kind.ENQUIRY: ("enquiry_route", ["role:clerk"]),
    Case.Kind.INFORMATION_REQUEST: ("information_route", ["role:clerk"]),
    # Localism Act 2011: the Monitoring Officer of the principal council; a Deputy when conflicted.
    Case.Kind.COMPLAINT: ("complaint_route", ["role:monitoring_officer", "role:deputy_monitoring_officer"]),
    Case.Kind.REGISTRATION: ("complaint_route", ["role:monitoring_officer", "role:deputy_monitoring_officer"]),
    Case.Kind.RELATIONSHIP: ("relationship_route", ["role:monitoring_officer", "role:deputy_monitoring_officer"]),
    # Localism Act 2011 s.33: a written request for a dispensation, decided by the Monitoring Officer.
    Case.Kind.DISPENSATION: ("complaint_route", ["role:monitoring_officer", "role:deputy_monitoring_officer"]),
    # protocol 000 18.2: staff may lodge a grievance; personnel matters go to the Staffing Committee.
    Case.Kind.GRIEVANCE: ("grievance_route", ["committee_chair:Staffing Committee"]),
}
PROFILE_ROUTES = {
    Case.Kind.REFERRAL: "referral_route",
    Case.Kind.BREACH_REPORT: "breach_route",
    Case.Kind.OFFICER_CONCERN: "officer_concern_route",
    Case.Kind.CLERK_CONCERN: "clerk_concern_route",
}


@dataclass(frozen=True)
class RouteDecision:
    office: str
    person: User | None
    clause: str
    clause_anchor: str
    reason: str

    @property
    def office_label(self) -> str:
        return office_label(self.office) if self.office else "Nobody"


def route_chain(*, profile: ProtocolProfile, kind: str) -> tuple[str, list[str]]:
    """The setting that names the route, and the chain with each step's stand-ins after it."""
    if kind in PROFILE_ROUTES:
        setting = PROFILE_ROUTES[kind]
        steps = list(getattr(profile, setting))
    else:
        setting, steps = FIXED_ROUTES[kind]
    chain: list[str] = []
    for step in steps:
        chain.append(step)
        chain.extend(profile.stand_ins_for(step))
    return setting, list(dict.fromkeys(chain))


def conflicts_for(case: Case) -> dict[int, str]:
    """Who must not decide this case, and why: the subject, the reporter, anyone who declared an interest."""
    conflicted: dict[int, str] = {}
    if case.pk:
        for conflict in case.conflicts.all():
            conflicted[conflict.user_id] = conflict.reason
    if case.raised_by_id:
        conflicted[case.raised_by_id] = f"raised this {case.get_kind_display().lower()}"
    if case.subject_person_id:
        conflicted[case.subject_person_id] = f"is the subject of this {case.get_kind_display().lower()}"
    # e.g. a close personal relationship disclosed to the Monitoring Officer (002 6.5)
    for user_id, reason in extra_conflicts(case).items():
        conflicted.setdefault(user_id, reason)
    return conflicted


def route(case: Case, *, on: dt.date, profile: ProtocolProfile | None = None) -> RouteDecision:
    """Where `case` goes on `on`: the office, the person, the clause and a sentence saying why."""
    profile = profile or case.council.protocol_profile
    setting, chain = route_chain(profile=profile, kind=case.kind)
    source = profile.source(setting)
    clause, anchor = source.get("clause", ""), source.get("anchor", "")
    cite = f" — protocol {clause}" if clause else ""
    holding = office_holder(council=case.council, office=chain[0], on=on, stand_ins=chain[1:], conflicted=conflicts_for(case))
    if holding.person is None:
        whys = "; ".join(p.why for p in holding.passed_over)
        return RouteDecision("", None, clause, anchor, f"Nobody can take this case: {whys}{cite}.")
    label = office_label(holding.acting_office)
    if holding.passed_over:
        whys = "; ".join(p.why for p in holding.passed_over)
        reason = f"{label}: {whys}{cite}."
    else:
        reason = f"{label}: the protocol sends a {case.get_kind_display().lower()} to the {label}{cite}."
    return RouteDecision(holding.acting_office, holding.person, clause, anchor, reason)
