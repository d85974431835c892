"""Changing a council's calendar: every running clock is recomputed and each move recorded on its case."""

import datetime as dt

from django.db import transaction

from accounts.models import ClosureDay, Council, User

from .deadlines import deadlines_recompute


@transaction.atomic
def closure_day_add(*, council: Council, date: dt.date, reason: str, actor: User | None, now: dt.datetime) -> ClosureDay:
    closure, _ = ClosureDay.objects.update_or_create(council=council, date=date, defaults={"reason": reason})
    deadlines_recompute(
        council=council, now=now, actor=actor, because=f"{date:%-d %B %Y} was declared a closure day ({reason})"
    )
    return closure


@transaction.atomic
def closure_day_remove(*, closure: ClosureDay, actor: User | None, now: dt.datetime) -> None:
    council, date = closure.council, closure.date
    closure.delete()
    deadlines_recompute(
        council=council, now=now, actor=actor, because=f"{date:%-d %B %Y} is no longer a closure day"
    )


def calendars_recompute_all(*, now: dt.datetime) -> int:
    """Recompute every council's running clocks (the bank holiday tables may have changed)."""
    moved = 0
    for council in Council.objects.filter(protocol_profile__isnull=False):
        moved += deadlines_recompute(council=council, now=now, because="the bank holiday calendar changed")
    return moved
