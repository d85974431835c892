"""Concerns about an officer (to the Clerk) or about the Clerk (to the offices the protocol names,
never the Clerk), and grievances (to the staffing committee).

001 10.2.1: a concern about an employee goes to the Clerk; about the Clerk, to the Mayor and the
Chair of the Finance Committee. 004: about the Town Clerk, to the Mayor and/or Vice Mayor. The
portal default is the Chair and Vice-Chair. 000 18.2: staff may always lodge a grievance.
"""

import datetime as dt

from django.db import transaction

from accounts.models import Council, Membership, User
from accounts.selectors import office_holder, office_label, roles_at
from casework.calendar import london_date
from casework.models import Case, CaseEvent, Deadline, DomainError
from casework.routing import conflicts_for, route_chain
from casework.services.cases import case_open, case_transition
from casework.services.common import record_event
from casework.services.deadlines import deadline_complete, deadline_open
from casework.services.messages import message_send

from ..models import Concern
from .common import arrangements_for, case_page_url, cite_text, conflict_refusal, notify_people, source_of

CONCERN_RULE = "concern_response"
SETTING = {
    Case.Kind.OFFICER_CONCERN: "officer_concern_route",
    Case.Kind.CLERK_CONCERN: "clerk_concern_route",
    Case.Kind.GRIEVANCE: "grievance_route",
}


def clerks_at(council: Council, on: dt.date) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current_on(on).filter(council=council, role=Membership.Role.CLERK).select_related("user")
    ]


def _told_for_clerk_concern(case: Case, *, on: dt.date) -> list[tuple[str, User]]:
    """Everyone the protocol names for a concern about the Clerk, each office with its stand-ins.

    The Clerk is never among them: the Clerk is passed over like any conflicted holder.
    """
    profile = case.council.protocol_profile
    conflicted = conflicts_for(case)
    for clerk in clerks_at(case.council, on):
        conflicted.setdefault(clerk.pk, "is the Clerk")
    told: dict[int, tuple[str, User]] = {}
    for office in profile.clerk_concern_route:
        holding = office_holder(
            council=case.council, office=office, on=on, stand_ins=profile.stand_ins_for(office), conflicted=conflicted
        )
        if holding.person is not None and holding.person.pk not in told:
            told[holding.person.pk] = (holding.acting_office, holding.person)
    return list(told.values())


def concern_raise(
    *,
    council: Council,
    raiser: User,
    about: str,
    details: str,
    now: dt.datetime,
    subject_person: User | None = None,
    occurred_on: dt.date | None = None,
) -> Case:
    """Raise a concern about an officer ("officer") or about the Clerk ("clerk")."""
    today = london_date(now)
    if not details.strip():
        raise DomainError("Describe your concern.")
    if occurred_on and occurred_on > today:
        raise DomainError("The date it happened cannot be in the future.")
    roles = roles_at(user=raiser, council=council, on=today)
    if about == "clerk":
        kind = Case.Kind.CLERK_CONCERN
        if roles.has(Membership.Role.CLERK):
            raise DomainError("A concern about the Clerk cannot be raised by the Clerk.")
        clerks = clerks_at(council, today)
        if not clerks:
            raise DomainError(f"{council} has no Clerk on {today:%-d %B %Y}.")
        subject_person = clerks[0]
    elif about == "officer":
        kind = Case.Kind.OFFICER_CONCERN
        if subject_person is None:
            raise DomainError("Choose the officer your concern is about.")
        subject_roles = roles_at(user=subject_person, council=council, on=today)
        if subject_roles.has(Membership.Role.CLERK):
            raise DomainError("For a concern about the Clerk, choose 'the Clerk': it goes to different people.")
        if not subject_roles.has(Membership.Role.OFFICER):
            raise DomainError(f"{subject_person} is not an officer of {council}.")
    else:
        raise DomainError("Say whether the concern is about an officer or about the Clerk.")
    if subject_person.pk == raiser.pk:
        raise DomainError("You cannot raise a concern about yourself.")
    label = "the Clerk" if kind == Case.Kind.CLERK_CONCERN else str(subject_person)
    return _open(council=council, kind=kind, raiser=raiser, subject_person=subject_person, details=details,
                 occurred_on=occurred_on, now=now, subject=f"Concern about {label}")


def grievance_lodge(
    *,
    council: Council,
    raiser: User,
    details: str,
    now: dt.datetime,
    occurred_on: dt.date | None = None,
    subject_person: User | None = None,
) -> Case:
    """000 18.2: a member of staff lodges a grievance; it goes to the chair of the staffing committee."""
    today = london_date(now)
    roles = roles_at(user=raiser, council=council, on=today)
    if not (roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER)):
        raise DomainError("A grievance is lodged by a member of the council's staff.")
    if not details.strip():
        raise DomainError("Describe your grievance.")
    if occurred_on and occurred_on > today:
        raise DomainError("The date it happened cannot be in the future.")
    if subject_person is not None and subject_person.pk == raiser.pk:
        raise DomainError("You cannot lodge a grievance about yourself.")
    return _open(council=council, kind=Case.Kind.GRIEVANCE, raiser=raiser, subject_person=subject_person,
                 details=details, occurred_on=occurred_on, now=now, subject="Grievance")


def _open(*, council: Council, kind: str, raiser: User, subject_person: User | None, details: str,
          occurred_on: dt.date | None, now: dt.datetime, subject: str) -> Case:
    """1. open (routed, confidential); 2. the detail; 3. the response clock; 4. tell who must hear it."""
    profile = council.protocol_profile
    today = london_date(now)
    setting = SETTING[kind]
    clause, anchor = source_of(profile, setting)
    with transaction.atomic():
        case, decision = case_open(
            council=council, kind=kind, subject=subject, received_at=now, now=now, actor=raiser, raised_by=raiser,
            subject_person=subject_person, confidential=True,
        )
        concern = Concern.objects.create(case=case, details=details, occurred_on=occurred_on)
        arrangements = arrangements_for(council)
        if kind == Case.Kind.GRIEVANCE:
            _, chain = route_chain(profile=profile, kind=kind)
            office_word = office_label(chain[0])
        else:
            office_word = decision.office_label if decision.person else "Whoever hears it"
        deadline_open(
            case=case, rule=CONCERN_RULE, label=f"{office_word} to respond", started_on=today,
            working_days=arrangements.concern_response_working_days, now=now, clause=clause, clause_anchor=anchor,
            actor=raiser, profile=profile,
        )
        if kind == Case.Kind.CLERK_CONCERN:
            told = _told_for_clerk_concern(case, on=today)
        else:
            told = [(decision.office, decision.person)] if decision.person else []
        concern.told_offices = [office_label(office) for office, _ in told]
        concern.save(update_fields=["told_offices"])
        names = ", ".join(f"{person} ({office_label(office)})" for office, person in told) or "nobody"
        event = record_event(
            case=case, kind=CaseEvent.Kind.NOTE, summary=f"{case.get_kind_display()} raised by {raiser}; told: {names}.",
            at=now, actor=raiser, clause=clause, clause_anchor=anchor,
            data={"told": [person.pk for _, person in told]},
        )
        people = [person for _, person in told]
        if kind == Case.Kind.CLERK_CONCERN and people:
            # Written to each office the protocol names, every recipient shown to the others (no Bcc):
            # that is also what lets the second office open the case.
            message_send(
                case=case, sender=raiser, to=people, now=now,
                body=f"I am raising a concern about the Clerk with you{cite_text(clause)}.\n\n{details}",
            )
        else:
            notify_people(
                recipients=people, case=case, event=event, subject=f"{case.get_kind_display()} raised with you",
                body=f"{raiser} has raised a {case.get_kind_display().lower()} with you. {decision.reason}",
                url=case_page_url(case), now=now,
            )
    return case


def may_decide_concern(case: Case, user: User) -> bool:
    """The person it is routed to, or (for the Clerk) any office holder who was told of it."""
    if case.routed_to_id == user.pk:
        return True
    if case.kind == Case.Kind.CLERK_CONCERN:
        told = case.events.filter(kind=CaseEvent.Kind.NOTE, data__has_key="told").values_list("data", flat=True)
        return any(user.pk in data.get("told", []) for data in told)
    return False


def concern_decide(*, case: Case, decider: User, outcome: str, reasons: str, now: dt.datetime,
                   expected_version: int | None = None) -> Concern:
    outcome = Concern.Outcome(outcome)
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=case.pk)
        if concern.outcome:
            raise DomainError(f"An outcome was recorded on {concern.decided_at:%-d %B %Y}: {concern.get_outcome_display()}.")
        if not may_decide_concern(case, decider):
            raise DomainError(f"Only those this {case.get_kind_display().lower()} was raised with can record its outcome.")
        conflict_refusal(case, decider, doing=f"decide this {case.get_kind_display().lower()}")
        if not reasons.strip():
            raise DomainError("Give the reasons for the outcome.")
        case_transition(case=case, to=Case.Status.CLOSED, actor=decider, now=now, reason=outcome.label,
                        expected_version=expected_version)
        concern.outcome, concern.outcome_reasons, concern.decided_by, concern.decided_at = outcome, reasons, decider, now
        concern.save(update_fields=["outcome", "outcome_reasons", "decided_by", "decided_at"])
        running = case.deadlines.filter(rule=CONCERN_RULE, state__in=(*Deadline.ACTIVE_STATES, Deadline.State.PAUSED),
                                        completed_at__isnull=True)
        for deadline in running:
            deadline_complete(deadline=deadline, actor=decider, now=now)
        clause, anchor = source_of(case.council.protocol_profile, SETTING[case.kind])
        event = record_event(
            case=case, kind=CaseEvent.Kind.NOTE, summary=f"Outcome: {outcome.label}. Reasons: {reasons}", at=now,
            actor=decider, clause=clause, clause_anchor=anchor, data={"outcome": outcome.value, "version": case.version},
        )
        notify_people(
            recipients=[case.raised_by], case=case, event=event,
            subject=f"The outcome of your {case.get_kind_display().lower()}",
            body=f"{decider} has recorded the outcome: {outcome.label}.\n\nReasons: {reasons}",
            url=case_page_url(case), now=now,
        )
    return concern
