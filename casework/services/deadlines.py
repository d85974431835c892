"""Deadlines: open, pause and resume (a ledger), meet, cancel, and recompute when the calendar changes."""

import datetime as dt

from django.db import transaction
from django.db.models import Subquery

from accounts.models import User

from ..calendar import (
    SkippedDay,
    WorkingCalendar,
    add_working_days,
    calendar_for_council,
    end_of_day,
    london_date,
    working_days_between,
)
from ..models import Case, CaseEvent, Deadline, DeadlinePause, DomainError, ProtocolProfile
from .common import record_event
from .escalation import next_check_after


def case_due_refresh(case_id: int) -> None:
    """Keep Case.due_at equal to the earliest running clock's due instant (one UPDATE)."""
    running = (
        Deadline.objects.filter(case_id=case_id, state__in=Deadline.ACTIVE_STATES, completed_at__isnull=True)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    Case.objects.filter(pk=case_id).update(due_at=Subquery(running))


def _skipped_json(skipped: tuple[SkippedDay, ...]) -> list[list[str]]:
    return [[day.date.isoformat(), day.reason] for day in skipped]


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def why_this_date(deadline: Deadline) -> str:
    """One sentence a councillor can read: how the due date was reached."""
    if deadline.working_days is not None:
        skipped = len(deadline.skipped)
        extra = f", skipping {skipped} non-working day{'s' if skipped != 1 else ''}" if skipped else ""
        return (
            f"{deadline.working_days} working days after {_fmt(deadline.started_on)} (day zero){extra}"
        )
    if deadline.calendar_days is not None:
        return f"{deadline.calendar_days} days beginning with {_fmt(deadline.started_on)} (the start day is day one)"
    return f"Date given on {_fmt(deadline.started_on)}"


def compute_due(
    *,
    started_on: dt.date,
    working_days: int,
    calendar: WorkingCalendar,
    pauses: list[tuple[dt.date, dt.date | None]] = (),
) -> tuple[dt.date, list[list[str]]]:
    """Replay the clock: N working days from day zero, each pause carrying the remaining days past it."""
    result = add_working_days(started_on, working_days, calendar)
    due, skipped = result.due, list(result.skipped)
    for paused_on, resumed_on in pauses:
        if resumed_on is None:
            break
        remaining = working_days_between(paused_on, due, calendar)
        resumed = add_working_days(resumed_on, remaining, calendar)
        skipped = [s for s in skipped if s.date <= paused_on] + list(resumed.skipped)
        due = resumed.due
    return due, _skipped_json(tuple(skipped))


def deadline_open(
    *,
    case: Case,
    rule: str,
    label: str,
    started_on: dt.date,
    now: dt.datetime,
    clause: str = "",
    clause_anchor: str = "",
    working_days: int | None = None,
    calendar_days: int | None = None,
    due_on: dt.date | None = None,
    actor: User | None = None,
    calendar: WorkingCalendar | None = None,
    profile: ProtocolProfile | None = None,
) -> Deadline:
    """Write a clock and its "deadline set" event. Exactly one of working_days, calendar_days, due_on."""
    if sum(x is not None for x in (working_days, calendar_days, due_on)) != 1:
        raise ValueError("Give exactly one of working_days, calendar_days or due_on")
    calendar = calendar or calendar_for_council(case.council)
    skipped: list[list[str]] = []
    if working_days is not None:
        due_on, skipped = compute_due(started_on=started_on, working_days=working_days, calendar=calendar)
    elif calendar_days is not None:
        # Localism Act s.30: "before the end of 28 days beginning with the day" — the start day is day one.
        due_on = started_on + dt.timedelta(days=calendar_days - 1)
    deadline = Deadline(
        case=case,
        rule=rule,
        label=label,
        clause=clause,
        clause_anchor=clause_anchor,
        started_on=started_on,
        working_days=working_days,
        calendar_days=calendar_days,
        due_on=due_on,
        due_at=end_of_day(due_on),
        skipped=skipped,
        created_at=now,
    )
    profile = profile or case.council.protocol_profile
    deadline.next_check_at = next_check_after(deadline, profile=profile, calendar=calendar)
    deadline.save()
    case_due_refresh(case.pk)
    record_event(
        case=case,
        kind=CaseEvent.Kind.DEADLINE_SET,
        summary=f"{label}: due {_fmt(due_on)} — {why_this_date(deadline)}.",
        at=now,
        actor=actor,
        clause=clause,
        clause_anchor=clause_anchor,
        deadline=deadline,
        data={"due_on": due_on.isoformat(), "skipped": skipped},
    )
    return deadline


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update(of=("self",)).select_related("case__council").get(pk=deadline.pk)


@transaction.atomic
def deadline_pause(*, deadline: Deadline, reason: str, actor: User | None, now: dt.datetime) -> Deadline:
    """Stop the clock, writing down the working days still to run so no elapsed time is lost."""
    deadline = _lock(deadline)
    if deadline.state != Deadline.State.OPEN:
        raise DomainError(f"Only a running clock can be paused; this one is {deadline.get_state_display().lower()}.")
    if deadline.working_days is None:
        raise DomainError("This clock runs to a fixed date and cannot be paused.")
    calendar = calendar_for_council(deadline.case.council)
    today = london_date(now)
    remaining = working_days_between(today, deadline.due_on, calendar)
    DeadlinePause.objects.create(deadline=deadline, paused_at=now, remaining_working_days=remaining, reason=reason)
    deadline.state = Deadline.State.PAUSED
    deadline.next_check_at = None
    deadline.save(update_fields=["state", "next_check_at"])
    case_due_refresh(deadline.case_id)
    record_event(
        case=deadline.case,
        kind=CaseEvent.Kind.DEADLINE_PAUSED,
        summary=f"{deadline.label}: clock paused with {remaining} working day{'s' if remaining != 1 else ''} "
        f"to run. Reason: {reason}",
        at=now,
        actor=actor,
        clause=deadline.clause,
        clause_anchor=deadline.clause_anchor,
        deadline=deadline,
        data={"remaining_working_days": remaining},
    )
    return deadline


@transaction.atomic
def deadline_resume(*, deadline: Deadline, actor: User | None, now: dt.datetime, reason: str = "") -> Deadline:
    """Restart the clock: the working days left at the pause run from today."""
    deadline = _lock(deadline)
    if deadline.state != Deadline.State.PAUSED:
        raise DomainError("Only a paused clock can be resumed.")
    pause = deadline.pauses.get(resumed_at__isnull=True)
    pause.resumed_at = now
    pause.save(update_fields=["resumed_at"])
    calendar = calendar_for_council(deadline.case.council)
    old_due = deadline.due_on
    deadline.due_on, deadline.skipped = compute_due(
        started_on=deadline.started_on,
        working_days=deadline.working_days,
        calendar=calendar,
        pauses=_pause_dates(deadline),
    )
    deadline.due_at = end_of_day(deadline.due_on)
    deadline.state = Deadline.State.OPEN
    deadline.next_check_at = next_check_after(
        deadline, profile=deadline.case.council.protocol_profile, calendar=calendar
    )
    deadline.save(update_fields=["due_on", "due_at", "skipped", "state", "next_check_at"])
    case_due_refresh(deadline.case_id)
    record_event(
        case=deadline.case,
        kind=CaseEvent.Kind.DEADLINE_RESUMED,
        summary=f"{deadline.label}: clock resumed with {pause.remaining_working_days} working days to run; "
        f"now due {_fmt(deadline.due_on)} (was {_fmt(old_due)})." + (f" {reason}" if reason else ""),
        at=now,
        actor=actor,
        clause=deadline.clause,
        clause_anchor=deadline.clause_anchor,
        deadline=deadline,
        data={"due_on": deadline.due_on.isoformat(), "was": old_due.isoformat()},
    )
    return deadline


def _pause_dates(deadline: Deadline) -> list[tuple[dt.date, dt.date | None]]:
    return [
        (london_date(p.paused_at), london_date(p.resumed_at) if p.resumed_at else None)
        for p in deadline.pauses.order_by("paused_at")
    ]


@transaction.atomic
def deadline_complete(*, deadline: Deadline, actor: User | None, now: dt.datetime, summary: str = "") -> Deadline:
    """The clock's duty is done: met if on time; a missed clock stays missed, with the completion time."""
    deadline = _lock(deadline)
    if deadline.state not in (Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED):
        raise DomainError(f"This clock is already {deadline.get_state_display().lower()}.")
    if deadline.state == Deadline.State.PAUSED:
        deadline.pauses.filter(resumed_at__isnull=True).update(resumed_at=now)
    on_time = now <= deadline.due_at
    deadline.state = Deadline.State.MET if on_time else Deadline.State.MISSED
    deadline.completed_at = now
    deadline.next_check_at = None
    deadline.save(update_fields=["state", "completed_at", "next_check_at"])
    case_due_refresh(deadline.case_id)
    when = "on time" if on_time else f"late (it was due {_fmt(deadline.due_on)})"
    record_event(
        case=deadline.case,
        kind=CaseEvent.Kind.DEADLINE_MET,
        summary=summary or f"{deadline.label}: done {when}.",
        at=now,
        actor=actor,
        clause=deadline.clause,
        clause_anchor=deadline.clause_anchor,
        deadline=deadline,
        data={"on_time": on_time},
    )
    return deadline


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, actor: User | None, now: dt.datetime, reason: str) -> Deadline:
    deadline = _lock(deadline)
    if deadline.state in (Deadline.State.MET, Deadline.State.CANCELLED) or deadline.completed_at:
        raise DomainError("This clock has already finished.")
    deadline.pauses.filter(resumed_at__isnull=True).update(resumed_at=now)
    deadline.state = Deadline.State.CANCELLED
    deadline.next_check_at = None
    deadline.save(update_fields=["state", "next_check_at"])
    case_due_refresh(deadline.case_id)
    record_event(
        case=deadline.case,
        kind=CaseEvent.Kind.DEADLINE_CANCELLED,
        summary=f"{deadline.label}: clock stopped. {reason}",
        at=now,
        actor=actor,
        deadline=deadline,
    )
    return deadline


def deadlines_recompute(*, council, now: dt.datetime, because: str, actor: User | None = None) -> int:
    """Recompute every running working-day clock at a council after its calendar changed.

    Each deadline whose date moves gets its new date and skipped days and an event on its
    case saying why. Returns how many moved.
    """
    calendar = calendar_for_council(council)
    profile = council.protocol_profile
    moved = 0
    candidates = (
        Deadline.objects.filter(
            case__council=council,
            working_days__isnull=False,
            completed_at__isnull=True,
            state__in=(Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED),
        )
        .select_related("case__council")
        .prefetch_related("pauses")
    )
    for deadline in candidates.iterator(chunk_size=500):
        pauses = [
            (london_date(p.paused_at), london_date(p.resumed_at) if p.resumed_at else None)
            for p in sorted(deadline.pauses.all(), key=lambda p: p.paused_at)
        ]
        due_on, skipped = compute_due(
            started_on=deadline.started_on, working_days=deadline.working_days, calendar=calendar, pauses=pauses
        )
        if due_on == deadline.due_on and skipped == deadline.skipped:
            continue
        with transaction.atomic():
            old = deadline.due_on
            deadline.due_on, deadline.skipped, deadline.due_at = due_on, skipped, end_of_day(due_on)
            if deadline.state != Deadline.State.PAUSED:
                if deadline.state == Deadline.State.MISSED and deadline.due_at > now:
                    deadline.state = Deadline.State.OPEN
                deadline.next_check_at = next_check_after(deadline, profile=profile, calendar=calendar)
            deadline.save(update_fields=["due_on", "skipped", "due_at", "state", "next_check_at"])
            case_due_refresh(deadline.case_id)
            record_event(
                case=deadline.case,
                kind=CaseEvent.Kind.DEADLINE_RECOMPUTED,
                summary=f"{deadline.label}: now due {_fmt(due_on)} (was {_fmt(old)}) because {because}.",
                at=now,
                actor=actor,
                clause=deadline.clause,
                clause_anchor=deadline.clause_anchor,
                deadline=deadline,
                data={"due_on": due_on.isoformat(), "was": old.isoformat()},
            )
        moved += 1
    return moved
