"""Close personal relationships disclosed to the Monitoring Officer (002 6.5–6.7).

A disclosure is a RELATIONSHIP case, confidential to the person who disclosed it and the
Monitoring Officer. While it is in force the routing engine treats the pair as conflicted
(interests.selectors.relationship_conflicts): a case raised by or about one of them never goes
to the other, and open cases already with the other person are routed again.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import Council, Membership, User
from casework.models import Case, CaseEvent, DomainError
from casework.services.cases import case_open, case_reroute, case_transition
from casework.services.common import record_event

from ..models import RelationshipDisclosure
from .common import profile_of, require_monitoring_officer, tell, today

Status = RelationshipDisclosure.Status


def _cite(council: Council) -> tuple[str, str]:
    source = profile_of(council).source("relationship_route")
    return source.get("clause", ""), source.get("anchor", "")


@transaction.atomic
def relationship_disclose(
    *,
    council: Council,
    discloser: User,
    other_person: User,
    nature: str,
    details: str,
    began_on: dt.date | None,
    now: dt.datetime,
) -> RelationshipDisclosure:
    day = today(now)
    if discloser == other_person:
        raise DomainError("Name the other person in the relationship.")
    members = Membership.objects.current_on(day).filter(council=council)
    if not members.filter(user=discloser).exists() or not members.filter(user=other_person).exists():
        raise DomainError(f"Both people must be councillors or staff of {council.name}.")
    if began_on and began_on > day:
        raise DomainError("The date the relationship began cannot be in the future.")
    if nature not in RelationshipDisclosure.Nature.values:
        raise DomainError("Choose the kind of relationship.")
    in_force = RelationshipDisclosure.objects.filter(
        council=council, discloser=discloser, other_person=other_person, status__in=RelationshipDisclosure.IN_FORCE
    ).first()
    if in_force:
        return in_force  # a double click, or disclosed already: one disclosure stands
    clause, anchor = _cite(council)
    try:
        with transaction.atomic():
            case, _ = case_open(
                council=council,
                kind=Case.Kind.RELATIONSHIP,
                subject="Close personal relationship disclosed",
                received_at=now,
                now=now,
                actor=discloser,
                raised_by=discloser,
                confidential=True,
            )
            disclosure = RelationshipDisclosure.objects.create(
                council=council,
                case=case,
                discloser=discloser,
                other_person=other_person,
                nature=nature,
                details=details,
                began_on=began_on,
                disclosed_at=now,
            )
    except IntegrityError:
        return RelationshipDisclosure.objects.get(
            council=council, discloser=discloser, other_person=other_person, status__in=RelationshipDisclosure.IN_FORCE
        )
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{discloser} disclosed a close personal relationship with {other_person} "
        f"({disclosure.get_nature_display().lower()}).",
        at=now,
        actor=discloser,
        clause=clause,
        clause_anchor=anchor,
    )
    tell(
        case=case,
        recipients=[case.routed_to],
        event=event,
        subject="A close personal relationship has been disclosed to you",
        body=f"{discloser} has disclosed a close personal relationship at {council.name}. "
        "The details are in the portal, visible to you and to them only.",
        now=now,
    )
    _reroute_affected(council=council, pair=(discloser, other_person), now=now)
    return disclosure


def _reroute_affected(*, council: Council, pair: tuple[User, User], now: dt.datetime) -> int:
    """Open cases raised by or about one of the pair and with the other are routed again."""
    a, b = pair
    affected = Case.objects.filter(council=council, status__in=Case.ACTIVE_STATUSES).filter(
        (Q(raised_by=a) | Q(subject_person=a)) & Q(routed_to=b)
        | (Q(raised_by=b) | Q(subject_person=b)) & Q(routed_to=a)
    ).exclude(kind=Case.Kind.RELATIONSHIP)
    moved = 0
    for case in affected.select_related("council"):
        case_reroute(case=case, now=now, actor=None)
        moved += 1
    return moved


def _move(disclosure: RelationshipDisclosure, to: str, **changes) -> None:
    current, to = Status(disclosure.status), Status(to)
    if to not in RelationshipDisclosure.TRANSITIONS[current]:
        raise DomainError(f"A disclosure that is {current.label.lower()} cannot become {to.label.lower()}.")
    if not RelationshipDisclosure.objects.filter(pk=disclosure.pk, status=current).update(status=to, **changes):
        raise DomainError("Someone else changed this disclosure while you were working on it.")
    disclosure.status = to
    for name, value in changes.items():
        setattr(disclosure, name, value)


@transaction.atomic
def relationship_acknowledge(
    *, disclosure: RelationshipDisclosure, officer: User, now: dt.datetime, note: str = ""
) -> RelationshipDisclosure:
    """The Monitoring Officer records the disclosure and any advice (002 6.7: avoid conflicts)."""
    require_monitoring_officer(user=officer, council=disclosure.council, on=today(now))
    _move(disclosure, Status.ACKNOWLEDGED, acknowledged_at=now)
    clause, anchor = _cite(disclosure.council)
    event = record_event(
        case=disclosure.case,
        kind=CaseEvent.Kind.NOTE,
        summary="Disclosure acknowledged by the Monitoring Officer." + (f" Advice: {note}" if note else ""),
        at=now,
        actor=officer,
        clause=clause,
        clause_anchor=anchor,
    )
    case_transition(case=disclosure.case, to=Case.Status.RESPONDED, actor=officer, now=now, reason="Acknowledged")
    tell(
        case=disclosure.case,
        recipients=[disclosure.discloser],
        event=event,
        subject="Your disclosure has been acknowledged",
        body="The Monitoring Officer has acknowledged the close personal relationship you disclosed."
        + (f" Advice: {note}" if note else ""),
        now=now,
    )
    return disclosure


@transaction.atomic
def relationship_end(
    *, disclosure: RelationshipDisclosure, actor: User, now: dt.datetime, reason: str
) -> RelationshipDisclosure:
    """The relationship has ended: routing no longer treats the pair as conflicted."""
    if actor != disclosure.discloser:
        require_monitoring_officer(user=actor, council=disclosure.council, on=today(now))
    if not reason.strip():
        raise DomainError("Say why the disclosure no longer applies.")
    _move(disclosure, Status.ENDED, ended_at=now)
    record_event(
        case=disclosure.case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"The relationship is recorded as ended: {reason.strip()}",
        at=now,
        actor=actor,
    )
    case_transition(case=disclosure.case, to=Case.Status.CLOSED, actor=actor, now=now, reason="Relationship ended")
    return disclosure
