"""The escalation ladder and the sweep that climbs it.

The ladder comes from the council's protocol profile (defaults: a reminder to the
assignee two working days before the due date; on the due date passing, overdue —
assignee and Clerk told; five working days overdue, the Chair told). Each step is a
CaseEvent citing the deadline's clause.

The sweep (`sweep`) is idempotent and safe to run from two beats at once:
1. `sweep_one` claims the earliest deadline whose `next_check_at` has come, with
   `select_for_update(skip_locked=True)` on PostgreSQL, so two sweeps never take the same row;
2. moves it one level with a conditional update (level and check time unchanged, or nothing);
3. writes the step's CaseEvent — unique on (deadline, level), so a doubled step cannot commit —
   and its notifications, in the same transaction;
4. sets `next_check_at` for the following step, so a sweep that was down for days climbs
   each missed step once, in due order.
Only rows that are due are read: an idle sweep costs one indexed query.
"""

import datetime as dt
import heapq
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Council, User
from accounts.selectors import office_holder

from ..calendar import (
    WorkingCalendar,
    add_working_days,
    calendar_for_council,
    london_date,
    subtract_working_days,
)
from ..models import CaseEvent, Deadline, Heartbeat, ProtocolProfile
from .common import clerks_of, notify, opening_on, record_event

log = logging.getLogger(__name__)

SWEEP_HEARTBEAT = "deadline-sweep"


def step_at(deadline: Deadline, level: int, *, profile: ProtocolProfile, calendar: WorkingCalendar) -> dt.datetime | None:
    """When step `level` of the ladder falls due for this deadline (None: there is no such step)."""
    council = deadline.case.council
    if level == Deadline.Level.REMINDED:
        if not profile.reminder_working_days_before:
            return None
        day = subtract_working_days(deadline.due_on, profile.reminder_working_days_before, calendar)
        moment = opening_on(day, council=council)
        # A reminder that would fall before the clock started is not planned.
        return moment if moment > deadline.created_at else None
    if level == Deadline.Level.OVERDUE:
        return deadline.due_at
    if level == Deadline.Level.CHAIR:
        day = add_working_days(deadline.due_on, profile.chair_escalation_working_days, calendar).due
        return opening_on(day, council=council)
    return None


def next_check_after(deadline: Deadline, *, profile: ProtocolProfile, calendar: WorkingCalendar) -> dt.datetime | None:
    """When the sweep should next look at this deadline: the time of the next planned step."""
    for level in range(deadline.level + 1, Deadline.Level.CHAIR + 1):
        moment = step_at(deadline, level, profile=profile, calendar=calendar)
        if moment is not None:
            return moment
    return None


@dataclass
class SweepContext:
    """Per-sweep memo of calendars and profiles, so each escalation costs a handful of queries."""

    calendars: dict[int, WorkingCalendar] = field(default_factory=dict)
    clerks: dict[tuple[int, dt.date], list[User]] = field(default_factory=dict)

    def calendar(self, council: Council) -> WorkingCalendar:
        if council.pk not in self.calendars:
            self.calendars[council.pk] = calendar_for_council(council)
        return self.calendars[council.pk]

    def clerks_of(self, council: Council, on: dt.date) -> list[User]:
        key = (council.pk, on)
        if key not in self.clerks:
            self.clerks[key] = clerks_of(council, on=on)
        return self.clerks[key]


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _climb(deadline: Deadline, *, now: dt.datetime, ctx: SweepContext) -> bool:
    """Take this deadline one step up the ladder. Returns False if another sweep got there first."""
    case = deadline.case
    council = case.council
    profile = council.protocol_profile
    calendar = ctx.calendar(council)
    level = deadline.level + 1
    planned_at = step_at(deadline, level, profile=profile, calendar=calendar)
    new_state = deadline.state
    if level == Deadline.Level.OVERDUE and deadline.state == Deadline.State.OPEN:
        new_state = Deadline.State.MISSED
    old_level, old_check = deadline.level, deadline.next_check_at
    deadline.level, deadline.state = level, new_state
    deadline.next_check_at = next_check_after(deadline, profile=profile, calendar=calendar)
    claimed = Deadline.objects.filter(
        pk=deadline.pk, level=old_level, next_check_at=old_check, completed_at__isnull=True
    ).update(level=level, state=new_state, next_check_at=deadline.next_check_at)
    if not claimed:
        return False

    today = london_date(now)
    assignee = case.assigned_to or case.routed_to
    duty_holder = case.raised_by if case.kind in case.RAISER_DUTY_KINDS else None
    cite = dict(clause=deadline.clause, clause_anchor=deadline.clause_anchor, deadline=deadline, escalation_level=level)
    if level == Deadline.Level.REMINDED:
        if planned_at is None:
            return True  # not planned (the clock was too short): nothing to say
        if now >= deadline.due_at:
            record_event(
                case=case,
                kind=CaseEvent.Kind.ESCALATED,
                summary=f"{deadline.label}: reminder not sent — the deadline had already passed when it came due.",
                at=now,
                **cite,
            )
            return True
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.ESCALATED,
            summary=f"{deadline.label}: reminder — due {_fmt(deadline.due_on)}.",
            at=now,
            data={"step": "reminder"},
            **cite,
        )
        notify(
            recipients=[duty_holder, *([assignee] if assignee else ctx.clerks_of(council, today))],
            case=case,
            event=event,
            subject=f"Reminder: due {_fmt(deadline.due_on)}",
            body=f"{deadline.label} on {case.reference} ({case.subject}) is due by the end of {_fmt(deadline.due_on)}.",
            now=now,
            calendar=calendar,
            urgent=case.urgent,
        )
    elif level == Deadline.Level.OVERDUE:
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.ESCALATED,
            summary=f"{deadline.label}: overdue — it was due by the end of {_fmt(deadline.due_on)}. "
            + ("The person it is with has been told." if case.confidential else "The assignee and the Clerk have been told."),
            at=now,
            data={"step": "overdue"},
            **cite,
        )
        # A confidential case (a complaint, a referral, a concern) is not shown to the Clerk.
        told = [assignee] if case.confidential else [assignee, *ctx.clerks_of(council, today)]
        told.append(duty_holder)
        notify(
            recipients=told,
            case=case,
            event=event,
            subject="Overdue",
            body=f"{deadline.label} on {case.reference} ({case.subject}) was due by the end of "
            f"{_fmt(deadline.due_on)} and has not been done.",
            now=now,
            calendar=calendar,
            urgent=case.urgent,
        )
    elif level == Deadline.Level.CHAIR:
        holding = _oversight(case, profile=profile, on=today)
        days = profile.chair_escalation_working_days
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.ESCALATED,
            summary=f"{deadline.label}: {days} working days overdue — escalated. {holding.reason}",
            at=now,
            data={"step": "chair", "to": holding.person.pk if holding.person else None},
            **cite,
        )
        notify(
            recipients=[holding.person],
            case=case,
            event=event,
            subject=f"{days} working days overdue",
            body=f"{deadline.label} on {case.reference} ({case.subject}) was due by the end of "
            f"{_fmt(deadline.due_on)} and is now {days} working days overdue.",
            now=now,
            calendar=calendar,
            urgent=case.urgent,
        )
    return True


def _oversight(case, *, profile: ProtocolProfile, on: dt.date):
    """Who hears of a clock five working days overdue.

    The Chair (or the stand-in) for ordinary casework; for a confidential case, or one the
    Chair's office itself is deciding, the Monitoring Officer, who interprets the protocol
    (002 1.7) — never the person the case is about or who is already sitting on it.
    """
    from ..routing import conflicts_for

    conflicted = conflicts_for(case)
    if case.routed_to_id:
        conflicted.setdefault(case.routed_to_id, "already has this case")
    chair_chain = ["chair", *profile.stand_ins_for("chair")]
    if case.confidential or case.routed_office in chair_chain:
        return office_holder(
            council=case.council,
            office="role:monitoring_officer",
            on=on,
            stand_ins=["role:deputy_monitoring_officer"],
            conflicted=conflicted,
        )
    return office_holder(council=case.council, office="chair", on=on, stand_ins=chair_chain[1:], conflicted=conflicted)


def _claim(*, now: dt.datetime, limit: int) -> list[int]:
    """Lock up to `limit` due deadlines, earliest first, skipping rows another sweep holds.

    Only ids, in `next_check_at` order, so the partial index serves it: a claim reads the rows
    it takes, not every due row.
    """
    return list(
        Deadline.objects.select_for_update(skip_locked=True)
        .filter(next_check_at__lte=now)
        .order_by("next_check_at")
        .values_list("pk", flat=True)[:limit]
    )


def _load(pks: list[int]) -> list[Deadline]:
    rows = Deadline.objects.filter(pk__in=pks).select_related(
        "case__council__protocol_profile", "case__assigned_to", "case__routed_to", "case__raised_by"
    )
    return sorted(rows, key=lambda d: (d.next_check_at, d.pk))


def sweep_one(*, now: dt.datetime, ctx: SweepContext | None = None, pk: int | None = None) -> bool:
    """Escalate the earliest due deadline (or deadline `pk`, if due) by one step, in its own transaction.

    Returns whether there was one to take.
    """
    ctx = ctx or SweepContext()
    with transaction.atomic():
        if pk is None:
            pks = _claim(now=now, limit=1)
        else:
            pks = list(
                Deadline.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, next_check_at__lte=now)
                .values_list("pk", flat=True)
            )
        if not pks:
            return False
        _climb(_load(pks)[0], now=now, ctx=ctx)
        return True


def sweep_batch(*, now: dt.datetime, ctx: SweepContext, size: int = 200) -> int:
    """Climb every due step of up to `size` due deadlines in one transaction. Returns the steps taken.

    One commit for the batch keeps an escalation's cost to its own few writes. If any step
    fails, the batch rolls back and each deadline is retried in its own transaction, so one
    bad row delays only itself.
    """
    try:
        with transaction.atomic():
            # Strict due order across steps: a deadline whose next step is also due (the sweep
            # was down) goes back in line at that step's time; its row stays locked meanwhile.
            line = [(d.next_check_at, d.pk, d) for d in _load(_claim(now=now, limit=size))]
            heapq.heapify(line)
            steps = 0
            while line:
                _, _, deadline = heapq.heappop(line)
                if not _climb(deadline, now=now, ctx=ctx):
                    continue  # changed under us (met, cancelled): nothing more to do with it
                steps += 1
                if deadline.next_check_at is not None and deadline.next_check_at <= now:
                    heapq.heappush(line, (deadline.next_check_at, deadline.pk, deadline))
            return steps
    except Exception:
        log.exception("A sweep batch failed; retrying its deadlines one at a time")
    taken = 0
    for pk in _claim_outside_transaction(now=now, limit=size):
        try:
            taken += sweep_one(now=now, ctx=ctx, pk=pk)
        except Exception:
            log.exception("Deadline %s could not be escalated; it will be retried by the next sweep", pk)
    return taken


def _claim_outside_transaction(*, now: dt.datetime, limit: int) -> list[int]:
    return list(
        Deadline.objects.filter(next_check_at__lte=now).order_by("next_check_at").values_list("pk", flat=True)[:limit]
    )


def sweep(*, now: dt.datetime | None = None, limit: int = 10_000, batch: int = 200) -> int:
    """Climb every due step, a batch per transaction, then record the heartbeat. Returns the steps taken.

    A deadline several steps behind (the sweep was down) climbs one step per batch, so steps
    are taken in due order.
    """
    now = now or timezone.now()
    ctx = SweepContext()
    done = 0
    # An idle sweep is one indexed existence check and the heartbeat.
    while done < limit and Deadline.objects.filter(next_check_at__lte=now).exists():
        taken = sweep_batch(now=now, ctx=ctx, size=min(batch, limit - done))
        if not taken:
            break  # everything due is held by another sweep
        done += taken
    beat = Heartbeat.objects.filter(name=SWEEP_HEARTBEAT).update(last_run_at=now, processed=done)
    if not beat:
        Heartbeat.objects.update_or_create(name=SWEEP_HEARTBEAT, defaults={"last_run_at": now, "processed": done})
    return done
