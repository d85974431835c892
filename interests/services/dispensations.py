"""Dispensations (Localism Act 2011 s.33): a written request, a decision with reasons, a stated period."""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction

from accounts.models import User
from casework.models import Case, CaseEvent, DomainError
from casework.services.cases import case_open, case_transition
from casework.services.common import record_event

from ..models import Dispensation, add_years
from .common import (
    fmt,
    is_councillor,
    register_event,
    register_open,
    require_monitoring_officer,
    settings_for,
    tell,
    today,
)

Status = Dispensation.Status


def check_period(*, starts_on: dt.date, ends_on: dt.date, max_years: int) -> None:
    if ends_on < starts_on:
        raise DomainError("The end of the period cannot be before its start.")
    if ends_on >= add_years(starts_on, max_years):
        raise DomainError(f"A dispensation can last at most {max_years} years (s.33(3)).")


@transaction.atomic
def dispensation_request(
    *,
    council,
    councillor: User,
    now: dt.datetime,
    token: uuid.UUID,
    business: str,
    grounds: str,
    statement: str,
    requested_from: dt.date,
    requested_until: dt.date,
) -> Dispensation:
    """A councillor's written request, as a DISPENSATION case routed to the Monitoring Officer."""
    day = today(now)
    if not is_councillor(user=councillor, council=council, on=day):
        raise DomainError(f"Only a councillor of {council.name} can ask for a dispensation there.")
    existing = Dispensation.objects.filter(token=token).first()
    if existing:
        return existing
    if grounds not in Dispensation.Grounds.values:
        raise DomainError("Choose the grounds for the dispensation.")
    settings = settings_for(council=council, today=day)
    check_period(starts_on=requested_from, ends_on=requested_until, max_years=settings.dispensation_max_years)
    register = register_open(council=council, councillor=councillor, now=now, actor=councillor)
    try:
        with transaction.atomic():
            case, _ = case_open(
                council=council,
                kind=Case.Kind.DISPENSATION,
                subject=f"Dispensation request — {councillor}",
                received_at=now,
                now=now,
                actor=councillor,
                raised_by=councillor,
                subject_person=councillor,
                confidential=True,
            )
            dispensation = Dispensation.objects.create(
                register=register,
                case=case,
                business=business,
                grounds=grounds,
                statement=statement,
                requested_from=requested_from,
                requested_until=requested_until,
                requested_at=now,
                token=token,
            )
    except IntegrityError:
        return Dispensation.objects.get(token=token)
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Written request for a dispensation (s.33) for {fmt(requested_from)} to {fmt(requested_until)}: "
        f"{business}",
        at=now,
        actor=councillor,
    )
    register_event(register, summary=f"Asked for a dispensation ({case.reference}).", at=now, actor=councillor)
    tell(
        case=case,
        recipients=[case.routed_to],
        event=event,
        subject=f"Dispensation requested by {councillor}",
        body=f"{councillor} asks for a dispensation at {council.name} for {fmt(requested_from)} to "
        f"{fmt(requested_until)}. Business: {business}",
        now=now,
    )
    return dispensation


@transaction.atomic
def dispensation_decide(
    *,
    dispensation: Dispensation,
    decider: User,
    now: dt.datetime,
    grant: bool,
    reasons: str,
    granted_from: dt.date | None = None,
    granted_until: dt.date | None = None,
) -> Dispensation:
    council = dispensation.case.council
    day = today(now)
    require_monitoring_officer(user=decider, council=council, on=day)
    if decider.pk == dispensation.register.councillor_id:
        raise DomainError("Nobody decides their own dispensation.")
    if not reasons.strip():
        raise DomainError("Give the reasons for the decision.")
    changes = {"decided_at": now, "decided_by": decider, "decision_reasons": reasons.strip()}
    if grant:
        if granted_from is None or granted_until is None:
            raise DomainError("Give the period the dispensation is granted for.")
        settings = settings_for(council=council, today=day)
        check_period(starts_on=granted_from, ends_on=granted_until, max_years=settings.dispensation_max_years)
        changes.update(granted_from=granted_from, granted_until=granted_until)
    to = Status.GRANTED if grant else Status.REFUSED
    current = Status(dispensation.status)
    if to not in Dispensation.TRANSITIONS[current]:
        raise DomainError(f"This request is already {current.label.lower()}.")
    if not Dispensation.objects.filter(pk=dispensation.pk, status=current).update(status=to, **changes):
        raise DomainError("Someone else decided this request while you were working on it.")
    dispensation.status = to
    for name, value in changes.items():
        setattr(dispensation, name, value)
    period = f" for {fmt(granted_from)} to {fmt(granted_until)}" if grant else ""
    summary = f"Dispensation {to.label.lower()}{period}. Reasons: {reasons.strip()}"
    event = record_event(case=dispensation.case, kind=CaseEvent.Kind.NOTE, summary=summary, at=now, actor=decider)
    case_transition(case=dispensation.case, to=Case.Status.CLOSED, actor=decider, now=now, reason=to.label)
    register_event(
        dispensation.register,
        summary=f"Dispensation {dispensation.case.reference} {to.label.lower()}{period}.",
        at=now,
        actor=decider,
    )
    tell(
        case=dispensation.case,
        recipients=[dispensation.register.councillor],
        event=event,
        subject=f"Your dispensation request is {to.label.lower()}",
        body=summary,
        now=now,
    )
    return dispensation
