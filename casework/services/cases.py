"""Opening cases and moving them: the only writers of a case's status."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import Council, User

from ..calendar import calendar_for_council, london_date
from ..models import Case, CaseEvent, CaseSequence, Deadline, DomainError
from ..routing import RouteDecision, route
from .common import notify, record_event


class StaleCase(DomainError):
    """Someone else changed the case after this form was loaded."""

    def __init__(self, case: Case, since_version: int):
        self.case = case
        self.since_version = since_version
        super().__init__("Someone else changed this case while you were working on it.")

    @property
    def changes(self) -> list[CaseEvent]:
        return [e for e in self.case.events.select_related("actor") if e.data.get("version", 0) > self.since_version]


def _next_number(*, council: Council, prefix: str, year: int) -> int:
    """The next reference number, safe under concurrent creation.

    The UPDATE takes a row lock held to the end of the caller's transaction, so two
    concurrent openings queue on it instead of reading the same number.
    """
    try:
        with transaction.atomic():
            CaseSequence.objects.get_or_create(council=council, prefix=prefix, year=year)
    except IntegrityError:  # created by a concurrent opening; the row is there now
        pass
    CaseSequence.objects.filter(council=council, prefix=prefix, year=year).update(last=F("last") + 1)
    return CaseSequence.objects.values_list("last", flat=True).get(council=council, prefix=prefix, year=year)


def _bump(case: Case, *, expected_version: int | None, now: dt.datetime, **changes) -> None:
    """Apply `changes` only if nobody else has changed the case since `expected_version`."""
    version = case.version if expected_version is None else expected_version
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=version + 1, updated_at=now, **changes
    )
    if not updated:
        case.refresh_from_db()
        raise StaleCase(case, version)
    for key, value in changes.items():
        setattr(case, key, value)
    case.version, case.updated_at = version + 1, now


def route_record(*, case: Case, decision: RouteDecision, now: dt.datetime, actor: User | None) -> CaseEvent:
    return record_event(
        case=case,
        kind=CaseEvent.Kind.ROUTED,
        summary=f"Routed to {decision.person or 'nobody'} — {decision.reason}",
        at=now,
        actor=actor,
        clause=decision.clause,
        clause_anchor=decision.clause_anchor,
        data={
            "office": decision.office,
            "person": decision.person.pk if decision.person else None,
            "version": case.version,
        },
    )


def case_open(
    *,
    council: Council,
    kind: str,
    subject: str,
    received_at: dt.datetime,
    now: dt.datetime,
    actor: User | None,
    raised_by: User | None = None,
    subject_person: User | None = None,
    confidential: bool | None = None,
    urgent: bool = False,
) -> tuple[Case, RouteDecision]:
    """Open a case: give it a reference, route it, record both. The caller adds its clocks.

    Must run inside the caller's transaction (the reference counter's lock is held to its end).
    """
    if received_at > now:
        raise DomainError("The date received cannot be in the future.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_open must run inside a transaction")
    received_on = london_date(received_at)
    prefix = Case.PREFIXES[kind]
    number = _next_number(council=council, prefix=prefix, year=received_on.year)
    case = Case(
        council=council,
        kind=kind,
        reference=f"{prefix}-{received_on.year}-{number:04d}",
        subject=subject,
        confidential=kind in Case.CONFIDENTIAL_KINDS if confidential is None else confidential,
        urgent=urgent,
        raised_by=raised_by,
        subject_person=subject_person,
        received_at=received_at,
        created_at=now,
        updated_at=now,
    )
    decision = route(case, on=london_date(now))
    case.routed_office, case.routed_to = decision.office, decision.person
    case.save()
    by = f" by {raised_by}" if raised_by else ""
    record_event(
        case=case,
        kind=CaseEvent.Kind.OPENED,
        summary=f"{case.get_kind_display()} received{by}: {subject}",
        at=now,
        actor=actor,
        data={"received_at": received_at.isoformat(), "version": 1},
    )
    route_record(case=case, decision=decision, now=now, actor=actor)
    return case, decision


def case_reroute(*, case: Case, now: dt.datetime, actor: User | None) -> RouteDecision:
    """Ask the routing engine again (an office holder changed, an interest was declared)."""
    decision = route(case, on=london_date(now))
    if decision.person == case.routed_to and decision.office == case.routed_office:
        return decision
    _bump(case, expected_version=None, now=now, routed_office=decision.office, routed_to=decision.person)
    event = route_record(case=case, decision=decision, now=now, actor=actor)
    notify(
        recipients=[decision.person],
        case=case,
        event=event,
        subject=f"{case.get_kind_display()} routed to you",
        body=decision.reason,
        now=now,
        calendar=calendar_for_council(case.council),
        urgent=case.urgent,
    )
    return decision


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to: str,
    actor: User | None,
    now: dt.datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """Move a case to another status, if the table of allowed moves says it may."""
    to = Case.Status(to)
    current = Case.Status(case.status)
    if to not in Case.TRANSITIONS[current]:
        raise DomainError(f"A case that is {current.label.lower()} cannot become {to.label.lower()}.")
    _bump(case, expected_version=expected_version, now=now, status=to)
    record_event(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        summary=f"{current.label} → {to.label}" + (f": {reason}" if reason else ""),
        at=now,
        actor=actor,
        data={"from": current.value, "to": to.value, "version": case.version},
    )
    return case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: User,
    actor: User,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Give the case to an officer (or the Clerk). The deadline stays as it was."""
    if not case.is_active:
        raise DomainError(f"A {case.get_status_display().lower()} case cannot be assigned.")
    if assignee.pk in (case.subject_person_id, case.raised_by_id) and case.confidential:
        raise DomainError(f"{assignee} cannot be given a case that is about them or that they raised.")
    previous = case.assigned_to
    _bump(case, expected_version=expected_version, now=now, assigned_to=assignee)
    summary = f"Assigned to {assignee}" + (f" (was {previous})" if previous else "")
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.ASSIGNED,
        summary=summary,
        at=now,
        actor=actor,
        data={"to": assignee.pk, "from": previous.pk if previous else None, "version": case.version},
    )
    if assignee != actor:
        notify(
            recipients=[assignee],
            case=case,
            event=event,
            subject="Assigned to you",
            body=f"{actor} assigned {case.reference} ({case.subject}) to you.",
            now=now,
            calendar=calendar_for_council(case.council),
            urgent=case.urgent,
        )
    return case


# Closing a case by hand must not bypass the action that stops its clock (a reply, a decision).
FINISHING = (Case.Status.RESPONDED, Case.Status.CLOSED)
# Only the Clerk's everyday casework takes the case page's plain status and clock controls;
# reports, complaints, referrals and register cases move through their own stages.
GENERIC_CONTROL_KINDS = (Case.Kind.ENQUIRY, Case.Kind.INFORMATION_REQUEST)


def generic_statuses(case: Case, *, running_clock: bool) -> list[Case.Status]:
    """The statuses the case page's plain status form may offer."""
    if case.kind not in GENERIC_CONTROL_KINDS:
        return []
    allowed = [Case.Status(s) for s in Case.TRANSITIONS[Case.Status(case.status)]]
    return [s for s in allowed if not (running_clock and s in FINISHING)]


@transaction.atomic
def case_status_set(
    *,
    case: Case,
    to: str,
    actor: User,
    now: dt.datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """The case page's plain status change.

    A case whose clock is still running is finished by its own action (the reply, the
    Chair's decision...), which meets the clock; withdrawing a case stops its clocks.
    """
    from .deadlines import deadline_cancel

    if case.kind not in GENERIC_CONTROL_KINDS:
        raise DomainError(f"A {case.get_kind_display().lower()} moves through its own stages, not this form.")
    if expected_version is not None and expected_version != case.version:
        raise StaleCase(case, expected_version)  # what changed matters more than what is allowed
    running = list(
        case.deadlines.filter(
            state__in=(Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED), completed_at__isnull=True
        )
    )
    if running and Case.Status(to) in FINISHING:
        raise DomainError(
            f"“{running[0].label}” is still running: finish this case with its own action "
            "(for example the reply or the decision), which records whether the clock was met."
        )
    case_transition(case=case, to=to, actor=actor, now=now, reason=reason, expected_version=expected_version)
    if Case.Status(to) == Case.Status.WITHDRAWN:
        for deadline in running:
            deadline_cancel(deadline=deadline, actor=actor, now=now, reason=f"The case was withdrawn. {reason}".strip())
    return case


def case_record_view(*, case: Case, viewer: User, now: dt.datetime) -> CaseEvent | None:
    """Opening a confidential case (a complaint, a referral, a disclosure) records who viewed it."""
    if not case.records_views:
        return None
    return record_event(case=case, kind=CaseEvent.Kind.VIEWED, summary=f"Viewed by {viewer}", at=now, actor=viewer)
