"""Gifts and hospitality (the council's Code of Conduct): registered within 28 days of receipt."""

import datetime as dt
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.models import User
from casework.models import DomainError

from ..models import REGISTRATION_DAYS, Gift, last_day
from .common import (
    fmt,
    is_councillor,
    money,
    monitoring_officer_for,
    profile_of,
    register_event,
    register_open,
    tell,
    today,
)


def gift_threshold(council) -> Decimal:
    """The council's threshold (ProtocolProfile.gift_threshold; £50 by default)."""
    return profile_of(council).gift_threshold


@transaction.atomic
def gift_register(
    *,
    council,
    councillor: User,
    now: dt.datetime,
    token: uuid.UUID,
    giver: str,
    description: str,
    received_on: dt.date,
    value: Decimal,
    value_is_estimate: bool,
    reason: str,
    outcome: str,
) -> Gift:
    """Register a gift or hospitality offered (accepted or refused) at or above the threshold.

    Late if registered after the 28 days beginning with the day of receipt; the days late are kept.
    The same form token registers once, however often it is posted.
    """
    day = today(now)
    if not is_councillor(user=councillor, council=council, on=day):
        raise DomainError(f"Only a councillor of {council.name} registers gifts there.")
    existing = Gift.objects.filter(token=token).first()
    if existing:
        return existing
    threshold = gift_threshold(council)
    if value < 0 or value > Gift.MAX_VALUE:
        raise DomainError(f"Enter a value between {money(0)} and {money(Gift.MAX_VALUE)}.")
    if value < threshold:
        raise DomainError(f"Gifts and hospitality worth less than {money(threshold)} need not be registered.")
    if received_on > day:
        raise DomainError("The date received cannot be in the future.")
    if outcome not in Gift.Outcome.values:
        raise DomainError("Say whether the gift was accepted or refused.")
    register = register_open(council=council, councillor=councillor, now=now, actor=councillor)
    due_on = last_day(received_on, REGISTRATION_DAYS)
    days_late = max((day - due_on).days, 0)
    try:
        with transaction.atomic():
            gift = Gift.objects.create(
                register=register,
                giver=giver,
                description=description,
                received_on=received_on,
                value=value,
                value_is_estimate=value_is_estimate,
                reason=reason,
                outcome=outcome,
                registered_at=now,
                due_on=due_on,
                days_late=days_late,
                token=token,
            )
    except IntegrityError:  # the same form posted twice at once
        return Gift.objects.get(token=token)
    estimate = " (estimated)" if value_is_estimate else ""
    late = f" Registered {days_late} day{'s' if days_late != 1 else ''} late (it was due by {fmt(due_on)})." if days_late else ""
    summary = (
        f"Gift or hospitality registered: {description} from {giver}, {money(value)}{estimate}, "
        f"{gift.get_outcome_display().lower()}; received {fmt(received_on)}.{late}"
    )
    event = register_event(register, summary=summary, at=now, actor=councillor, data={"gift": gift.pk})
    if days_late:
        tell(
            case=register.case,
            recipients=[monitoring_officer_for(register.case)],
            event=event,
            subject=f"Gift registered late: {councillor}",
            body=summary,
            now=now,
        )
    return gift
