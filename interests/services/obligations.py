"""The 28-day obligations to register, as clocks on the register's file.

"Before the end of 28 days beginning with the day" (Localism Act 2011 ss.30–31): the day the duty
arises is day one, so a membership starting on 7 May 2026 must register by 3 June 2026. Each
obligation is a Deadline (rule "registration") on the register's REGISTRATION case, so reminders
and escalation come from the deadline engine, and a unique key per duty means a re-run, a second
worker or a double click never opens one twice.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.models import Council, Membership, User
from casework.models import Deadline
from casework.services.deadlines import deadline_cancel, deadline_complete, deadline_open, why_this_date

from ..models import Register, RegisterSettings, RegisterVersion, RegistrationObligation
from .common import fmt, profile_of, register_event, register_open, settings_for, tell, today

Reason = RegistrationObligation.Reason

LABELS = {
    Reason.TAKING_OFFICE: "Register your interests on taking office",
    Reason.CHANGE: "Register a change within 28 days of becoming aware of it",
    Reason.ANNUAL_REVIEW: "Annual review: confirm your register is up to date",
    Reason.MEETING: "Register an interest disclosed at a meeting",
}


def obligation_open(
    *,
    register: Register,
    reason: str,
    key: str,
    started_on: dt.date,
    now: dt.datetime,
    actor: User | None = None,
    membership: Membership | None = None,
    note: str = "",
) -> tuple[RegistrationObligation, bool]:
    """Open one duty to register (a 28-day clock on the file). Returns (obligation, opened now?)."""
    existing = RegistrationObligation.objects.filter(register=register, key=key).first()
    if existing:
        return existing, False
    profile = profile_of(register.council)
    source = profile.source("registration_days")
    label = LABELS[Reason(reason)]
    try:
        with transaction.atomic():
            deadline = deadline_open(
                case=register.case,
                rule="registration",
                label=label,
                started_on=started_on,
                calendar_days=profile.registration_days,
                now=now,
                clause=source.get("clause", ""),
                clause_anchor=source.get("anchor", ""),
                actor=actor,
                profile=profile,
            )
            obligation = RegistrationObligation.objects.create(
                register=register,
                reason=reason,
                key=key,
                membership=membership,
                started_on=started_on,
                due_on=deadline.due_on,
                deadline=deadline,
                note=note[:300],
                opened_at=now,
            )
    except IntegrityError:  # a concurrent run opened it first: its clock stands, ours rolled back
        return RegistrationObligation.objects.get(register=register, key=key), False
    body = (
        f"{label}: by the end of {fmt(deadline.due_on)} — {why_this_date(deadline)}."
        + (f" {note}" if note else "")
        + " Your register of interests is in the portal."
    )
    tell(
        case=register.case,
        recipients=[register.councillor],
        event=None,
        subject=f"{label} by {fmt(deadline.due_on)}",
        body=body,
        now=now,
    )
    return obligation, True


def obligation_open_change(
    *, register: Register, version: RegisterVersion, aware_on: dt.date, now: dt.datetime, actor: User
) -> RegistrationObligation:
    """A change to a published register: due 28 days beginning with the day the councillor became aware."""
    obligation, _ = obligation_open(
        register=register,
        reason=Reason.CHANGE,
        key=f"change:v{version.number}:{aware_on.isoformat()}",
        started_on=aware_on,
        now=now,
        actor=actor,
        note=f"You became aware of the change on {fmt(aware_on)}.",
    )
    return obligation


def obligations_fulfil(*, register: Register, version: RegisterVersion, actor: User, now: dt.datetime) -> list[str]:
    """A submission fulfils every open obligation: each clock is met, or missed (late), at `now`.

    A change obligation of this draft whose date no entry in it now gives is stopped instead
    (the councillor corrected the date). Returns a line per obligation for the file.
    """
    lines = []
    aware_dates = {e.aware_on.isoformat() for e in version.entries.all() if e.aware_on}
    for obligation in register.obligations.filter(fulfilled_at__isnull=True).select_related("deadline"):
        draft_prefix = f"change:v{version.number}:"
        if obligation.key.startswith(draft_prefix) and obligation.key[len(draft_prefix):] not in aware_dates:
            obligation.fulfilled_at = now
            obligation.save(update_fields=["fulfilled_at"])
            if obligation.deadline.is_active or obligation.deadline.state == Deadline.State.PAUSED:
                deadline_cancel(
                    deadline=obligation.deadline,
                    actor=actor,
                    now=now,
                    reason="No entry in the submission gives this date of becoming aware any longer.",
                )
            continue
        obligation.fulfilled_by, obligation.fulfilled_at = version, now
        obligation.save(update_fields=["fulfilled_by", "fulfilled_at"])
        deadline = obligation.deadline
        if deadline.completed_at is None and deadline.state != Deadline.State.CANCELLED:
            deadline_complete(deadline=deadline, actor=actor, now=now)
        late = obligation.days_late()
        when = f"{late} day{'s' if late != 1 else ''} late" if late else "on time"
        lines.append(f"{obligation.get_reason_display()} (due {fmt(obligation.due_on)}): fulfilled {when}")
    return lines


# --- the daily job: taking office and the annual review ------------------------------------


def taking_office_open_one(*, membership: Membership, now: dt.datetime) -> bool:
    """Open the registration obligation for one councillor's membership starting. Idempotent."""
    key = f"taking-office:m{membership.pk}"
    if RegistrationObligation.objects.filter(key=key, membership=membership).exists():
        return False
    with transaction.atomic():
        register = register_open(council=membership.council, councillor=membership.user, now=now, actor=None)
        _, opened = obligation_open(
            register=register,
            reason=Reason.TAKING_OFFICE,
            key=key,
            started_on=membership.starts_on,
            now=now,
            membership=membership,
            note=f"Your term as a councillor of {membership.council.name} began on {fmt(membership.starts_on)} "
            "(Localism Act 2011 s.30).",
        )
        if opened:
            register_event(
                register,
                summary=f"{membership.user} took office on {fmt(membership.starts_on)}: interests must be "
                "registered within 28 days (s.30).",
                at=now,
                actor=None,
            )
    return opened


def annual_review_open_one(
    *, council: Council, councillor: User, review_on: dt.date, now: dt.datetime
) -> bool:
    with transaction.atomic():
        register = register_open(council=council, councillor=councillor, now=now, actor=None)
        _, opened = obligation_open(
            register=register,
            reason=Reason.ANNUAL_REVIEW,
            key=f"annual-review:{review_on.year}",
            started_on=review_on,
            now=now,
            note=f"{council.name}'s annual review of the register began on {fmt(review_on)}: confirm your "
            "register is up to date, or submit the changes.",
        )
    return opened


def _councils_keeping_registers():
    return Council.objects.filter(protocol_profile__isnull=False).select_related("protocol_profile").order_by("pk")


def obligations_open_due(*, now: dt.datetime) -> int:
    """The daily job. Returns how many obligations it opened.

    1. For every council with a protocol, every councillor whose membership started on or after
       the council's `obligations_from` date and is current gets a taking-office obligation,
       counted from the day the membership started (so a job that was down for days still
       gives the right due date).
    2. For every council that has set an annual review date, once that date this year has come,
       every councillor in office that day gets an annual-review obligation counted from it.
    """
    day = today(now)
    opened = 0
    for council in _councils_keeping_registers():
        settings = settings_for(council=council, today=day)
        done = set(
            RegistrationObligation.objects.filter(
                register__council=council, reason=Reason.TAKING_OFFICE, membership__isnull=False
            ).values_list("membership_id", flat=True)
        )
        starting = (
            Membership.objects.current_on(day)
            .filter(council=council, role=Membership.Role.COUNCILLOR, starts_on__gte=settings.obligations_from)
            .exclude(pk__in=done)
            .select_related("user", "council")
            .order_by("starts_on", "pk")
        )
        for membership in starting:
            opened += taking_office_open_one(membership=membership, now=now)
        opened += _annual_review(council=council, settings=settings, day=day, now=now)
    return opened


def _annual_review(*, council: Council, settings: RegisterSettings, day: dt.date, now: dt.datetime) -> int:
    review_on = settings.annual_review_on(day.year)
    if review_on is None or review_on > day or review_on < settings.obligations_from:
        return 0
    key = f"annual-review:{review_on.year}"
    done = set(
        RegistrationObligation.objects.filter(register__council=council, key=key).values_list(
            "register__councillor_id", flat=True
        )
    )
    members = (
        Membership.objects.current_on(review_on)
        .filter(council=council, role=Membership.Role.COUNCILLOR)
        .filter(pk__in=Membership.objects.current_on(day).values("pk"))
        .exclude(user_id__in=done)
        .select_related("user")
        .order_by("user__full_name")
    )
    opened = 0
    for membership in members:
        opened += annual_review_open_one(council=council, councillor=membership.user, review_on=review_on, now=now)
    return opened
