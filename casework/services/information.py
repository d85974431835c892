"""Information requests and the "need to know" referral (000 9.1–9.5, 15.6; 002 9; 003 7.1–7.3; 004).

1. A councillor asks (`information_request_open`): what they want, the purpose, and why they need
   to know it to perform their duties (000 9.1). A response clock starts from the profile.
2. The Clerk or an officer determines it (`information_request_determine`; 004: the Officer
   decides need to know): publicly available or not, need to know, third-party personal data,
   the councillor's interest. Information that is not public, where the councillor may have an
   interest or has shown no need to know, is referred (000 9.5): a linked REFERRAL case routed by
   the profile (the Chair, then the Vice-Chair), with its own decision clock, while the request's
   response clock is paused on the ledger.
3. The Chair decides (`referral_decide`): release (with conditions or a confidentiality
   undertaking), refuse, or refer to the Council, the Monitoring Officer or an external body,
   with reasons and the clause. The request's clock resumes (it stays paused while an onward
   referral is considered, until `information_request_onward_outcome`).
4. The officer releases it (`information_release`). The councillor sees it with the purpose it
   was given for, after accepting any undertaking; other members are told it was given (never
   what it was) and may ask for a copy (003 7.2); information likely to be cited at a meeting is
   offered to every political group (000 15.6); a confidential briefing for a committee chair
   stays confidential (003 7.1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Council, Membership, OfficeTerm, User
from accounts.selectors import councillors_of, office_holder, office_label, step_holder_on

from ..attachments import attachment_save
from ..calendar import WorkingCalendar, calendar_for_council, london_date
from ..hooks import extra_conflicts, suggest_interests
from ..models import (
    Case,
    CaseConflict,
    CaseEvent,
    CaseLink,
    CopyRequest,
    Deadline,
    DomainError,
    InformationRelease,
    InformationRequest,
    Message,
    Notification,
    ProtocolProfile,
    ReferralDecision,
)
from ..routing import conflicts_for, route_chain
from .cases import StaleCase, case_open, case_reroute, case_transition
from .common import clerks_of, notify, record_event
from .deadlines import deadline_complete, deadline_open, deadline_pause, deadline_resume
from .messages import message_send

RESPONSE_RULE = "information_response"
REFERRAL_RULE = "referral_decision"

NeedToKnow = InformationRequest.NeedToKnow
Outcome = InformationRequest.Outcome
Decision = ReferralDecision.Decision

RELEASE_DECISIONS = (Decision.RELEASE, Decision.RELEASE_WITH_CONDITIONS)
ONWARD_DECISIONS = (Decision.REFER_COUNCIL, Decision.REFER_MONITORING_OFFICER, Decision.REFER_EXTERNAL)


# --- the clauses this area cites ---------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A clause of the council's own protocol, or nothing when its protocol is silent."""

    clause: str = ""
    anchor: str = ""

    def __bool__(self) -> bool:
        return bool(self.clause)

    def cite(self) -> str:
        """" (protocol 9.5)" for a summary, or "" when there is no clause to cite."""
        return f" (protocol {self.clause})" if self.clause else ""


_P = ProtocolProfile.Preset
_STOTFOLD_ACCESS = Citation(
    "Councillors' access to information and to council documents",
    "c-councillors-access-to-information-and-to-council-documents",
)

# rule -> {preset: the clause of that model protocol that states it}. A council on a preset whose
# protocol does not state the rule cites nothing: the portal never cites another council's clause.
RULE_CLAUSES: dict[str, dict[str, Citation]] = {
    # 000 9.1 / 002 9.2 / 004: only what they need to know to perform their duties.
    "need_to_know": {
        _P.KETTERING: Citation("9.1", "c-9-1"),
        _P.DISTRICT_JOINT: Citation("9.2", "c-9-2"),
        _P.TOWN_2016: Citation("7.2", "c-7-2"),
        _P.STOTFOLD: _STOTFOLD_ACCESS,
    },
    # 000 9.3: no automatic right to see council information; 004: no "roving commission".
    "no_automatic_right": {_P.KETTERING: Citation("9.3", "c-9-3"), _P.STOTFOLD: _STOTFOLD_ACCESS},
    # 002 9.4, 003 7.3, 004: used only for the purpose for which it was given.
    "purpose_only": {
        _P.DISTRICT_JOINT: Citation("9.4", "c-9-4"),
        _P.TOWN_2016: Citation("7.3", "c-7-3"),
        _P.STOTFOLD: _STOTFOLD_ACCESS,
    },
    # 002 9.2 / 004: third parties' personal information.
    "third_party": {_P.DISTRICT_JOINT: Citation("9.2", "c-9-2"), _P.STOTFOLD: _STOTFOLD_ACCESS},
    # 002 9.3: the Monitoring Officer's advice on data protection or an interest.
    "monitoring_officer_advice": {_P.DISTRICT_JOINT: Citation("9.3", "c-9-3")},
    # 003 7.1: a confidential briefing for a committee chair.
    "confidential_briefing": {_P.TOWN_2016: Citation("7.1", "c-7-1")},
    # 003 7.2: other members are told information was given, and may have a copy.
    "members_told": {_P.TOWN_2016: Citation("7.2", "c-7-2")},
    # 000 15.6: information given to one group, likely to be cited at a meeting, goes to all.
    "all_groups": {_P.KETTERING: Citation("15.6", "c-15-6"), _P.DISTRICT_JOINT: Citation("8.3", "c-8-3")},
    # 000 17.1 / 002 9.5: information given in confidence stays confidential.
    "confidentiality": {_P.KETTERING: Citation("17.1", "c-17-1"), _P.DISTRICT_JOINT: Citation("9.5", "c-9-5")},
}


def rule_clause(profile: ProtocolProfile, rule: str) -> Citation:
    return RULE_CLAUSES.get(rule, {}).get(profile.preset, Citation())


def setting_clause(profile: ProtocolProfile, setting: str) -> Citation:
    """The clause a profile setting comes from (profile.source), blank where the protocol is silent."""
    source = profile.source(setting)
    return Citation(source.get("clause", ""), source.get("anchor", ""))


def referral_clause(profile: ProtocolProfile) -> Citation:
    return setting_clause(profile, "referral_route")


def decider_label(profile: ProtocolProfile) -> str:
    """Who decides a referral at this council, in its words: "Chair" (Kettering), "Monitoring Officer"..."""
    _, chain = route_chain(profile=profile, kind=Case.Kind.REFERRAL)
    return office_label(chain[0]) if chain else "Chair"


def referral_required(*, publicly_available: bool, need_to_know: str, may_have_interest: bool) -> bool:
    """000 9.5: not publicly available, and the councillor may have an interest or has no demonstrable need to know."""
    return not publicly_available and (may_have_interest or need_to_know == NeedToKnow.NOT_DEMONSTRATED)


# --- small helpers ---------------------------------------------------------------------------


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _bare(text: str) -> str:
    """Someone's sentence without its closing full stop, to sit inside one of ours."""
    return text.strip().rstrip(".")


def release_url(case: Case) -> str:
    return reverse("information-release", kwargs={"slug": case.council.slug, "reference": case.reference})


def _notify(*, recipients, case: Case, event: CaseEvent, subject: str, body: str, now: dt.datetime,
            calendar: WorkingCalendar, url: str = "") -> None:
    """notify(), pointing the notification at `url` instead of the case page when given
    (another member cannot open the request itself, only the notice that information was given)."""
    rows = notify(
        recipients=recipients, case=case, event=event, subject=subject, body=body, now=now, calendar=calendar,
        urgent=case.urgent,
    )
    if url and rows:
        for row in rows:
            row.url = url
        Notification.objects.bulk_update(rows, ["url"])


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        case.refresh_from_db()
        raise StaleCase(case, expected_version)


def _request_of(case: Case, *, lock: bool = False) -> InformationRequest:
    if case.kind != Case.Kind.INFORMATION_REQUEST:
        raise DomainError(f"{case.reference} is not an information request.")
    rows = InformationRequest.objects.select_related("case__council", "case__raised_by")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(case=case)


def _move(request: InformationRequest, to: str, **fields) -> None:
    """Move the request's outcome if the table allows it, with a conditional update so a
    double-clicked form or a second officer acting at once cannot move it twice."""
    current = Outcome(request.outcome)
    to = Outcome(to)
    if to not in InformationRequest.MOVES[current]:
        raise DomainError(f"This request is {current.label.lower()}; it cannot now be {to.label.lower()}.")
    moved = InformationRequest.objects.filter(pk=request.pk, outcome=current).update(outcome=to, **fields)
    if not moved:
        raise DomainError("Someone else has just acted on this request. Reload the page to see what they did.")
    request.outcome = to
    for name, value in fields.items():
        setattr(request, name, value)


def response_deadline(case: Case) -> Deadline | None:
    return case.deadlines.filter(rule=RESPONSE_RULE).order_by("-created_at", "-pk").first()


def _staff_for(case: Case, *, on: dt.date) -> list[User]:
    """Who acts on the request: the officer it is assigned to, else the Clerk(s)."""
    return [case.assigned_to] if case.assigned_to_id else clerks_of(case.council, on=on)


def referral_of(request_case: Case) -> Case | None:
    link = (
        CaseLink.objects.filter(to_case=request_case, relation=CaseLink.Relation.REFERRAL_OF)
        .select_related("case__routed_to", "case__council")
        .order_by("-created_at", "-pk")
        .first()
    )
    return link.case if link else None


def request_of_referral(referral: Case) -> Case:
    link = (
        CaseLink.objects.filter(case=referral, relation=CaseLink.Relation.REFERRAL_OF)
        .select_related("to_case__council", "to_case__raised_by", "to_case__assigned_to")
        .first()
    )
    if link is None:
        raise DomainError(f"{referral.reference} is not linked to an information request.")
    return link.to_case


# --- 1. the request ----------------------------------------------------------------------------


@transaction.atomic
def information_request_open(
    *,
    council: Council,
    councillor: User,
    subject: str,
    what_wanted: str,
    purpose: str,
    need_to_know: str,
    concerns_third_party: bool = False,
    third_party_details: str = "",
    interest_declared: bool = False,
    interest_nature: str = "",
    received_at: dt.datetime,
    now: dt.datetime,
    actor: User | None = None,
) -> Case:
    """A councillor's request for information, routed to the Clerk with a response clock.

    000 9.1: the purpose and the need to know are required; 002 9.2: a third party's request says whose.
    """
    missing = [
        label
        for label, value in (
            ("what information you want", what_wanted),
            ("the purpose you will use it for", purpose),
            ("why you need to know it to perform your duties", need_to_know),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise DomainError(f"A request for information must say {', '.join(missing)}.")
    if concerns_third_party and not third_party_details.strip():
        raise DomainError("Say who the third party is and how the information concerns them.")
    if interest_declared and not interest_nature.strip():
        raise DomainError("Say what your interest in the subject is.")
    profile = council.protocol_profile
    case, _ = case_open(
        council=council,
        kind=Case.Kind.INFORMATION_REQUEST,
        subject=subject.strip()[:200] or what_wanted.strip()[:200],
        received_at=received_at,
        now=now,
        actor=actor or councillor,
        raised_by=councillor,
    )
    InformationRequest.objects.create(
        case=case,
        what_wanted=what_wanted.strip(),
        purpose=purpose.strip(),
        need_to_know=need_to_know.strip(),
        concerns_third_party=concerns_third_party,
        third_party_details=third_party_details.strip() if concerns_third_party else "",
        interest_declared=interest_declared,
        interest_nature=interest_nature.strip() if interest_declared else "",
    )
    response = setting_clause(profile, "information_request_working_days")
    deadline = deadline_open(
        case=case,
        rule=RESPONSE_RULE,
        label="Respond to the information request",
        started_on=london_date(received_at),
        working_days=profile.information_request_working_days,
        now=now,
        clause=response.clause,
        clause_anchor=response.anchor,
        actor=actor or councillor,
        profile=profile,
    )
    if interest_declared:
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{councillor} declared an interest in the subject: {interest_nature.strip()}",
            at=now,
            actor=councillor,
            data={"step": "interest_declared"},
        )
    calendar = calendar_for_council(council)
    opened = case.events.filter(kind=CaseEvent.Kind.OPENED).first()
    notify(
        recipients=[case.routed_to] if case.routed_to_id else clerks_of(council, on=london_date(now)),
        case=case,
        event=opened,
        subject="Information request received",
        body=f"{councillor} asks for information: {case.subject}. A response is due by the end of "
        f"{_fmt(deadline.due_on)}.",
        now=now,
        calendar=calendar,
    )
    return case


def interest_suggestions(case: Case) -> list[str]:
    """What the councillor's register suggests about an interest in this request (the interests area's hook)."""
    request = case.information_request
    text = " ".join((case.subject, request.what_wanted, request.purpose, request.third_party_details))
    return suggest_interests(councillor=case.raised_by, council=case.council, text=text)


# --- 2. the determination ------------------------------------------------------------------------


class Action:
    RELEASE = "release"
    REFUSE = "refuse"
    REFER = "refer"
    ALL = (RELEASE, REFUSE, REFER)


def _determination_summary(request: InformationRequest, officer: User) -> str:
    parts = [
        "publicly available" if request.publicly_available else "not publicly available",
        {
            NeedToKnow.DEMONSTRATED: "need to know demonstrated",
            NeedToKnow.PRESUMED: f"need to know presumed (the councillor sits on the {request.committee})",
            NeedToKnow.NOT_DEMONSTRATED: "need to know not demonstrated",
        }[request.need_to_know_finding],
        "third-party personal data involved" if request.third_party_personal_data else "no third-party personal data",
    ]
    if request.interest_declared:
        parts.append(f"the councillor declared an interest ({request.interest_nature})")
    if request.interest_suggested.strip():
        parts.append(f"the councillor may have an interest ({request.interest_suggested.strip()})")
    if not request.councillor_may_have_interest:
        parts.append("no interest declared or apparent")
    return f"Determination by {officer}: " + "; ".join(parts) + "."


def referral_grounds(request: InformationRequest) -> str:
    reasons = []
    if request.councillor_may_have_interest:
        reasons.append("the councillor may have an interest in it")
    if request.need_to_know_finding == NeedToKnow.NOT_DEMONSTRATED:
        reasons.append("no need to know has been demonstrated")
    if not reasons:
        return "the officer asked for a decision before releasing it"
    public = "" if request.publicly_available else "the information is not publicly available, "
    return public + " and ".join(reasons)


@transaction.atomic
def information_request_determine(
    *,
    case: Case,
    officer: User,
    publicly_available: bool,
    need_to_know: str,
    third_party_personal_data: bool,
    action: str,
    now: dt.datetime,
    committee: str = "",
    interest_suggested: str = "",
    chair_has_interest: bool = False,
    notes: str = "",
    refusal_reasons: str = "",
    expected_version: int | None = None,
) -> InformationRequest:
    """Record what the officer found (004: the Officer decides need to know) and act on it.

    `action` is release, refuse or refer; 000 9.5 makes it refer when the information is not
    public and the councillor may have an interest or has no demonstrable need to know.
    """
    _check_version(case, expected_version)
    request = _request_of(case, lock=True)
    if request.outcome != Outcome.PENDING:
        raise DomainError(f"This request has already been determined: it is {request.get_outcome_display().lower()}.")
    if need_to_know not in NeedToKnow.values:
        raise DomainError("Say whether the councillor's need to know is demonstrated, presumed or not demonstrated.")
    committee = committee.strip()
    if need_to_know == NeedToKnow.PRESUMED and not committee:
        raise DomainError("Name the committee the councillor sits on whose documents these are.")
    if action not in Action.ALL:
        raise DomainError("Choose whether to release the information, refuse the request or refer it.")
    may_have_interest = request.interest_declared or bool(interest_suggested.strip())
    profile = case.council.protocol_profile
    if action != Action.REFER and referral_required(
        publicly_available=publicly_available, need_to_know=need_to_know, may_have_interest=may_have_interest
    ):
        raise DomainError(
            f"This request must be referred to the {decider_label(profile)}{referral_clause(profile).cite()}: "
            "the information is not publicly available and "
            + ("the councillor may have an interest." if may_have_interest else "no need to know is demonstrated.")
        )
    if action == Action.REFUSE and not refusal_reasons.strip():
        raise DomainError("Give the reasons for refusing the request.")
    findings = dict(
        publicly_available=publicly_available,
        need_to_know_finding=need_to_know,
        committee=committee if need_to_know == NeedToKnow.PRESUMED else "",
        third_party_personal_data=third_party_personal_data,
        interest_suggested=interest_suggested.strip(),
        determination_notes=notes.strip(),
        determined_by=officer,
        determined_at=now,
    )
    for name, value in findings.items():
        setattr(request, name, value)
    need = rule_clause(profile, "need_to_know")
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=_determination_summary(request, officer) + (f" Notes: {notes.strip()}" if notes.strip() else ""),
        at=now,
        actor=officer,
        clause=need.clause,
        clause_anchor=need.anchor,
        data={"step": "determined", "action": action, "version": case.version},
    )
    calendar = calendar_for_council(case.council)
    if action == Action.REFER:
        _move(request, Outcome.REFERRED, **findings)
        _referral_open(request=request, officer=officer, chair_has_interest=chair_has_interest, now=now)
    elif action == Action.RELEASE:
        _move(request, Outcome.RELEASE, **findings)
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"To be released: {officer} decided the information may be given to {case.raised_by}.",
            at=now,
            actor=officer,
            clause=need.clause,
            clause_anchor=need.anchor,
            data={"step": "to_be_released"},
        )
        notify(
            recipients=[case.raised_by],
            case=case,
            event=event,
            subject="Your information request will be answered",
            body=f"{officer} has decided the information you asked for ({case.subject}) can be given to you.",
            now=now,
            calendar=calendar,
        )
    else:
        _move(request, Outcome.REFUSED, refusal_reasons=refusal_reasons.strip(), **findings)
        _refuse(case=case, actor=officer, reasons=refusal_reasons.strip(), by=str(officer), clause=need, now=now)
    return request


def _refuse(*, case: Case, actor: User, reasons: str, by: str, clause: Citation, now: dt.datetime) -> None:
    """The response is a refusal: the clock is met (or missed), the councillor told why."""
    deadline = response_deadline(case)
    if deadline is not None and deadline.state in (Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED):
        if deadline.state == Deadline.State.PAUSED:
            deadline_resume(deadline=deadline, actor=actor, now=now, reason="The request has been decided.")
        deadline_complete(deadline=deadline, actor=actor, now=now, summary=f"{deadline.label}: refused by {by}.")
    if case.status == Case.Status.ON_HOLD:
        case_transition(case=case, to=Case.Status.OPEN, actor=actor, now=now, reason="The request has been decided.")
    if case.status == Case.Status.OPEN:
        case_transition(case=case, to=Case.Status.RESPONDED, actor=actor, now=now, reason="Request refused.")
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Refused by {by}. Reasons: {reasons}",
        at=now,
        actor=actor,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "refused"},
    )
    notify(
        recipients=[case.raised_by],
        case=case,
        event=event,
        subject="Your information request was refused",
        body=f"Your request for information ({case.subject}) was refused by {by}. Reasons: {reasons}",
        now=now,
        calendar=calendar_for_council(case.council),
    )


# --- the referral (000 9.5) -----------------------------------------------------------------------


def _referral_open(*, request: InformationRequest, officer: User, chair_has_interest: bool, now: dt.datetime) -> Case:
    """Open the linked referral, route it, start its decision clock and pause the response clock.

    Raised by the requesting councillor, so routing passes over a Chair who is the requester; a
    Chair with an interest (from the determination, or a hook's conflict provider) is recorded
    as a CaseConflict, and the referral goes to the next in the route (the Vice-Chair).
    """
    case = request.case
    council = case.council
    profile = council.protocol_profile
    today = london_date(now)
    calendar = calendar_for_council(council)
    grounds = referral_grounds(request)
    clause = referral_clause(profile)
    referral, decision = case_open(
        council=council,
        kind=Case.Kind.REFERRAL,
        subject=f"Referral of {case.reference}: {case.subject}"[:200],
        received_at=now,
        now=now,
        actor=officer,
        raised_by=case.raised_by,
    )
    CaseLink.objects.create(case=referral, to_case=case, relation=CaseLink.Relation.REFERRAL_OF, created_at=now)
    referred = record_event(
        case=referral,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{officer} referred information request {case.reference} for a decision: {grounds}.",
        at=now,
        actor=officer,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "referred", "request": case.pk},
    )

    # Record who in the route is conflicted, so the decision check later does not depend on a hook.
    _, chain = route_chain(profile=profile, kind=Case.Kind.REFERRAL)
    holders = {step: step_holder_on(council=council, step=step, on=today) for step in chain}
    conflicted = dict(extra_conflicts(referral))
    first = holders.get(chain[0]) if chain else None
    if chair_has_interest and first is not None and first.pk != case.raised_by_id:
        conflicted.setdefault(first.pk, "has an interest in the subject of this request")
    added = False
    for holder in holders.values():
        if holder is not None and holder.pk in conflicted:
            _, created = CaseConflict.objects.get_or_create(
                case=referral, user=holder, defaults={"reason": conflicted[holder.pk][:200]}
            )
            added = added or created
    rerouted = False
    if added:
        before = referral.routed_to_id
        decision = case_reroute(case=referral, now=now, actor=officer)
        rerouted = before != referral.routed_to_id

    decision_clause = setting_clause(profile, "referral_decision_working_days") or clause
    decider = office_label(decision.office) if decision.office else decider_label(profile)
    clock = deadline_open(
        case=referral,
        rule=REFERRAL_RULE,
        label=f"Decision on the referral ({decider})",
        started_on=today,
        working_days=profile.referral_decision_working_days,
        now=now,
        clause=decision_clause.clause,
        clause_anchor=decision_clause.anchor,
        actor=officer,
        profile=profile,
    )

    response = response_deadline(case)
    if response is not None and response.state == Deadline.State.OPEN:
        deadline_pause(
            deadline=response,
            reason=f"Awaiting the {decider}'s decision on referral {referral.reference}",
            actor=officer,
            now=now,
        )
    elif response is not None:
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{response.label}: not paused for the referral — the clock is {response.get_state_display().lower()}.",
            at=now,
            actor=officer,
            deadline=response,
        )
    if case.status == Case.Status.OPEN:
        case_transition(
            case=case, to=Case.Status.ON_HOLD, actor=officer, now=now, reason=f"Referred as {referral.reference}"
        )
    who = f"{referral.routed_to} ({decider})" if referral.routed_to_id else "nobody (no one can take it)"
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Referred as {referral.reference} to {who} for a decision{clause.cite()}: {grounds}. "
        f"Decision due {_fmt(clock.due_on)}.",
        at=now,
        actor=officer,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "referred", "referral": referral.pk},
    )
    if referral.routed_to_id and not rerouted:
        notify(
            recipients=[referral.routed_to],
            case=referral,
            event=referred,
            subject="Referral awaiting your decision",
            body=f"{officer} has referred a request for information from {case.raised_by} ({case.subject}) "
            f"to you as {decider}{clause.cite()}: {grounds}. Your decision is due by the end of {_fmt(clock.due_on)}.",
            now=now,
            calendar=calendar,
        )
    notify(
        recipients=[case.raised_by],
        case=case,
        event=event,
        subject="Your information request has been referred",
        body=f"Your request ({case.subject}) has been referred to {who} for a decision{clause.cite()}, due by "
        f"the end of {_fmt(clock.due_on)}. The clock for the response is paused until then.",
        now=now,
        calendar=calendar,
    )
    return referral


def referral_conflict(*, referral: Case, user: User) -> str | None:
    """Why `user` may not decide this referral, or None if they may."""
    if referral.routed_to_id != user.pk:
        holder = f" to {referral.routed_to}" if referral.routed_to_id else ""
        return f"it is routed{holder}, not to you"
    why = conflicts_for(referral).get(user.pk)
    if why:
        return f"{user} {why}"
    return None


@transaction.atomic
def referral_interest_declare(*, referral: Case, user: User, reason: str, now: dt.datetime) -> Case:
    """The person deciding a referral declares an interest: recorded, and the referral passes on (9.5)."""
    if referral.kind != Case.Kind.REFERRAL or not referral.is_active:
        raise DomainError("Only an open referral can be passed on.")
    if referral.routed_to_id != user.pk:
        raise DomainError("Only the person this referral is routed to can declare an interest in it.")
    reason = reason.strip() or "has declared an interest in this referral"
    CaseConflict.objects.get_or_create(case=referral, user=user, defaults={"reason": reason[:200]})
    record_event(
        case=referral,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{user} declared an interest and cannot decide this referral: {reason}",
        at=now,
        actor=user,
        data={"step": "interest_declared"},
    )
    before = referral.routed_to_id
    case_reroute(case=referral, now=now, actor=user)
    if referral.routed_to_id == before:  # nobody else in the route; still recorded
        return referral
    clock = referral.deadlines.filter(rule=REFERRAL_RULE, completed_at__isnull=True).first()
    if clock is not None and referral.routed_office:
        record_event(
            case=referral,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{clock.label}: now with {referral.routed_to or 'nobody'}; still due {_fmt(clock.due_on)}.",
            at=now,
            actor=user,
            deadline=clock,
        )
    return referral


@transaction.atomic
def referral_advice_request(*, referral: Case, asker: User, question: str, now: dt.datetime) -> Message:
    """Ask the Monitoring Officer's advice on data protection or an interest (002 9.3), on the referral."""
    if referral.kind != Case.Kind.REFERRAL or not referral.is_active:
        raise DomainError("Advice can be asked only on an open referral.")
    if asker.pk not in (referral.routed_to_id, referral.raised_by_id):
        raise DomainError("Only the person deciding the referral, or the councillor who asked, can ask for advice here.")
    if not question.strip():
        raise DomainError("Write the question for the Monitoring Officer.")
    holding = office_holder(
        council=referral.council,
        office="role:monitoring_officer",
        on=london_date(now),
        stand_ins=["role:deputy_monitoring_officer"],
        conflicted=conflicts_for(referral),
    )
    if holding.person is None:
        raise DomainError(holding.reason)
    message = message_send(case=referral, sender=asker, body=question.strip(), to=[holding.person], now=now)
    clause = rule_clause(referral.council.protocol_profile, "monitoring_officer_advice")
    record_event(
        case=referral,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{asker} asked the Monitoring Officer ({holding.person}) for advice on data protection or an "
        f"interest{clause.cite()}.",
        at=now,
        actor=asker,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "advice_asked", "message": message.pk},
    )
    return message


def _decision_clause(profile: ProtocolProfile, decision: str) -> Citation:
    if decision == Decision.REFER_MONITORING_OFFICER:
        return rule_clause(profile, "monitoring_officer_advice") or referral_clause(profile)
    return referral_clause(profile)


@transaction.atomic
def referral_decide(
    *,
    referral: Case,
    decider: User,
    decision: str,
    reasons: str,
    now: dt.datetime,
    conditions: str = "",
    undertaking_required: bool = False,
    external_body: str = "",
    expected_version: int | None = None,
) -> ReferralDecision:
    """The Chair's (or acting Vice-Chair's) decision, with reasons and the clause (000 9.5).

    Refused when the decider is not the person the referral is routed to, or is conflicted.
    """
    if referral.kind != Case.Kind.REFERRAL:
        raise DomainError(f"{referral.reference} is not a referral.")
    _check_version(referral, expected_version)
    if not referral.is_active:
        raise DomainError(f"This referral is {referral.get_status_display().lower()}; it has been decided.")
    why_not = referral_conflict(referral=referral, user=decider)
    if why_not:
        raise DomainError(f"You cannot decide this referral: {why_not}. Nothing has been recorded.")
    if decision not in Decision.values:
        raise DomainError("Choose a decision.")
    if not reasons.strip():
        raise DomainError("Give the reasons for your decision.")
    conditions = conditions.strip()
    if decision == Decision.RELEASE_WITH_CONDITIONS and not (conditions or undertaking_required):
        raise DomainError("Write the conditions, or require a confidentiality undertaking, to release with conditions.")
    if decision != Decision.RELEASE_WITH_CONDITIONS:
        conditions, undertaking_required = "", False
    if decision == Decision.REFER_EXTERNAL and not external_body.strip():
        raise DomainError("Name the external body the matter is referred to.")
    profile = referral.council.protocol_profile
    clause = _decision_clause(profile, decision)
    try:
        with transaction.atomic():
            made = ReferralDecision.objects.create(
                referral=referral,
                decision=decision,
                reasons=reasons.strip(),
                conditions=conditions,
                undertaking_required=undertaking_required,
                external_body=external_body.strip() if decision == Decision.REFER_EXTERNAL else "",
                clause=clause.clause,
                decided_by=decider,
                decided_at=now,
            )
    except IntegrityError:
        raise DomainError("This referral has already been decided.") from None

    what = decision_phrase(made)
    event = record_event(
        case=referral,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Decision by {decider}: {what}. Reasons: {made.reasons}",
        at=now,
        actor=decider,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "decided", "decision": decision, "version": referral.version},
    )
    clock = referral.deadlines.filter(rule=REFERRAL_RULE, completed_at__isnull=True).first()
    if clock is not None and clock.state != Deadline.State.CANCELLED:
        deadline_complete(deadline=clock, actor=decider, now=now, summary=f"{clock.label}: decided — {what}.")
    case_transition(case=referral, to=Case.Status.CLOSED, actor=decider, now=now, reason=f"Decided: {what}")

    request_case = request_of_referral(referral)
    _apply_decision(request_case=request_case, referral=referral, made=made, clause=clause, now=now)
    if made.decision != Decision.REFUSE:  # a refusal is told to the councillor with the request's own answer
        notify(
            recipients=[referral.raised_by],
            case=referral,
            event=event,
            subject="Decision on your information request",
            body=f"{decider} decided to {what}{clause.cite()}. Reasons: {made.reasons}",
            now=now,
            calendar=calendar_for_council(referral.council),
        )
    return made


def decision_phrase(made: ReferralDecision) -> str:
    if made.decision == Decision.RELEASE:
        return "release the information"
    if made.decision == Decision.RELEASE_WITH_CONDITIONS:
        bits = []
        if made.conditions:
            bits.append(f"on conditions: {_bare(made.conditions)}")
        if made.undertaking_required:
            bits.append("after the councillor accepts a confidentiality undertaking")
        return "release the information " + " and ".join(bits)
    if made.decision == Decision.REFUSE:
        return "refuse the request"
    if made.decision == Decision.REFER_COUNCIL:
        return "refer the matter to the Council"
    if made.decision == Decision.REFER_MONITORING_OFFICER:
        return "refer the matter to the Monitoring Officer"
    return f"refer the matter to {made.external_body}"


def _apply_decision(*, request_case: Case, referral: Case, made: ReferralDecision, clause: Citation, now) -> None:
    """What the decision means for the request: its clock resumes and it is released or refused,
    or (an onward referral) it stays paused until the outcome is recorded."""
    request = _request_of(request_case, lock=True)
    decider = made.decided_by
    calendar = calendar_for_council(request_case.council)
    today = london_date(now)
    staff = _staff_for(request_case, on=today)
    summary = f"{referral.reference} decided by {decider}: {decision_phrase(made)}. Reasons: {made.reasons}"
    if made.decision in RELEASE_DECISIONS:
        _resume(request_case, actor=decider, now=now, reason=f"{referral.reference} decided.")
        _move(request, Outcome.RELEASE)
        event = record_event(
            case=request_case, kind=CaseEvent.Kind.NOTE, summary=summary, at=now, actor=decider,
            clause=clause.clause, clause_anchor=clause.anchor, data={"step": "decision", "decision": made.decision},
        )
        deadline = response_deadline(request_case)
        due = f" The response is now due by the end of {_fmt(deadline.due_on)}." if deadline else ""
        notify(
            recipients=staff, case=request_case, event=event, subject="Release the information",
            body=f"{decider} decided to {decision_phrase(made)}.{due}", now=now, calendar=calendar,
        )
    elif made.decision == Decision.REFUSE:
        _move(request, Outcome.REFUSED, refusal_reasons=made.reasons)
        record_event(
            case=request_case, kind=CaseEvent.Kind.NOTE, summary=summary, at=now, actor=decider,
            clause=clause.clause, clause_anchor=clause.anchor, data={"step": "decision", "decision": made.decision},
        )
        _refuse(case=request_case, actor=decider, reasons=made.reasons, by=str(decider), clause=clause, now=now)
    else:
        event = record_event(
            case=request_case,
            kind=CaseEvent.Kind.NOTE,
            summary=summary + " The response clock stays paused until the outcome is recorded.",
            at=now,
            actor=decider,
            clause=clause.clause,
            clause_anchor=clause.anchor,
            data={"step": "decision", "decision": made.decision},
        )
        told = list(staff)
        if made.decision == Decision.REFER_MONITORING_OFFICER:
            holding = office_holder(
                council=request_case.council, office="role:monitoring_officer", on=today,
                stand_ins=["role:deputy_monitoring_officer"], conflicted=conflicts_for(request_case),
            )
            told.append(holding.person)
            mo_event = record_event(
                case=referral, kind=CaseEvent.Kind.NOTE,
                summary=f"Referred to the Monitoring Officer ({holding.person or 'nobody can act'}).",
                at=now, actor=decider, clause=clause.clause, clause_anchor=clause.anchor,
            )
            notify(
                recipients=[holding.person], case=referral, event=mo_event,
                subject="Referral passed to you", body=summary, now=now, calendar=calendar,
            )
        notify(
            recipients=told, case=request_case, event=event, subject="Referred on: record the outcome",
            body=f"{decider} decided to {decision_phrase(made)}. Record the outcome on the request when it is known.",
            now=now, calendar=calendar,
        )


def _resume(case: Case, *, actor: User, now: dt.datetime, reason: str) -> None:
    deadline = response_deadline(case)
    if deadline is not None and deadline.state == Deadline.State.PAUSED:
        deadline_resume(deadline=deadline, actor=actor, now=now, reason=reason)
    if case.status == Case.Status.ON_HOLD:
        case_transition(case=case, to=Case.Status.OPEN, actor=actor, now=now, reason=reason)


@transaction.atomic
def information_request_onward_outcome(
    *, case: Case, officer: User, release: bool, reasons: str, now: dt.datetime, expected_version: int | None = None
) -> InformationRequest:
    """The Council, the Monitoring Officer or the external body has answered an onward referral."""
    _check_version(case, expected_version)
    request = _request_of(case, lock=True)
    referral = referral_of(case)
    made = getattr(referral, "referral_decision", None) if referral else None
    if request.outcome != Outcome.REFERRED or made is None or made.decision not in ONWARD_DECISIONS:
        raise DomainError("There is no onward referral awaiting an outcome on this request.")
    if not reasons.strip():
        raise DomainError("Say what was decided, and by whom.")
    clause = referral_clause(case.council.protocol_profile)
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Outcome of the onward referral ({decision_phrase(made)}), recorded by {officer}: "
        f"{'release' if release else 'refuse'}. {reasons.strip()}",
        at=now,
        actor=officer,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "onward_outcome", "release": release},
    )
    if release:
        _resume(case, actor=officer, now=now, reason="The onward referral has been answered.")
        _move(request, Outcome.RELEASE)
    else:
        _move(request, Outcome.REFUSED, refusal_reasons=reasons.strip())
        _refuse(case=case, actor=officer, reasons=reasons.strip(), by=str(officer), clause=clause, now=now)
    return request


# --- 4. the release ------------------------------------------------------------------------------


def holds_a_chair(*, user: User, council: Council, on: dt.date) -> bool:
    """003 7.1: a confidential briefing is for a committee chair (or the Chair of the Council)."""
    offices = (OfficeTerm.Office.COMMITTEE_CHAIR, OfficeTerm.Office.CHAIR)
    return OfficeTerm.objects.current_on(on).filter(council=council, holder=user, office__in=offices).exists()


INDEPENDENT_GROUPS = ("independent", "independents", "none")


def group_contacts(*, council: Council, on: dt.date, except_group: str = "") -> dict[str, User]:
    """One person per political group to offer information to (000 15.6): its leader, or failing
    that the first of its councillors. Members standing as independents form no group."""
    members = list(councillors_of(council=council, on=on))
    groups: dict[str, list[User]] = {}
    for membership in members:
        name = membership.group.strip()
        if not name or name.lower() in INDEPENDENT_GROUPS or name.lower() == except_group.strip().lower():
            continue
        groups.setdefault(name, []).append(membership.user)
    leaders = {
        term.holder_id: term
        for term in OfficeTerm.objects.current_on(on).filter(council=council, office=OfficeTerm.Office.GROUP_LEADER)
    }
    contacts = {}
    for name, people in sorted(groups.items()):
        leader = next((person for person in people if person.pk in leaders), None)
        contacts[name] = leader or people[0]
    return contacts


def _requester_group(case: Case, on: dt.date) -> str:
    membership = (
        Membership.objects.current_on(on)
        .filter(council=case.council, user_id=case.raised_by_id, role=Membership.Role.COUNCILLOR)
        .first()
    )
    return membership.group if membership else ""


@transaction.atomic
def information_release(
    *,
    case: Case,
    officer: User,
    body: str,
    now: dt.datetime,
    purpose: str = "",
    conditions: str = "",
    undertaking_required: bool = False,
    minor: bool = False,
    confidential_briefing: bool = False,
    offer_all_groups: bool = False,
    notice: str = "",
    documents: list | tuple = (),
    expected_version: int | None = None,
) -> InformationRelease:
    """Give the information (written, with any files), with the purpose it is given for; tell who the
    rules say to tell. Files are kept on the case by casework.attachments and served through the
    release's own gate."""
    _check_version(case, expected_version)
    request = _request_of(case, lock=True)
    if request.outcome != Outcome.RELEASE:
        if request.outcome == Outcome.PENDING:
            raise DomainError("Record the determination before releasing the information.")
        raise DomainError(f"This request is {request.get_outcome_display().lower()}; there is nothing to release.")
    if not body.strip():
        raise DomainError("Write the information being given.")
    council = case.council
    profile = council.protocol_profile
    today = london_date(now)
    referral = referral_of(case)
    made = getattr(referral, "referral_decision", None) if referral else None
    if made is not None:
        # The Chair's conditions and undertaking travel with the release; the officer cannot drop them.
        undertaking_required = undertaking_required or made.undertaking_required
        conditions = conditions.strip() or made.conditions
    if confidential_briefing and not holds_a_chair(user=case.raised_by, council=council, on=today):
        raise DomainError(f"Only a committee chair can be given a confidential briefing; {case.raised_by} holds no such office.")
    if documents and undertaking_required:
        # The case's files can be downloaded by anyone who can open the case, the councillor included,
        # so nothing under an undertaking is kept as a file: it is written out and shown behind the gate.
        raise DomainError(
            "Information given under a confidentiality undertaking cannot carry files: write it out instead."
        )
    if offer_all_groups and (confidential_briefing or undertaking_required):
        raise DomainError(
            "Information given in confidence (a confidential briefing or under an undertaking) cannot also be "
            "offered to every group."
        )
    release = InformationRelease.objects.create(
        request=request,
        body=body.strip(),
        purpose=purpose.strip() or request.purpose,
        conditions=conditions.strip(),
        undertaking_required=undertaking_required,
        minor=minor,
        confidential_briefing=confidential_briefing,
        offer_all_groups=offer_all_groups,
        notice=(notice.strip() or case.subject)[:200],
        released_by=officer,
        released_at=now,
    )
    for upload in documents:
        release.documents.add(attachment_save(case=case, upload=upload, uploaded_by=officer, now=now))
    _move(request, Outcome.RELEASED)
    deadline = response_deadline(case)
    if deadline is not None and deadline.state == Deadline.State.PAUSED:
        deadline_resume(deadline=deadline, actor=officer, now=now, reason="The information has been released.")
        deadline = response_deadline(case)
    if deadline is not None and deadline.state in (Deadline.State.OPEN, Deadline.State.MISSED):
        deadline_complete(deadline=deadline, actor=officer, now=now, summary=f"{deadline.label}: information released.")
    if case.status == Case.Status.ON_HOLD:
        case_transition(case=case, to=Case.Status.OPEN, actor=officer, now=now)
    if case.status == Case.Status.OPEN:
        case_transition(case=case, to=Case.Status.RESPONDED, actor=officer, now=now, reason="Information released.")
    purpose_clause = rule_clause(profile, "purpose_only")
    terms = []
    if release.conditions:
        terms.append(f"conditions: {_bare(release.conditions)}")
    if release.undertaking_required:
        terms.append("to be seen only after the councillor accepts a confidentiality undertaking")
    if documents:
        terms.append(f"with {len(documents)} document{'s' if len(documents) != 1 else ''}")
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Information released by {officer} to {case.raised_by}, for the purpose: {_bare(release.purpose)}"
        + (f" ({'; '.join(terms)})" if terms else "")
        + ".",
        at=now,
        actor=officer,
        clause=purpose_clause.clause,
        clause_anchor=purpose_clause.anchor,
        data={"step": "released", "release": release.pk},
    )
    calendar = calendar_for_council(council)
    url = release_url(case)
    first = (
        "Accept the confidentiality undertaking in the portal to read it."
        if release.undertaking_required
        else "Read it in the portal."
    )
    _notify(
        recipients=[case.raised_by],
        case=case,
        event=event,
        subject="The information you asked for",
        body=f"The information you asked for ({case.subject}) has been released. {first} It is given for the "
        f"purpose you stated and may be used only for that purpose: {release.purpose}",
        now=now,
        calendar=calendar,
        url=url,
    )
    offered = _offer_to_groups(release=release, case=case, officer=officer, now=now, today=today, calendar=calendar, url=url)
    _tell_members(release=release, case=case, officer=officer, now=now, today=today, calendar=calendar, url=url,
                  skip={person.pk for person in offered})
    return release


def _offer_to_groups(*, release, case, officer, now, today, calendar, url) -> list[User]:
    """000 15.6: a copy to one person in each other political group, offered (granted) at once."""
    if not release.offer_all_groups:
        return []
    clause = rule_clause(case.council.protocol_profile, "all_groups")
    contacts = group_contacts(council=case.council, on=today, except_group=_requester_group(case, today))
    people = [person for person in contacts.values() if person.pk != case.raised_by_id]
    CopyRequest.objects.bulk_create(
        [
            CopyRequest(
                release=release, councillor=person, requested_at=now, granted_at=now, decided_at=now,
                decided_by=officer, offered=True,
            )
            for person in people
        ],
        ignore_conflicts=True,
    )
    names = ", ".join(f"{name} ({person})" for name, person in contacts.items()) or "no other group"
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"Offered to every group as likely to be cited at a meeting{clause.cite()}: {names}.",
        at=now,
        actor=officer,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "offered_to_groups", "to": [p.pk for p in people]},
    )
    _notify(
        recipients=people,
        case=case,
        event=event,
        subject="Information offered to your group",
        body=f"Information given to {case.raised_by} ({release.notice}) is likely to be cited at a meeting, so a "
        f"copy is offered to your group{clause.cite()}. It may be used only for your duties as a councillor.",
        now=now,
        calendar=calendar,
        url=url,
    )
    return people


def _tell_members(*, release, case, officer, now, today, calendar, url, skip: set[int]) -> None:
    """003 7.2: other members are told that information was given (not what it was) unless it is minor;
    a confidential briefing (003 7.1) or information given under an undertaking is not announced."""
    profile = case.council.protocol_profile
    told_clause = rule_clause(profile, "members_told")
    if not release.announced:
        if release.confidential_briefing:
            why, clause = "it is a confidential briefing for a committee chair", rule_clause(profile, "confidential_briefing")
        elif release.undertaking_required:
            why, clause = "it is given in confidence under an undertaking", rule_clause(profile, "confidentiality")
        else:
            why, clause = "the officer marked it minor", told_clause
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Other members were not told: {why}{clause.cite()}.",
            at=now,
            actor=officer,
            clause=clause.clause,
            clause_anchor=clause.anchor,
            data={"step": "members_not_told"},
        )
        return
    members = [
        m.user for m in councillors_of(council=case.council, on=today)
        if m.user_id != case.raised_by_id and m.user_id not in skip
    ]
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{len(members)} other member{'s' if len(members) != 1 else ''} told that information was given "
        f"(not what it was); each may ask for a copy{told_clause.cite()}.",
        at=now,
        actor=officer,
        clause=told_clause.clause,
        clause_anchor=told_clause.anchor,
        data={"step": "members_told", "to": [p.pk for p in members]},
    )
    _notify(
        recipients=members,
        case=case,
        event=event,
        subject="Information given to a member",
        body=f"Information was given to {case.raised_by} on {_fmt(london_date(release.released_at))}: "
        f"{_bare(release.notice)}. You may ask for a copy{told_clause.cite()}.",
        now=now,
        calendar=calendar,
        url=url,
    )


@transaction.atomic
def information_undertaking_accept(*, release: InformationRelease, councillor: User, now: dt.datetime) -> InformationRelease:
    """The councillor accepts the confidentiality undertaking; only then may they see the information."""
    case = release.request.case
    if councillor.pk != case.raised_by_id:
        raise DomainError("Only the councillor the information was given to can accept the undertaking.")
    if not release.undertaking_required:
        raise DomainError("This information was not given under a confidentiality undertaking.")
    accepted = InformationRelease.objects.filter(pk=release.pk, undertaking_accepted_at__isnull=True).update(
        undertaking_accepted_at=now
    )
    if not accepted:
        raise DomainError("You have already accepted the undertaking.")
    release.undertaking_accepted_at = now
    clause = rule_clause(case.council.protocol_profile, "confidentiality")
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{councillor} accepted the confidentiality undertaking"
        + (f" and the conditions: {_bare(release.conditions)}" if release.conditions else "")
        + ".",
        at=now,
        actor=councillor,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "undertaking_accepted"},
    )
    return release


def release_refusal(release: InformationRelease) -> str:
    """Why the requester may not see the release yet, or ""."""
    if release.awaiting_undertaking:
        return (
            "You must accept the confidentiality undertaking before you can see this information. "
            "Nothing has been shown."
        )
    return ""


# --- copies for other members (003 7.2) ----------------------------------------------------------


@transaction.atomic
def copy_request_open(*, release: InformationRelease, councillor: User, now: dt.datetime) -> CopyRequest:
    case = release.request.case
    if councillor.pk == case.raised_by_id:
        raise DomainError("This information was given to you; you do not need a copy.")
    if not release.announced:
        raise DomainError("Copies of this information are not available to other members.")
    is_member = (
        Membership.objects.current_on(london_date(now))
        .filter(council=case.council, user=councillor, role=Membership.Role.COUNCILLOR)
        .exists()
    )
    if not is_member:
        raise DomainError("Only a member of the council can ask for a copy.")
    try:
        with transaction.atomic():
            copy = CopyRequest.objects.create(release=release, councillor=councillor, requested_at=now)
    except IntegrityError:
        raise DomainError("You have already asked for a copy of this information.") from None
    clause = rule_clause(case.council.protocol_profile, "members_told")
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=f"{councillor} asked for a copy of the information given{clause.cite()}.",
        at=now,
        actor=councillor,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "copy_requested", "copy": copy.pk},
    )
    staff = [release.released_by, *([case.assigned_to] if case.assigned_to_id else [])]
    notify(
        recipients=staff,
        case=case,
        event=event,
        subject="A member asks for a copy",
        body=f"{councillor} asks for a copy of the information given to {case.raised_by} ({release.notice}).",
        now=now,
        calendar=calendar_for_council(case.council),
    )
    return copy


@transaction.atomic
def copy_request_decide(*, copy: CopyRequest, officer: User, grant: bool, reason: str, now: dt.datetime) -> CopyRequest:
    """The officer grants a copy (the member then sees the information and its purpose) or refuses with a reason."""
    if not grant and not reason.strip():
        raise DomainError("Give the reason for refusing the copy.")
    decided = CopyRequest.objects.filter(pk=copy.pk, decided_at__isnull=True, granted_at__isnull=True).update(
        granted_at=now if grant else None,
        decided_at=now,
        decided_by=officer,
        refused_reason="" if grant else reason.strip(),
    )
    if not decided:
        raise DomainError("This request for a copy has already been decided.")
    copy.refresh_from_db()
    release = copy.release
    case = release.request.case
    clause = rule_clause(case.council.protocol_profile, "members_told")
    summary = (
        f"Copy granted to {copy.councillor} by {officer}."
        if grant
        else f"Copy refused to {copy.councillor} by {officer}: {copy.refused_reason}"
    )
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        summary=summary,
        at=now,
        actor=officer,
        clause=clause.clause,
        clause_anchor=clause.anchor,
        data={"step": "copy_decided", "copy": copy.pk, "granted": grant},
    )
    _notify(
        recipients=[copy.councillor],
        case=case,
        event=event,
        subject="Your request for a copy",
        body=(
            f"You may now read the information given to {case.raised_by} ({release.notice}). It may be used only "
            "for your duties as a councillor."
            if grant
            else f"Your request for a copy of the information given to {case.raised_by} was refused: {copy.refused_reason}"
        ),
        now=now,
        calendar=calendar_for_council(case.council),
        url=release_url(case),
    )
    return copy
