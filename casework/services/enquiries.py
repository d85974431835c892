"""Councillor enquiries: opening, replies, interim replies, acceptance and reopening.

Protocol 000 sections 4 and 10 (the Kettering model), 002 5.5 and 12, 004 "Correspondence".
Every function here runs in one transaction, locks the case first (so a double-clicked form
is refused rather than applied twice), writes a CaseEvent for every change and notifies
from those events.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from accounts.models import Council, Membership, User

from ..attachments import attachment_check, attachment_save
from ..calendar import WorkingCalendar, add_working_days, calendar_for_council, london_date
from ..models import (
    Case,
    CaseConflict,
    CaseEvent,
    Deadline,
    DomainError,
    Enquiry,
    InterimReply,
    Message,
    ProtocolProfile,
)
from .cases import StaleCase, _bump, case_open, case_transition
from .common import clerks_of, notify, record_event
from .deadlines import deadline_complete, deadline_open, why_this_date
from .messages import message_send

REPLY_RULE = "enquiry_reply"
INTERIM_RULE = "interim_reply"
TRACKED_RULES = (REPLY_RULE, INTERIM_RULE)

# Clauses of the Kettering-model protocol (000) behind the enquiry rules that are not profile
# settings. The other presets' protocols are silent on them; the portal applies the model's rule
# and says so rather than cite a clause the council does not have.
MODEL_CLAUSES = {
    "interest_in_writing": ("4.3(a)", "c-4-3"),
    "even_handed": ("4.5", "c-4-5"),
    "non_compliant": ("4.6", "c-4-6"),
}


class EnquiryRefused(DomainError):
    """A rule about enquiries said no; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def short_clause(clause: str, limit: int | None = None) -> str:
    """A clause reference that fits the room events and deadlines keep for one.

    A numbered clause ("4.4", "4.3(a)") and a section heading ("Expectations — All Councillors
    can expect") fit as they are; a longer heading is shortened at a word, and the anchor still
    links to the whole section.
    """
    if limit is None:
        limit = min(Deadline._meta.get_field("clause").max_length, CaseEvent._meta.get_field("clause").max_length)
    if len(clause) <= limit:
        return clause
    cut = clause[: limit - 1].rsplit(" ", 1)[0].rstrip(" —–-,")
    return f"{cut}…"


def cite_setting(profile: ProtocolProfile, setting: str) -> tuple[str, str]:
    source = profile.source(setting)
    return short_clause(source.get("clause", "")), source.get("anchor", "")


def cite_model(profile: ProtocolProfile, rule: str) -> tuple[str, str]:
    """(clause, anchor) of a model-protocol rule in this council's protocol, or blanks where it is silent."""
    if profile.preset == ProtocolProfile.Preset.KETTERING:
        return MODEL_CLAUSES[rule]
    return "", ""


def reply_clock(profile: ProtocolProfile, *, urgent: bool) -> tuple[int, str, str]:
    """Working days for a reply and the clause that sets them (002 5.5: urgent matters may be quicker)."""
    if urgent:
        clause, anchor = cite_setting(profile, "urgent_reply_working_days")
        if not clause:
            clause, anchor = cite_setting(profile, "reply_working_days")
        return profile.urgent_reply_working_days, clause, anchor
    clause, anchor = cite_setting(profile, "reply_working_days")
    return profile.reply_working_days, clause, anchor


def fmt_day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _profile(council: Council) -> ProtocolProfile:
    try:
        return council.protocol_profile
    except ProtocolProfile.DoesNotExist as exc:
        raise DomainError(
            f"{council.name} has not set up its protocol in the portal yet, so an enquiry has no clock to run on."
        ) from exc


def _lock(case: Case, expected_version: int | None) -> Case:
    """The case row, locked to the end of the transaction, as it is now; StaleCase if it moved on."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("council", "raised_by", "assigned_to", "routed_to")
        .get(pk=case.pk)
    )
    if locked.kind != Case.Kind.ENQUIRY:
        raise DomainError(f"{locked.reference} is not a councillor enquiry.")
    if expected_version is not None and locked.version != expected_version:
        raise StaleCase(locked, expected_version)
    return locked


def tracked_deadlines(case: Case) -> list[Deadline]:
    """The reply clocks still running (the seven-day reply, or the date an interim reply gave)."""
    return list(
        case.deadlines.filter(rule__in=TRACKED_RULES, completed_at__isnull=True).exclude(
            state__in=(Deadline.State.MET, Deadline.State.CANCELLED)
        )
    )


def councillor_membership(*, council: Council, user: User, on: dt.date) -> Membership | None:
    return (
        Membership.objects.current_on(on)
        .filter(council=council, user=user, role=Membership.Role.COUNCILLOR)
        .order_by("starts_on", "pk")
        .first()
    )


def check_new_enquiry(
    *,
    received_at: dt.datetime,
    now: dt.datetime,
    channel: str,
    has_interest: bool,
    interest_nature: str,
    profile: ProtocolProfile | None = None,
) -> None:
    """The rules an enquiry must meet before it is accepted; shared by the form and the service."""
    if received_at > now:
        raise EnquiryRefused(
            "The date received cannot be in the future. Enter when the enquiry arrived, or leave it as now.",
            field="received_at",
        )
    if has_interest and channel not in Enquiry.WRITTEN_CHANNELS:
        clause = cite_model(profile, "interest_in_writing")[0] if profile else ""
        cite = f" (protocol {clause})" if clause else ""
        raise EnquiryRefused(
            "An enquiry in which the councillor has a personal interest is accepted only in writing"
            f"{cite}: by the portal, email or letter, not by phone or in person. Ask the councillor to put it in "
            "writing, stating the interest and its nature.",
            field="channel",
        )
    if has_interest and not interest_nature.strip():
        raise EnquiryRefused(
            "Say what the interest is: the protocol asks for both its existence and its nature.",
            field="interest_nature",
        )


def enquiry_open(
    *,
    council: Council,
    councillor: User,
    logged_by: User,
    received_at: dt.datetime,
    channel: str,
    subject: str,
    details: str,
    ward: str = "",
    constituent_name: str = "",
    constituent_contact: str = "",
    urgent: bool = False,
    has_interest: bool = False,
    interest_nature: str = "",
    now: dt.datetime,
    attachments: Sequence = (),
    submission_key: uuid.UUID | None = None,
) -> Case:
    """Receive an enquiry: the case, its detail, the reply clock and the acknowledgement, in one transaction.

    1. Check it: received no later than now; an interest only in writing (000 4.3(a)); a current councillor.
    2. Open the case (reference, route to the Clerk — 000 10.1) raised by the councillor.
    3. Record the enquiry, any interest (a CaseConflict, so routing treats the councillor as
       conflicted) and any files.
    4. Start the reply clock from the date received: the profile's working days, fewer when urgent.
    5. Acknowledge receipt to the councillor with the reference, the due date and why that date;
       tell the Clerk it has arrived unless the Clerk logged it.

    A form sent twice with the same `submission_key` gets the enquiry the first one made.
    """
    if submission_key is not None:
        earlier = _already_made(submission_key, logged_by)
        if earlier is not None:
            return earlier
    channel = Enquiry.Channel(channel)
    profile = _profile(council)
    check_new_enquiry(
        received_at=received_at,
        now=now,
        channel=channel,
        has_interest=has_interest,
        interest_nature=interest_nature,
        profile=profile,
    )
    if not subject.strip():
        raise EnquiryRefused("Give the enquiry a subject.", field="subject")
    if not details.strip():
        raise EnquiryRefused("Say what the enquiry is about.", field="details")
    today = london_date(now)
    membership = councillor_membership(council=council, user=councillor, on=today)
    if membership is None:
        raise EnquiryRefused(f"{councillor} is not a councillor of {council.name}.", field="councillor")
    ward = ward.strip() or membership.ward  # the councillor's own ward unless another is given
    for upload in attachments:  # refuse a bad file before anything is written
        attachment_check(upload)
    calendar = calendar_for_council(council)
    try:
        return _open(
            council=council, councillor=councillor, logged_by=logged_by, received_at=received_at, channel=channel,
            subject=subject, details=details, ward=ward, constituent_name=constituent_name,
            constituent_contact=constituent_contact, urgent=urgent, has_interest=has_interest,
            interest_nature=interest_nature, now=now, attachments=attachments, submission_key=submission_key,
            profile=profile, calendar=calendar,
        )
    except IntegrityError:
        # A concurrent copy of the same form won the unique submission key: answer with its enquiry.
        earlier = _already_made(submission_key, logged_by) if submission_key is not None else None
        if earlier is None:
            raise
        return earlier


def _already_made(submission_key: uuid.UUID, logged_by: User) -> Case | None:
    enquiry = Enquiry.objects.select_related("case").filter(submission_key=submission_key).first()
    if enquiry is None:
        return None
    if enquiry.logged_by_id != logged_by.pk:
        raise DomainError("This form has already been used. Open a new one to send another enquiry.")
    return enquiry.case


def _open(
    *, council, councillor, logged_by, received_at, channel, subject, details, ward, constituent_name,
    constituent_contact, urgent, has_interest, interest_nature, now, attachments, submission_key, profile, calendar,
) -> Case:
    with transaction.atomic():
        case, _decision = case_open(
            council=council,
            kind=Case.Kind.ENQUIRY,
            subject=subject.strip(),
            received_at=received_at,
            now=now,
            actor=logged_by,
            raised_by=councillor,
            urgent=urgent,
        )
        enquiry = Enquiry.objects.create(
            case=case,
            channel=channel,
            details=details,
            ward=ward.strip(),
            constituent_name=constituent_name.strip(),
            constituent_contact=constituent_contact.strip(),
            has_interest=has_interest,
            interest_nature=interest_nature.strip() if has_interest else "",
            logged_by=logged_by,
            submission_key=submission_key,
        )
        if has_interest:
            _record_interest(case=case, enquiry=enquiry, councillor=councillor, profile=profile, now=now, actor=logged_by)
        for upload in attachments:
            attachment_save(case=case, upload=upload, uploaded_by=logged_by, now=now)
        days, clause, anchor = reply_clock(profile, urgent=urgent)
        deadline = deadline_open(
            case=case,
            rule=REPLY_RULE,
            label="Reply to the councillor (urgent)" if urgent else "Reply to the councillor",
            started_on=london_date(received_at),
            working_days=days,
            now=now,
            clause=clause,
            clause_anchor=anchor,
            actor=logged_by,
            calendar=calendar,
            profile=profile,
        )
        _acknowledge(case=case, enquiry=enquiry, deadline=deadline, calendar=calendar, now=now, actor=logged_by)
    case.due_at = deadline.due_at  # as case_due_refresh wrote it: the only running clock
    return case


def _record_interest(
    *, case: Case, enquiry: Enquiry, councillor: User, profile: ProtocolProfile, now: dt.datetime, actor: User
) -> None:
    CaseConflict.objects.get_or_create(
        case=case, user=councillor, defaults={"reason": "has declared a personal interest in this enquiry"}
    )
    clause, anchor = cite_model(profile, "interest_in_writing")
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{councillor} declared a personal interest: {enquiry.interest_nature}. "
        f"Accepted in writing ({enquiry.get_channel_display().lower()}). It is treated no more and no less "
        "favourably than an enquiry from any other local person.",
        at=now,
        actor=actor,
        clause=clause,
        clause_anchor=anchor,
        data={"interest": True},
    )


def _acknowledge(
    *, case: Case, enquiry: Enquiry, deadline: Deadline, calendar: WorkingCalendar, now: dt.datetime, actor: User
) -> None:
    councillor = case.raised_by
    cite = f" (protocol {deadline.clause})" if deadline.clause else ""
    body = (
        f"Your enquiry “{case.subject}” was received on {fmt_day(london_date(case.received_at))}"
        f"{'' if enquiry.channel == Enquiry.Channel.PORTAL else f' by {enquiry.get_channel_display().lower()}'}. "
        f"Its reference is {case.reference}.\n\n"
        f"A reply is due by the end of {fmt_day(deadline.due_on)}{cite}. Why this date: {why_this_date(deadline)}."
    )
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Receipt acknowledged to {councillor}: reference {case.reference}, reply due "
        f"{fmt_day(deadline.due_on)}.",
        at=now,
        actor=actor,
        clause=deadline.clause,
        clause_anchor=deadline.clause_anchor,
        deadline=deadline,
        data={"acknowledgement": True},
    )
    notify(
        recipients=[councillor],
        case=case,
        event=event,
        subject=f"Enquiry received — reply due {fmt_day(deadline.due_on)}",
        body=body,
        now=now,
        calendar=calendar,
        urgent=case.urgent,
    )
    if case.routed_to and case.routed_to != actor:
        notify(
            recipients=[case.routed_to],
            case=case,
            event=event,
            subject=f"New enquiry from {councillor}",
            body=f"{councillor} sent “{case.subject}”. A reply is due by the end of {fmt_day(deadline.due_on)}.",
            now=now,
            calendar=calendar,
            urgent=case.urgent,
        )


def _complete_tracked(*, case: Case, actor: User, now: dt.datetime, by_what: str) -> list[Deadline]:
    done = []
    for deadline in tracked_deadlines(case):
        on_time = now <= deadline.due_at and deadline.state != Deadline.State.MISSED
        when = "on time" if on_time else f"late (it was due {fmt_day(deadline.due_on)})"
        done.append(
            deadline_complete(deadline=deadline, actor=actor, now=now, summary=f"{deadline.label}: {by_what} {when}.")
        )
    return done


def enquiry_reply(
    *,
    case: Case,
    officer: User,
    body: str,
    attachments: Sequence = (),
    now: dt.datetime,
    cc: Iterable[User] = (),
    expected_version: int | None = None,
) -> Message:
    """The full reply (000 4.4): a message to the councillor, the clock stopped, the reopen window open.

    The reply meets the running clock if sent by the end of its due day, else the clock is
    recorded as missed. Anyone copied in is shown to the councillor (002 12.2–12.3).
    """
    if not body.strip():
        raise EnquiryRefused("Write the reply before sending it.", field="body")
    for upload in attachments:
        attachment_check(upload)
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not case.is_active:
            raise EnquiryRefused(
                f"This enquiry is {case.get_status_display().lower()}, so it cannot be replied to again. "
                "Write on the case instead."
            )
        profile = _profile(case.council)
        calendar = calendar_for_council(case.council)
        message = message_send(case=case, sender=officer, body=body, to=[case.raised_by], cc=list(cc), now=now)
        for upload in attachments:
            attachment_save(case=case, upload=upload, uploaded_by=officer, now=now, message=message)
        _complete_tracked(case=case, actor=officer, now=now, by_what="full reply sent")
        if case.status == Case.Status.ON_HOLD:
            case_transition(case=case, to=Case.Status.OPEN, actor=officer, now=now, reason="taken off hold to reply")
        case_transition(case=case, to=Case.Status.RESPONDED, actor=officer, now=now, reason="full reply sent")
        today = london_date(now)
        until = add_working_days(today, profile.reopen_working_days, calendar).due
        Enquiry.objects.filter(case=case).update(replied_at=now, reopen_until=until)
        clause, anchor = cite_setting(profile, "reopen_working_days")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Full reply sent to {case.raised_by}. They may accept it, or reopen the enquiry with a reason "
            f"until the end of {fmt_day(until)} ({profile.reopen_working_days} working days).",
            at=now,
            actor=officer,
            clause=clause,
            clause_anchor=anchor,
            data={"reply": message.pk, "reopen_until": until.isoformat(), "version": case.version},
        )
    return message


def check_interim_reason(reason: str) -> None:
    if not reason.strip():
        raise EnquiryRefused(
            "Say why a full reply is not yet possible: the protocol asks an interim reply to explain it.",
            field="reason",
        )


def check_estimated_on(estimated_on: dt.date | None, *, today: dt.date, calendar: WorkingCalendar) -> None:
    """The estimated date of the full reply: a working day after today."""
    if estimated_on is None:
        raise EnquiryRefused("Enter the date you expect to send the full reply.", field="estimated_on")
    if estimated_on <= today:
        raise EnquiryRefused(
            f"The estimated date must be after today ({fmt_day(today)}): it is when the full reply will come.",
            field="estimated_on",
        )
    why = calendar.why_not_working(estimated_on)
    if why is not None:
        suggestion = add_working_days(estimated_on, 1, calendar).due
        raise EnquiryRefused(
            f"{fmt_day(estimated_on)} is not a working day ({why}). Choose a working day, such as "
            f"{fmt_day(suggestion)}.",
            field="estimated_on",
        )


def check_interim(*, reason: str, estimated_on: dt.date | None, today: dt.date, calendar: WorkingCalendar) -> None:
    """An interim reply (000 4.4) gives a reason and an estimated working day in the future."""
    check_interim_reason(reason)
    check_estimated_on(estimated_on, today=today, calendar=calendar)


def interim_reply_send(
    *,
    case: Case,
    officer: User,
    reason: str,
    estimated_on: dt.date,
    now: dt.datetime,
    expected_version: int | None = None,
) -> InterimReply:
    """An interim reply (000 4.4): why a full reply is not yet possible, and when it will come.

    1. The running reply clock is done — met by the interim reply if it is in time.
    2. A new clock runs to the estimated date and is the one the queue and the sweep track.
    3. A second (or later) interim reply on the same enquiry is escalated: the Clerk is told.
    """
    calendar = calendar_for_council(case.council)
    today = london_date(now)
    check_interim(reason=reason, estimated_on=estimated_on, today=today, calendar=calendar)
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not case.is_active:
            raise EnquiryRefused(
                f"This enquiry is {case.get_status_display().lower()}; an interim reply is for an enquiry still "
                "awaiting its reply."
            )
        profile = _profile(case.council)
        enquiry = Enquiry.objects.select_for_update().get(case=case)
        earlier = enquiry.interim_replies.count()
        clause, anchor = cite_setting(profile, "reply_working_days")
        cite = f" (protocol {clause})" if clause else ""
        body = (
            f"Interim reply{cite}.\n\nA full reply is not yet possible: {reason.strip()}\n\n"
            f"The full reply is expected by {fmt_day(estimated_on)}."
        )
        message = message_send(case=case, sender=officer, body=body, to=[case.raised_by], now=now)
        interim = InterimReply.objects.create(
            enquiry=enquiry,
            sent_by=officer,
            sent_at=now,
            reason=reason.strip(),
            estimated_on=estimated_on,
            message=message,
        )
        _complete_tracked(case=case, actor=officer, now=now, by_what="answered by an interim reply")
        deadline = deadline_open(
            case=case,
            rule=INTERIM_RULE,
            label="Full reply (the date given in the interim reply)",
            started_on=today,
            due_on=estimated_on,
            now=now,
            clause=clause,
            clause_anchor=anchor,
            actor=officer,
            calendar=calendar,
            profile=profile,
        )
        _bump(case, expected_version=None, now=now)
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Interim reply sent to {case.raised_by}: the full reply is now expected by "
            f"{fmt_day(estimated_on)}. Reason: {interim.reason}",
            at=now,
            actor=officer,
            clause=clause,
            clause_anchor=anchor,
            deadline=deadline,
            data={"interim": interim.pk, "count": earlier + 1, "version": case.version},
        )
        if earlier:
            _escalate_repeat_interim(case=case, officer=officer, count=earlier + 1, deadline=deadline, now=now,
                                     calendar=calendar, clause=clause, anchor=anchor)
    return interim


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def _escalate_repeat_interim(
    *, case: Case, officer: User, count: int, deadline: Deadline, now: dt.datetime, calendar: WorkingCalendar,
    clause: str, anchor: str,
) -> None:
    """A second interim reply is a warning sign (RULES: "a second interim reply is escalated")."""
    clerks = [c for c in clerks_of(case.council, on=london_date(now)) if c != officer]
    told = "The Clerk has been told." if clerks else "The Clerk sent it, so nobody else is told."
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.ESCALATED,
        summary=f"This is the {_ordinal(count)} interim reply on this enquiry. {told}",
        at=now,
        actor=officer,
        clause=clause,
        clause_anchor=anchor,
        deadline=deadline,
        data={"step": "repeat_interim", "count": count},
    )
    notify(
        recipients=clerks,
        case=case,
        event=event,
        subject=f"{_ordinal(count).capitalize()} interim reply",
        body=f"{officer} sent the {_ordinal(count)} interim reply on {case.reference} ({case.subject}). "
        f"The full reply is now expected by {fmt_day(deadline.due_on)}.",
        now=now,
        calendar=calendar,
        urgent=case.urgent,
    )


def _check_councillor(case: Case, councillor: User) -> None:
    if case.raised_by_id != councillor.pk:
        raise DomainError("Only the councillor who raised this enquiry can accept or reopen it.")


def enquiry_accept(*, case: Case, councillor: User, now: dt.datetime, expected_version: int | None = None) -> Case:
    """The councillor accepts the reply: the enquiry is closed."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        _check_councillor(case, councillor)
        if case.status != Case.Status.RESPONDED:
            raise EnquiryRefused(
                f"This enquiry is {case.get_status_display().lower()}; only a reply can be accepted."
            )
        case_transition(case=case, to=Case.Status.CLOSED, actor=councillor, now=now, reason="the councillor accepted the reply")
        Enquiry.objects.filter(case=case).update(accepted_at=now)
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{councillor} accepted the reply.",
            at=now,
            actor=councillor,
            data={"accepted": True, "version": case.version},
        )
        notify(
            recipients=[case.assigned_to or case.routed_to],
            case=case,
            event=event,
            subject="Reply accepted",
            body=f"{councillor} accepted the reply to {case.reference} ({case.subject}). The enquiry is closed.",
            now=now,
            calendar=calendar_for_council(case.council),
        )
    return case


def enquiry_reopen(
    *, case: Case, councillor: User, reason: str, now: dt.datetime, expected_version: int | None = None
) -> Case:
    """The councillor reopens a replied enquiry within the window, with a reason; a new reply clock starts today."""
    if not reason.strip():
        raise EnquiryRefused("Say why the reply does not answer the enquiry.", field="reason")
    with transaction.atomic():
        case = _lock(case, expected_version)
        _check_councillor(case, councillor)
        enquiry = Enquiry.objects.select_for_update().get(case=case)
        today = london_date(now)
        if case.status == Case.Status.CLOSED and enquiry.accepted_at:
            raise EnquiryRefused(
                f"You accepted the reply on {fmt_day(london_date(enquiry.accepted_at))}, so the enquiry is closed. "
                f"Send a new enquiry, quoting {case.reference}."
            )
        if case.status != Case.Status.RESPONDED:
            raise EnquiryRefused(
                f"This enquiry is {case.get_status_display().lower()}; only a replied enquiry can be reopened."
            )
        if enquiry.reopen_until is None or today > enquiry.reopen_until:
            ended = f" ended on {fmt_day(enquiry.reopen_until)}" if enquiry.reopen_until else " has ended"
            raise EnquiryRefused(
                f"The time to reopen this enquiry{ended}. Send a new enquiry instead, quoting {case.reference}."
            )
        profile = _profile(case.council)
        calendar = calendar_for_council(case.council)
        case_transition(case=case, to=Case.Status.OPEN, actor=councillor, now=now, reason=f"reopened by the councillor: {reason.strip()}")
        Enquiry.objects.filter(case=case).update(reopen_until=None)
        days, clause, anchor = reply_clock(profile, urgent=case.urgent)
        deadline = deadline_open(
            case=case,
            rule=REPLY_RULE,
            label="Reply to the reopened enquiry",
            started_on=today,
            working_days=days,
            now=now,
            clause=clause,
            clause_anchor=anchor,
            actor=councillor,
            calendar=calendar,
            profile=profile,
        )
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{councillor} reopened the enquiry: {reason.strip()}. A reply is due by {fmt_day(deadline.due_on)}.",
            at=now,
            actor=councillor,
            clause=clause,
            clause_anchor=anchor,
            deadline=deadline,
            data={"reopened": True, "version": case.version},
        )
        notify(
            recipients=[case.assigned_to or case.routed_to],
            case=case,
            event=event,
            subject="Enquiry reopened",
            body=f"{councillor} reopened {case.reference} ({case.subject}): {reason.strip()}\n\n"
            f"A reply is due by the end of {fmt_day(deadline.due_on)}.",
            now=now,
            calendar=calendar,
            urgent=case.urgent,
        )
    return case
