"""Pieces every register service uses: the file case, events on it, the people to tell."""

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.models import Council, Membership, User
from accounts.selectors import roles_at
from casework.calendar import calendar_for_council, london_date
from casework.models import Case, CaseEvent, DomainError, ProtocolProfile
from casework.services.cases import case_open
from casework.services.common import notify, record_event

from ..models import Register, RegisterSettings


def profile_of(council: Council) -> ProtocolProfile:
    try:
        return council.protocol_profile
    except ProtocolProfile.DoesNotExist:
        raise DomainError(
            f"{council.name} has not set up its protocol in the portal yet, so its register cannot be kept here."
        ) from None


def fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def money(value) -> str:
    return f"£{value:,.2f}"


def is_councillor(*, user: User, council: Council, on: dt.date) -> bool:
    return (
        Membership.objects.current_on(on)
        .filter(user=user, council=council, role=Membership.Role.COUNCILLOR)
        .exists()
    )


def require_monitoring_officer(*, user: User, council: Council, on: dt.date) -> None:
    """Only the Monitoring Officer (or Deputy) serving the council keeps its register (s.29)."""
    if not roles_at(user=user, council=council, on=on).is_monitoring_officer:
        raise DomainError(f"Only the Monitoring Officer serving {council.name} can do that.")


def settings_for(*, council: Council, today: dt.date) -> RegisterSettings:
    """The council's register settings; the first time they are read, obligations start from today."""
    found = RegisterSettings.objects.filter(council=council).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return RegisterSettings.objects.create(council=council, obligations_from=today)
    except IntegrityError:  # made by a concurrent request
        return RegisterSettings.objects.get(council=council)


def settings_peek(*, council: Council, today: dt.date) -> RegisterSettings:
    """The council's register settings for reading (a page): the saved row, or the defaults unsaved."""
    return RegisterSettings.objects.filter(council=council).first() or RegisterSettings(
        council=council, obligations_from=today
    )


def register_open(*, council: Council, councillor: User, now: dt.datetime, actor: User | None) -> Register:
    """The councillor's register at the council, opening it (and its file) the first time.

    The file is a REGISTRATION case routed to the Monitoring Officer of the principal council,
    confidential to the councillor and the Monitoring Officer: its clocks are the 28-day
    obligations, its timeline every version, gift and declaration.
    """
    existing = Register.objects.filter(council=council, councillor=councillor).select_related("case").first()
    if existing:
        return existing
    profile_of(council)
    try:
        with transaction.atomic():
            case, _ = case_open(
                council=council,
                kind=Case.Kind.REGISTRATION,
                subject=f"Register of interests — {councillor}",
                received_at=now,
                now=now,
                actor=actor,
                raised_by=councillor,
                subject_person=councillor,
                confidential=True,
            )
            return Register.objects.create(council=council, councillor=councillor, case=case, created_at=now)
    except IntegrityError:  # opened by a concurrent request; theirs stands, ours rolled back
        return Register.objects.select_related("case").get(council=council, councillor=councillor)


def register_event(
    register: Register,
    *,
    summary: str,
    at: dt.datetime,
    actor: User | None,
    kind: str = CaseEvent.Kind.NOTE,
    clause: str = "",
    clause_anchor: str = "",
    data: dict | None = None,
) -> CaseEvent:
    return record_event(
        case=register.case,
        kind=kind,
        summary=summary,
        at=at,
        actor=actor,
        clause=clause,
        clause_anchor=clause_anchor,
        data=data,
    )


def tell(
    *,
    case: Case,
    recipients,
    event: CaseEvent | None,
    subject: str,
    body: str,
    now: dt.datetime,
) -> None:
    notify(
        recipients=recipients,
        case=case,
        event=event,
        subject=subject,
        body=body,
        now=now,
        calendar=calendar_for_council(case.council),
        urgent=False,
    )


def monitoring_officer_for(case: Case) -> User | None:
    """Who keeps the file: the person the case is routed to (the MO, or a Deputy when conflicted)."""
    return case.routed_to


def today(now: dt.datetime) -> dt.date:
    return london_date(now)
