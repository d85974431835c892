"""Interests declared on an enquiry or information request (000 4.3(a)), or at a meeting (s.31)."""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction

from accounts.models import User
from casework.models import Case, CaseConflict, CaseEvent, DomainError
from casework.services.cases import case_reroute
from casework.services.common import record_event

from ..models import Declaration, RegistrationObligation
from .common import fmt, is_councillor, register_event, register_open, today
from .obligations import obligation_open

DECLARABLE_KINDS = (Case.Kind.ENQUIRY, Case.Kind.INFORMATION_REQUEST)


@transaction.atomic
def declaration_record(
    *,
    council,
    councillor: User,
    now: dt.datetime,
    token: uuid.UUID,
    occasion: str,
    declared_on: dt.date,
    nature: str,
    case: Case | None = None,
    meeting: str = "",
    entry=None,
    is_dpi: bool = False,
    start_update: bool = False,
) -> Declaration:
    """Record a declaration, link it to the register, and (if asked) start a registration update.

    On a case: the councillor is recorded as conflicted on it (so routing passes them over) and
    the declaration, with its nature, goes on the case's timeline for those working it. An
    interest not on the register starts a 28-day obligation from the day it was declared — for a
    disclosable pecuniary interest declared at a meeting, the s.31(3) duty.
    """
    day = today(now)
    if not is_councillor(user=councillor, council=council, on=day):
        raise DomainError(f"Only a councillor of {council.name} declares interests there.")
    existing = Declaration.objects.filter(token=token).first()
    if existing:
        return existing
    if declared_on > day:
        raise DomainError("The date of the declaration cannot be in the future.")
    if not nature.strip():
        raise DomainError("State the existence and nature of the interest.")
    if occasion == Declaration.Occasion.CASE:
        if case is None or case.council_id != council.pk or case.raised_by_id != councillor.pk:
            raise DomainError("Choose one of your own enquiries or information requests.")
        if case.kind not in DECLARABLE_KINDS:
            raise DomainError("Interests are declared here on enquiries and information requests.")
    elif occasion == Declaration.Occasion.MEETING:
        if not meeting.strip():
            raise DomainError("Name the meeting.")
        case = None
    else:
        raise DomainError("Say where the interest was declared.")
    register = register_open(council=council, councillor=councillor, now=now, actor=councillor)
    if entry is not None:
        if register.published_version_id is None or entry.version_id != register.published_version_id:
            raise DomainError("Choose an interest on your published register.")
        is_dpi = entry.is_dpi
    try:
        with transaction.atomic():
            declaration = Declaration.objects.create(
                register=register,
                occasion=occasion,
                case=case,
                meeting=meeting.strip(),
                declared_on=declared_on,
                nature=nature.strip(),
                entry_lineage=entry.lineage if entry else None,
                entry_name="" if entry is None or entry.sensitive else entry.name,
                is_dpi=is_dpi,
                declared_at=now,
                token=token,
            )
    except IntegrityError:
        return Declaration.objects.get(token=token)
    where = f"on {case.reference}" if case else f"at {declaration.meeting} on {fmt(declared_on)}"
    linked = "an interest on their register" if entry else "an interest not on their register"
    register_event(register, summary=f"Declared {linked} {where}.", at=now, actor=councillor)
    if case is not None:
        CaseConflict.objects.get_or_create(case=case, user=councillor, defaults={"reason": "has declared an interest in this case"})
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{councillor} declared an interest: {declaration.nature}",
            at=now,
            actor=councillor,
            data={"declaration": declaration.pk},
        )
        if case.is_active:
            case_reroute(case=case, now=now, actor=councillor)
    if start_update and entry is None:
        reason = (
            RegistrationObligation.Reason.MEETING
            if occasion == Declaration.Occasion.MEETING and is_dpi
            else RegistrationObligation.Reason.CHANGE
        )
        obligation, _ = obligation_open(
            register=register,
            reason=reason,
            key=f"declaration:{declaration.token}",
            started_on=declared_on,
            now=now,
            actor=councillor,
            note=f"You declared an interest not on your register {where}.",
        )
        declaration.obligation = obligation
        declaration.save(update_fields=["obligation"])
    return declaration
