"""Code of Conduct complaints about councillors, worked by the Monitoring Officer.

The stages and their clocks (the Monitoring Officer's arrangements; defaults in RULES,
"Complaints and concerns"):

1. received — acknowledge within 5 working days of receipt;
2. acknowledged — the councillor complained about is told; the Independent Person is consulted
   and their views recorded; the initial assessment within 20 working days of acknowledgement;
3. assessed (no action, informal resolution, investigation, referral to the police) — the
   outcome to both parties within 5 working days of the assessment;
4. an investigation (90 days by default), then a hearing on the date set, then the finding;
5. concluded — a decision notice can be written and published; after "no action" the
   complainant may ask for a review within the review window, decided within 20 working days.

Each stage completes its clock and opens the next, writes a CaseEvent citing the clause that
sends complaints to the Monitoring Officer, and tells the people it concerns. The complainant's
identity is never put in front of the councillor complained about while withholding is asked
for or agreed.
"""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Council, Membership, User
from accounts.selectors import roles_at
from casework.calendar import add_working_days, calendar_for_council, london_date
from casework.models import Case, CaseEvent, CaseLink, Deadline, DomainError
from casework.services.cases import case_open, case_transition
from casework.services.common import record_event
from casework.services.deadlines import deadline_complete, deadline_open

from ..models import Complaint, DecisionNotice, IndependentPersonView
from .common import (
    absolute,
    arrangements_for,
    conflict_refusal,
    email_complainant,
    notify_people,
    source_of,
    work_url,
)

# Spam control on the public form: at most this many new complaints an hour from one address.
PER_IP_PER_HOUR = 5
PER_EMAIL_PER_HOUR = 3

ACKNOWLEDGE_RULE = "complaint_acknowledge"
ASSESSMENT_RULE = "complaint_assessment"
OUTCOME_RULE = "complaint_outcome"
INVESTIGATION_RULE = "complaint_investigation"
HEARING_RULE = "complaint_hearing"
REVIEW_RULE = "complaint_review"

S = Complaint.Stage


class RateLimited(DomainError):
    """Too many complaints from one address in an hour."""


def _cite(case: Case) -> tuple[str, str]:
    return source_of(case.council.protocol_profile, "complaint_route")


def _event(case: Case, summary: str, *, actor: User | None, now: dt.datetime, **data) -> CaseEvent:
    clause, anchor = _cite(case)
    return record_event(
        case=case, kind=CaseEvent.Kind.NOTE, summary=summary, at=now, actor=actor, clause=clause,
        clause_anchor=anchor, data=data,
    )


def _move(complaint: Complaint, to: str) -> None:
    current, to = S(complaint.stage), S(to)
    if to not in Complaint.TRANSITIONS.get(current, set()):
        raise DomainError(f"A complaint that is {current.label.lower()} cannot become {to.label.lower()}.")
    complaint.stage = to


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock, so two people working it at once queue, not clash."""
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("case__council", "case__subject_person").get(
        pk=complaint.pk
    )
    locked.case.refresh_from_db(fields=["status", "version", "routed_to", "raised_by", "due_at"])
    return locked


def _complete(case: Case, rule: str, *, actor: User | None, now: dt.datetime) -> None:
    running = case.deadlines.filter(
        rule=rule, state__in=(*Deadline.ACTIVE_STATES, Deadline.State.PAUSED), completed_at__isnull=True
    )
    for deadline in running:
        deadline_complete(deadline=deadline, actor=actor, now=now)


def _clock(case: Case, *, rule: str, label: str, now: dt.datetime, actor: User | None, **days) -> Deadline:
    return deadline_open(case=case, rule=rule, label=label, started_on=london_date(now), now=now, actor=actor, **days)


def _check_worker(complaint: Complaint, actor: User, *, doing: str) -> None:
    conflict_refusal(complaint.case, actor, doing=doing)


def _tell_subject(complaint: Complaint, *, event: CaseEvent, subject: str, body: str, now: dt.datetime) -> None:
    """A notification to the councillor complained about, linking to the page they may open."""
    case = complaint.case
    url = reverse("complaint-about-you", kwargs={"slug": case.council.slug, "reference": case.reference})
    notify_people(recipients=[case.subject_person], case=case, event=event, subject=subject, body=body, url=url,
                  now=now)


def complainant_for_subject(complaint: Complaint) -> str:
    """How the complainant is named to the councillor complained about."""
    if complaint.identity_hidden_from_subject:
        return "The complainant's identity is withheld."
    return f"The complaint was made by {complaint.complainant_name}."


# --- receiving a complaint ------------------------------------------------------------


def _rate_limit(*, ip: str | None, email: str, now: dt.datetime) -> None:
    hour_ago = now - dt.timedelta(hours=1)
    if ip and Complaint.objects.filter(submitted_from=ip, submitted_at__gte=hour_ago).count() >= PER_IP_PER_HOUR:
        raise RateLimited(
            "We have received several complaints from your connection in the last hour, so we cannot accept "
            "another just now. Please try again in an hour, or write to the Monitoring Officer."
        )
    if Complaint.objects.filter(complainant_email=email, submitted_at__gte=hour_ago).count() >= PER_EMAIL_PER_HOUR:
        raise RateLimited(
            "We have received several complaints from this email address in the last hour, so we cannot accept "
            "another just now. Please try again in an hour, or write to the Monitoring Officer."
        )


def councillor_at(council: Council, user: User, on: dt.date) -> bool:
    return roles_at(user=user, council=council, on=on).has(Membership.Role.COUNCILLOR)


def complaint_submit(
    *,
    council: Council,
    subject_person: User,
    complainant_kind: str,
    name: str,
    email: str,
    details: str,
    token: uuid.UUID,
    now: dt.datetime,
    phone: str = "",
    occurred_on: dt.date | None = None,
    code_provisions: str = "",
    withhold: bool = False,
    withhold_reason: str = "",
    ip: str | None = None,
    user: User | None = None,
    arising_from: Case | None = None,
) -> tuple[Complaint, bool]:
    """Receive a Code of Conduct complaint; returns (complaint, created).

    The form's token makes a double-posted form one complaint: the second post finds the first
    (the unique constraint decides when both arrive at once). Anonymous complaints are refused.
    """
    existing = Complaint.objects.filter(submission_token=token).select_related("case__council").first()
    if existing is not None:
        return existing, False
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise DomainError("Give your name and email address: anonymous complaints cannot be considered.")
    if not details.strip():
        raise DomainError("Describe what the councillor did.")
    today = london_date(now)
    if occurred_on and occurred_on > today:
        raise DomainError("The date it happened cannot be in the future.")
    if not councillor_at(council, subject_person, today):
        raise DomainError(f"{subject_person} is not a councillor of {council}.")
    if user is not None and user.pk == subject_person.pk:
        raise DomainError("You cannot complain about yourself.")
    if withhold and not withhold_reason.strip():
        raise DomainError("Say why you want your identity withheld from the councillor.")
    _rate_limit(ip=ip, email=email, now=now)
    arrangements = arrangements_for(council)
    try:
        with transaction.atomic():
            case, decision = case_open(
                council=council,
                kind=Case.Kind.COMPLAINT,
                subject=f"Code of Conduct complaint about {subject_person}",
                received_at=now,
                now=now,
                actor=user,
                raised_by=user,
                subject_person=subject_person,
                confidential=True,
            )
            complaint = Complaint.objects.create(
                case=case,
                complainant_user=user,
                complainant_kind=complainant_kind,
                complainant_name=name,
                complainant_email=email,
                complainant_phone=phone.strip(),
                details=details,
                occurred_on=occurred_on,
                code_provisions=code_provisions,
                identity=Complaint.Identity.REQUESTED if withhold else Complaint.Identity.DISCLOSED,
                withhold_reason=withhold_reason if withhold else "",
                submission_token=token,
                submitted_from=ip,
                submitted_at=now,
            )
            if arising_from is not None:
                CaseLink.objects.create(case=case, to_case=arising_from, relation=CaseLink.Relation.ARISING_FROM,
                                        created_at=now)
            kind = Complaint.ComplainantKind(complainant_kind).label.lower()
            withheld = " They ask for their identity to be withheld from the councillor." if withhold else ""
            event = _event(case, f"Complaint made by {name} ({kind}).{withheld}", actor=user, now=now)
            _clock(case, rule=ACKNOWLEDGE_RULE, label="Acknowledge the complaint", now=now, actor=user,
                   working_days=arrangements.acknowledge_working_days)
            notify_people(
                recipients=[decision.person],
                case=case,
                event=event,
                subject="A Code of Conduct complaint to acknowledge",
                body=f"A Code of Conduct complaint about {subject_person} has been received. {decision.reason}",
                url=work_url(case),
                now=now,
            )
            email_complainant(
                complaint=complaint,
                template="received",
                context={"acknowledge_days": arrangements.acknowledge_working_days},
                now=now,
            )
    except IntegrityError:
        # The same form arrived twice at once; the other request created it.
        existing = Complaint.objects.filter(submission_token=token).select_related("case__council").first()
        if existing is None:
            raise
        return existing, False
    return complaint, True


def complaint_open_from_referral(
    *,
    council: Council,
    complainant: User,
    subject_person: User,
    details: str,
    now: dt.datetime,
    occurred_on: dt.date | None = None,
    arising_from: Case | None = None,
) -> Complaint:
    """A complaint referred by the Chair from a breach report, or reported by staff (000 4.6; 002 10.5)."""
    today = london_date(now)
    roles = roles_at(user=complainant, council=council, on=today)
    kind = Complaint.ComplainantKind.COUNCILLOR if roles.has(Membership.Role.COUNCILLOR) else (
        Complaint.ComplainantKind.OFFICER
    )
    complaint, _ = complaint_submit(
        council=council,
        subject_person=subject_person,
        complainant_kind=kind,
        name=complainant.full_name or complainant.email,
        email=complainant.email,
        details=details,
        token=uuid.uuid4(),
        now=now,
        occurred_on=occurred_on,
        user=complainant,
        arising_from=arising_from,
    )
    return complaint


# --- the Monitoring Officer's stages --------------------------------------------------


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, actor: User, now: dt.datetime) -> Complaint:
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    _move(complaint, S.ACKNOWLEDGED)
    case = complaint.case
    arrangements = arrangements_for(case.council)
    complaint.acknowledged_at = now
    complaint.save(update_fields=["stage", "acknowledged_at"])
    _complete(case, ACKNOWLEDGE_RULE, actor=actor, now=now)
    deadline = _clock(case, rule=ASSESSMENT_RULE, label="Initial assessment, after consulting the Independent Person",
                      now=now, actor=actor, working_days=arrangements.assessment_working_days)
    _event(case, f"Complaint acknowledged; the initial assessment is due by {deadline.due_on:%-d %B %Y}.",
           actor=actor, now=now, stage=S.ACKNOWLEDGED.value)
    email_complainant(complaint=complaint, template="acknowledged", context={"assessment_due": deadline.due_on},
                      now=now)
    return complaint


@transaction.atomic
def complaint_identity_decide(*, complaint: Complaint, actor: User, withhold: bool, reasons: str,
                              now: dt.datetime) -> Complaint:
    """The Monitoring Officer decides whether the complainant's identity is withheld from the councillor."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    if complaint.identity != Complaint.Identity.REQUESTED:
        raise DomainError("There is no request to withhold the complainant's identity waiting for a decision.")
    if not reasons.strip():
        raise DomainError("Give the reasons for your decision.")
    complaint.identity = Complaint.Identity.WITHHELD if withhold else Complaint.Identity.REFUSED
    complaint.identity_decision_reasons = reasons
    complaint.save(update_fields=["identity", "identity_decision_reasons"])
    verdict = "agreed to withhold" if withhold else "did not agree to withhold"
    _event(complaint.case, f"The Monitoring Officer {verdict} the complainant's identity from the councillor: {reasons}",
           actor=actor, now=now, identity=complaint.identity)
    email_complainant(complaint=complaint, template="identity", context={"withheld": withhold, "reasons": reasons},
                      now=now)
    return complaint


@transaction.atomic
def complaint_subject_tell(*, complaint: Complaint, actor: User, summary: str, now: dt.datetime) -> Complaint:
    """Tell the councillor complained about: the allegation as the Monitoring Officer puts it."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    if complaint.stage == S.RECEIVED:
        raise DomainError("Acknowledge the complaint before telling the councillor.")
    if complaint.subject_told_at:
        raise DomainError(f"The councillor was told on {complaint.subject_told_at:%-d %B %Y}.")
    if complaint.identity == Complaint.Identity.REQUESTED:
        raise DomainError(
            "The complainant asked for their identity to be withheld: decide that before telling the councillor."
        )
    if not summary.strip():
        raise DomainError("Write the summary of the complaint the councillor will see.")
    complaint.subject_told_at, complaint.summary_for_subject = now, summary
    complaint.save(update_fields=["subject_told_at", "summary_for_subject"])
    case = complaint.case
    event = _event(case, f"{case.subject_person} was told of the complaint.", actor=actor, now=now)
    _tell_subject(
        complaint,
        event=event,
        subject="A Code of Conduct complaint has been made about you",
        body=f"The Monitoring Officer has received a Code of Conduct complaint about you.\n\n{summary}\n\n"
        f"{complainant_for_subject(complaint)} The Monitoring Officer will consult the Independent Person "
        "before deciding what happens next, and will tell you the outcome.",
        now=now,
    )
    return complaint


@transaction.atomic
def complaint_ip_view_record(
    *,
    complaint: Complaint,
    actor: User,
    consulted_on: dt.date,
    views: str,
    now: dt.datetime,
    independent_person: User | None = None,
    name: str = "",
) -> IndependentPersonView:
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    if complaint.stage in (S.RECEIVED, S.CONCLUDED):
        raise DomainError("The Independent Person's views are recorded between acknowledgement and the outcome.")
    if consulted_on > london_date(now):
        raise DomainError("The date the Independent Person was consulted cannot be in the future.")
    if not views.strip():
        raise DomainError("Record the Independent Person's views.")
    who = independent_person.full_name if independent_person else name.strip()
    if not who:
        raise DomainError("Name the Independent Person consulted.")
    view = IndependentPersonView.objects.create(
        complaint=complaint, independent_person=independent_person, independent_person_name=who,
        consulted_on=consulted_on, views=views, recorded_by=actor, recorded_at=now,
    )
    _event(complaint.case, f"The Independent Person ({who}) was consulted on {consulted_on:%-d %B %Y}; "
           "their views are recorded.", actor=actor, now=now, independent_person_view=view.pk)
    return view


def _check_decision(decision: str, reasons: str, agreed: str) -> Complaint.Decision:
    decision = Complaint.Decision(decision)
    if not reasons.strip():
        raise DomainError("Give the reasons for the decision.")
    if decision == Complaint.Decision.INFORMAL_RESOLUTION and not agreed.strip():
        raise DomainError("Say what was agreed in the informal resolution.")
    return decision


def _assessed(complaint: Complaint, *, decision, reasons: str, agreed: str, actor: User, now: dt.datetime,
              because: str) -> None:
    """Record a decision and start the clock for telling both parties."""
    case = complaint.case
    arrangements = arrangements_for(case.council)
    _move(complaint, S.ASSESSED)
    complaint.decision, complaint.decision_reasons, complaint.agreed = decision, reasons, agreed
    complaint.assessed_at, complaint.outcome_sent_at = now, None
    complaint.save(update_fields=["stage", "decision", "decision_reasons", "agreed", "assessed_at", "outcome_sent_at"])
    deadline = _clock(case, rule=OUTCOME_RULE, label="Tell both parties the outcome", now=now, actor=actor,
                      working_days=arrangements.outcome_working_days)
    _event(case, f"{because}: {decision.label}. Reasons: {reasons}" + (f" Agreed: {agreed}" if agreed else "")
           + f" Both parties to be told by {deadline.due_on:%-d %B %Y}.", actor=actor, now=now,
           decision=decision.value)


@transaction.atomic
def complaint_assess(*, complaint: Complaint, actor: User, decision: str, reasons: str, now: dt.datetime,
                     agreed: str = "") -> Complaint:
    """The initial assessment: only after the councillor is told and the Independent Person consulted."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="assess this complaint")
    decision = _check_decision(decision, reasons, agreed)
    if complaint.stage != S.ACKNOWLEDGED:
        raise DomainError(f"A complaint that is {complaint.get_stage_display().lower()} cannot be assessed.")
    if not complaint.subject_told_at:
        raise DomainError("Tell the councillor about the complaint before the initial assessment.")
    if not complaint.independent_person_views.exists():
        raise DomainError("Consult the Independent Person and record their views before the initial assessment.")
    _complete(complaint.case, ASSESSMENT_RULE, actor=actor, now=now)
    _assessed(complaint, decision=decision, reasons=reasons, agreed=agreed, actor=actor, now=now,
              because="Initial assessment")
    return complaint


def _conclude(complaint: Complaint, *, actor: User, now: dt.datetime, reason: str) -> None:
    _move(complaint, S.CONCLUDED)
    case = complaint.case
    if case.status != Case.Status.CLOSED:
        case_transition(case=case, to=Case.Status.CLOSED, actor=actor, now=now, reason=reason)


@transaction.atomic
def complaint_outcome_send(*, complaint: Complaint, actor: User, now: dt.datetime) -> Complaint:
    """Tell both parties the decision. After "no action" the complainant may ask for a review."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    if complaint.stage != S.ASSESSED:
        raise DomainError("There is no assessment whose outcome is waiting to be sent.")
    case = complaint.case
    arrangements = arrangements_for(case.council)
    decision = Complaint.Decision(complaint.decision)
    complaint.outcome_sent_at = now
    _complete(case, OUTCOME_RULE, actor=actor, now=now)
    review_until = None
    if decision == Complaint.Decision.INVESTIGATION:
        _move(complaint, S.INVESTIGATION)
        _clock(case, rule=INVESTIGATION_RULE, label="Investigation", now=now, actor=actor,
               calendar_days=arrangements.investigation_calendar_days)
    else:
        if decision == Complaint.Decision.NO_ACTION:
            review_until = add_working_days(
                london_date(now), arrangements.review_request_working_days, calendar_for_council(case.council)
            ).due
            complaint.review_open_until = review_until
        _conclude(complaint, actor=actor, now=now, reason=decision.label)
    complaint.save(update_fields=["stage", "outcome_sent_at", "review_open_until"])
    event = _event(case, f"Both parties were told the outcome: {decision.label}.", actor=actor, now=now)
    email_complainant(
        complaint=complaint,
        template="outcome",
        context={"decision": decision, "review_until": review_until, "review_url": absolute(review_url(complaint))},
        now=now,
    )
    _tell_subject(
        complaint,
        event=event,
        subject="The outcome of the Code of Conduct complaint about you",
        body=f"The Monitoring Officer has assessed the complaint about you: {decision.label}.\n\n"
        f"Reasons: {complaint.decision_reasons}" + (f"\n\nWhat was agreed: {complaint.agreed}" if complaint.agreed else ""),
        now=now,
    )
    return complaint


def review_url(complaint: Complaint) -> str:
    return reverse("complaint-review-request", kwargs={"token": str(complaint.access_token)})


@transaction.atomic
def complaint_investigation_report(*, complaint: Complaint, actor: User, report: str, now: dt.datetime,
                                   hearing_on: dt.date | None = None) -> Complaint:
    """The investigator has reported: a hearing on the date set, or (no breach found) the end."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="work this complaint")
    if complaint.stage != S.INVESTIGATION:
        raise DomainError("This complaint is not under investigation.")
    if not report.strip():
        raise DomainError("Summarise the investigator's report.")
    case = complaint.case
    if hearing_on is not None and hearing_on < london_date(now):
        raise DomainError("The hearing date cannot be in the past.")
    complaint.investigation_report = report
    _complete(case, INVESTIGATION_RULE, actor=actor, now=now)
    if hearing_on is not None:
        _move(complaint, S.HEARING)
        complaint.hearing_on = hearing_on
        complaint.save(update_fields=["stage", "investigation_report", "hearing_on"])
        deadline_open(case=case, rule=HEARING_RULE, label="Hearing and decision", started_on=london_date(now),
                      due_on=hearing_on, now=now, actor=actor)
        _event(case, f"The investigation has reported; a hearing is set for {hearing_on:%-d %B %Y}.", actor=actor,
               now=now)
        return complaint
    complaint.finding = Complaint.Finding.NO_BREACH
    _conclude(complaint, actor=actor, now=now, reason="The investigation found no breach")
    complaint.save(update_fields=["stage", "investigation_report", "finding"])
    event = _event(case, "The investigation found no breach of the Code of Conduct; both parties were told.",
                   actor=actor, now=now)
    _final_notice(complaint, event=event, now=now)
    return complaint


@transaction.atomic
def complaint_hearing_decide(*, complaint: Complaint, actor: User, finding: str, reasons: str, now: dt.datetime,
                             sanction: str = "") -> Complaint:
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="record the hearing's decision")
    if complaint.stage != S.HEARING:
        raise DomainError("No hearing is waiting for its decision.")
    finding = Complaint.Finding(finding)
    if not reasons.strip():
        raise DomainError("Give the reasons for the finding.")
    if finding == Complaint.Finding.NO_BREACH and sanction.strip():
        raise DomainError("A sanction can follow only a finding that the Code was breached.")
    case = complaint.case
    complaint.finding, complaint.sanction = finding, sanction
    complaint.decision_reasons = f"{complaint.decision_reasons}\n\nHearing: {reasons}".strip()
    _complete(case, HEARING_RULE, actor=actor, now=now)
    _conclude(complaint, actor=actor, now=now, reason=finding.label)
    complaint.save(update_fields=["stage", "finding", "sanction", "decision_reasons"])
    event = _event(case, f"Hearing decision: {finding.label}. {reasons}" + (f" Sanction: {sanction}" if sanction else ""),
                   actor=actor, now=now, finding=finding.value)
    _final_notice(complaint, event=event, now=now)
    return complaint


def _final_notice(complaint: Complaint, *, event: CaseEvent, now: dt.datetime) -> None:
    finding = Complaint.Finding(complaint.finding)
    email_complainant(complaint=complaint, template="finding", context={"finding": finding}, now=now)
    _tell_subject(
        complaint,
        event=event,
        subject="The decision on the Code of Conduct complaint about you",
        body=f"{finding.label}." + (f"\n\nSanction: {complaint.sanction}" if complaint.sanction else ""),
        now=now,
    )


# --- decision notices -----------------------------------------------------------------


@transaction.atomic
def decision_notice_write(*, complaint: Complaint, actor: User, summary: str, now: dt.datetime) -> DecisionNotice:
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="write its decision notice")
    if not complaint.decision:
        raise DomainError("A decision notice follows the assessment: assess the complaint first.")
    if not summary.strip():
        raise DomainError("Write the decision notice.")
    notice = DecisionNotice.objects.filter(complaint=complaint).first()
    if notice is not None and notice.published_at:
        raise DomainError(f"The decision notice was published on {notice.published_at:%-d %B %Y} and cannot change.")
    if notice is None:
        notice = DecisionNotice.objects.create(complaint=complaint, summary=summary, written_by=actor, written_at=now)
    else:
        notice.summary, notice.written_by, notice.written_at = summary, actor, now
        notice.save(update_fields=["summary", "written_by", "written_at"])
    _event(complaint.case, "Decision notice written (not yet published).", actor=actor, now=now)
    return notice


@transaction.atomic
def decision_notice_publish(*, complaint: Complaint, actor: User, now: dt.datetime) -> DecisionNotice:
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="publish its decision notice")
    notice = DecisionNotice.objects.select_for_update().filter(complaint=complaint).first()
    if notice is None:
        raise DomainError("Write the decision notice before publishing it.")
    if notice.published_at:
        raise DomainError(f"The decision notice was published on {notice.published_at:%-d %B %Y}.")
    if not complaint.outcome_sent_at:
        raise DomainError("Tell both parties the outcome before publishing the decision notice.")
    notice.published_at = now
    notice.save(update_fields=["published_at"])
    case = complaint.case
    event = _event(case, "Decision notice published on the council's decision notices page.", actor=actor, now=now)
    url = reverse("decision-notice", kwargs={"slug": case.council.slug, "reference": case.reference})
    email_complainant(complaint=complaint, template="published", context={"notice_url": absolute(url)}, now=now)
    _tell_subject(complaint, event=event, subject="A decision notice has been published",
                  body=f"The decision notice on the complaint about you is published at {url}.", now=now)
    return notice


# --- review of a "no action" decision -------------------------------------------------


@transaction.atomic
def complaint_review_request(*, complaint: Complaint, reasons: str, now: dt.datetime) -> Complaint:
    """The complainant asks for a review of a "no action" decision, within the review window."""
    complaint = _lock(complaint)
    if not review_open(complaint, now=now):
        raise DomainError(review_closed_reason(complaint))
    if not reasons.strip():
        raise DomainError("Say why you think the decision should be reviewed.")
    case = complaint.case
    arrangements = arrangements_for(case.council)
    _move(complaint, S.REVIEW)
    complaint.review_requested_at, complaint.review_reasons = now, reasons
    complaint.save(update_fields=["stage", "review_requested_at", "review_reasons"])
    case_transition(case=case, to=Case.Status.OPEN, actor=complaint.complainant_user, now=now,
                    reason="The complainant asked for a review")
    deadline = _clock(case, rule=REVIEW_RULE, label="Decide the review", now=now, actor=complaint.complainant_user,
                      working_days=arrangements.review_working_days)
    event = _event(case, f"The complainant asked for a review of the decision: {reasons}",
                   actor=complaint.complainant_user, now=now)
    notify_people(recipients=[case.routed_to], case=case, event=event, subject="A review has been asked for",
                  body=f"The complainant has asked for a review of the 'no action' decision; it is due by "
                  f"{deadline.due_on:%-d %B %Y}.", url=work_url(case), now=now)
    email_complainant(complaint=complaint, template="review_requested", context={"review_due": deadline.due_on},
                      now=now)
    return complaint


def review_open(complaint: Complaint, *, now: dt.datetime) -> bool:
    return (
        complaint.stage == S.CONCLUDED
        and complaint.decision == Complaint.Decision.NO_ACTION
        and complaint.review_requested_at is None
        and complaint.review_open_until is not None
        and london_date(now) <= complaint.review_open_until
    )


def review_closed_reason(complaint: Complaint) -> str:
    if complaint.review_requested_at:
        return f"A review was asked for on {complaint.review_requested_at:%-d %B %Y}."
    if complaint.decision != Complaint.Decision.NO_ACTION or complaint.stage != S.CONCLUDED:
        return "A review can be asked for only after a decision to take no action."
    if complaint.review_open_until:
        return f"A review had to be asked for by {complaint.review_open_until:%-d %B %Y}."
    return "A review cannot be asked for on this complaint."


@transaction.atomic
def complaint_review_decide(*, complaint: Complaint, actor: User, decision: str, reasons: str, now: dt.datetime,
                            agreed: str = "") -> Complaint:
    """Uphold "no action" (concluded again) or substitute another decision (then both parties are told)."""
    complaint = _lock(complaint)
    _check_worker(complaint, actor, doing="review this complaint")
    if complaint.stage != S.REVIEW:
        raise DomainError("No review is waiting for a decision.")
    decision = _check_decision(decision, reasons, agreed)
    case = complaint.case
    _complete(case, REVIEW_RULE, actor=actor, now=now)
    if decision == Complaint.Decision.NO_ACTION:
        _conclude(complaint, actor=actor, now=now, reason="Review: the decision stands")
        complaint.save(update_fields=["stage"])
        _event(case, f"Review: the decision to take no action stands. Reasons: {reasons}", actor=actor, now=now)
        email_complainant(complaint=complaint, template="review_decided", context={"upheld": True, "reasons": reasons},
                          now=now)
        return complaint
    _assessed(complaint, decision=decision, reasons=reasons, agreed=agreed, actor=actor, now=now,
              because="Review: the decision is changed")
    return complaint
