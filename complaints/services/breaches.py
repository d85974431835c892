"""Protocol breach reports (000 18.1/18.2) and non-compliant contact (000 4.6), decided by the Chair.

A report goes where the council's breach route sends it (the Chair, then the Vice-Chair when the
Chair is absent, is the subject or the reporter, or has an interest). The person it is routed to
decides within the profile's review period; a report nobody decides climbs the core escalation
ladder like any other clock.
"""

import datetime as dt

from django.db import transaction

from accounts.models import Council, User
from accounts.selectors import office_holder, office_label
from casework.calendar import london_date
from casework.models import Case, CaseConflict, CaseEvent, CaseLink, Deadline, DomainError, ProtocolClause
from casework.services.cases import case_open, case_reroute, case_transition
from casework.services.common import record_event
from casework.services.deadlines import deadline_complete, deadline_open
from casework.services.messages import message_send

from ..models import BreachReport, Complaint
from .common import (
    arrangements_for,
    case_page_url,
    cite_text,
    conflict_refusal,
    notify_people,
    source_of,
    staff_role_at,
)

BREACH_REVIEW_RULE = "breach_review"


def _check_report(*, reporter: User, subject_person: User, details: str, occurred_on: dt.date, now: dt.datetime,
                  clauses: list[ProtocolClause], council: Council) -> None:
    if subject_person.pk == reporter.pk:
        raise DomainError("You cannot report yourself. Choose the person who did not comply with the protocol.")
    if not details.strip():
        raise DomainError("Say what happened.")
    if occurred_on > london_date(now):
        raise DomainError("The date it happened cannot be in the future.")
    if not clauses:
        raise DomainError("Choose at least one clause of the protocol that was not complied with.")
    profile = council.protocol_profile
    if any(clause.profile_id != profile.pk for clause in clauses):
        raise DomainError("Choose clauses from this council's own protocol.")


def breach_report_open(
    *,
    council: Council,
    reporter: User,
    subject_person: User,
    details: str,
    occurred_on: dt.date,
    clauses: list[ProtocolClause],
    now: dt.datetime,
    evidence: str = "",
    related_case: Case | None = None,
    contact_kind: str = "",
    arising_from: Case | None = None,
) -> Case:
    """Open a breach report, route it, start the review clock and tell the person it is routed to.

    1. case_open routes it (the reason says who was passed over, and why);
    2. the report's detail, its clauses and its links (the enquiry it arises from, a related case);
    3. the review clock (profile.breach_review_working_days, citing that setting's clause);
    4. a notification to the person who decides.
    """
    _check_report(reporter=reporter, subject_person=subject_person, details=details, occurred_on=occurred_on,
                  now=now, clauses=clauses, council=council)
    profile = council.protocol_profile
    today = london_date(now)
    is_staff = staff_role_at(subject_person, council, today)
    with transaction.atomic():
        case, decision = case_open(
            council=council,
            kind=Case.Kind.BREACH_REPORT,
            subject=f"Protocol breach report about {subject_person}",
            received_at=now,
            now=now,
            actor=reporter,
            raised_by=reporter,
            subject_person=subject_person,
            # A report about someone's conduct is not for every officer to read.
            confidential=True,
        )
        report = BreachReport.objects.create(
            case=case,
            subject_role=BreachReport.SubjectRole.STAFF if is_staff else BreachReport.SubjectRole.COUNCILLOR,
            details=details,
            occurred_on=occurred_on,
            evidence=evidence,
            contact_kind=contact_kind,
        )
        report.clauses.set(clauses)
        if arising_from is not None:
            CaseLink.objects.create(case=case, to_case=arising_from, relation=CaseLink.Relation.ARISING_FROM,
                                    created_at=now)
        if related_case is not None and related_case != arising_from:
            CaseLink.objects.create(case=case, to_case=related_case, relation=CaseLink.Relation.RELATED, created_at=now)
        clause, anchor = source_of(profile, "breach_review_working_days")
        who = decision.office_label if decision.person else "The Chair"
        deadline_open(
            case=case,
            rule=BREACH_REVIEW_RULE,
            label=f"{who} to decide the report",
            started_on=today,
            working_days=profile.breach_review_working_days,
            now=now,
            clause=clause,
            clause_anchor=anchor,
            actor=reporter,
            profile=profile,
        )
        cited = ", ".join(c.number or c.heading for c in clauses)
        kind = f" ({BreachReport.ContactKind(contact_kind).label.lower()})" if contact_kind else ""
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{reporter} reports that {subject_person} did not comply with the protocol{kind}; "
            f"clauses cited: {cited}.",
            at=now,
            actor=reporter,
            clause=decision.clause,
            clause_anchor=decision.clause_anchor,
            data={"clauses": [c.pk for c in clauses], "contact_kind": contact_kind},
        )
        notify_people(
            recipients=[decision.person],
            case=case,
            event=event,
            subject="Protocol breach report for your decision",
            body=f"{reporter} has reported a failure to comply with the protocol. {decision.reason}",
            url=_decide_url(case),
            now=now,
        )
    return case


def _decide_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("breach-report-decide", kwargs={"slug": case.council.slug, "reference": case.reference})


def _running(case: Case, rule: str) -> list[Deadline]:
    return list(
        case.deadlines.filter(rule=rule, state__in=(*Deadline.ACTIVE_STATES, Deadline.State.PAUSED),
                              completed_at__isnull=True)
    )


def breach_report_decide(
    *,
    case: Case,
    decider: User,
    decision: str,
    reasons: str,
    now: dt.datetime,
    agreed: str = "",
    expected_version: int | None = None,
) -> BreachReport:
    """The Chair's (or stand-in's) decision, with reasons; the reporter is told the outcome.

    Refused (DomainError, HTTP 409) when the decider is not the person it is routed to, is the
    subject or the reporter, or has declared an interest; when it is already decided; when an
    informal resolution does not say what was agreed; and when the referral does not fit the
    subject (the staffing committee hears staff matters, the Monitoring Officer councillors').
    """
    decision = BreachReport.Decision(decision)
    profile = case.council.protocol_profile
    clause, anchor = source_of(profile, "breach_route")
    with transaction.atomic():
        # The row lock queues a second decision behind the first, which it then finds decided.
        report = BreachReport.objects.select_for_update().get(pk=case.pk)
        if report.is_decided:
            raise DomainError(
                f"This report was decided on {report.decided_at:%-d %B %Y}: {report.get_decision_display()}."
            )
        if case.routed_to_id != decider.pk:
            raise DomainError("Only the person this report is routed to can decide it.")
        conflict_refusal(case, decider, doing="decide this report")
        if not reasons.strip():
            raise DomainError("Give the reasons for your decision.")
        if decision == BreachReport.Decision.INFORMAL_RESOLUTION and not agreed.strip():
            raise DomainError("Say what was agreed in the informal resolution.")
        is_staff = report.subject_role == BreachReport.SubjectRole.STAFF
        if decision == BreachReport.Decision.REFER_STAFFING and not is_staff:
            raise DomainError("Only a report about a member of staff can be referred to the staffing committee.")
        if decision == BreachReport.Decision.REFER_MONITORING_OFFICER and is_staff:
            raise DomainError(
                "The Code of Conduct covers councillors: a report about a member of staff cannot be referred to "
                "the Monitoring Officer as a Code complaint. Refer it to the staffing committee instead."
            )
        case_transition(case=case, to=Case.Status.CLOSED, actor=decider, now=now, reason=decision.label,
                        expected_version=expected_version)
        report.decision, report.decision_reasons, report.agreed = decision, reasons, agreed
        report.decided_by, report.decided_at = decider, now
        report.save(update_fields=["decision", "decision_reasons", "agreed", "decided_by", "decided_at"])
        for deadline in _running(case, BREACH_REVIEW_RULE):
            deadline_complete(deadline=deadline, actor=decider, now=now)
        summary = f"Decision: {decision.label}. Reasons: {reasons}"
        if agreed:
            summary += f" Agreed: {agreed}"
        event = record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=summary,
            at=now,
            actor=decider,
            clause=clause,
            clause_anchor=anchor,
            data={"decision": decision.value, "version": case.version},
        )
        follow_up = _refer(case=case, report=report, decider=decider, decision=decision, reasons=reasons, now=now)
        body = f"{decider} has decided your report{cite_text(clause)}: {decision.label}.\n\nReasons: {reasons}"
        if agreed:
            body += f"\n\nWhat was agreed: {agreed}"
        if follow_up:
            body += f"\n\n{follow_up}"
        notify_people(
            recipients=[case.raised_by],
            case=case,
            event=event,
            subject="The outcome of your breach report",
            body=body,
            url=case_page_url(case),
            now=now,
        )
    return report


def _refer(*, case: Case, report: BreachReport, decider: User, decision: str, reasons: str, now: dt.datetime) -> str:
    """Carry out a referral; returns a sentence for the reporter (blank when there is nothing to add)."""
    if decision == BreachReport.Decision.REFER_MONITORING_OFFICER:
        from .complaints import complaint_open_from_referral

        complaint = complaint_open_from_referral(
            council=case.council,
            complainant=case.raised_by,
            subject_person=case.subject_person,
            details=f"{report.details}\n\nReferred by {decider} from protocol breach report {case.reference}: {reasons}",
            occurred_on=report.occurred_on,
            arising_from=case,
            now=now,
        )
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"Referred to the Monitoring Officer as Code of Conduct complaint {complaint.case.reference}.",
            at=now,
            actor=decider,
            data={"complaint": complaint.case_id},
        )
        return f"It has been referred to the Monitoring Officer as Code of Conduct complaint {complaint.case.reference}."
    if decision == BreachReport.Decision.REFER_STAFFING:
        committee = arrangements_for(case.council).staffing_committee
        office = f"committee_chair:{committee}"
        holding = office_holder(council=case.council, office=office, on=london_date(now))
        label = office_label(office)
        if holding.person is None or holding.person.pk == decider.pk:
            who = "nobody holds that office" if holding.person is None else "the decider holds that office"
            record_event(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                summary=f"Referred to the {committee}; {who}, so it goes to the committee's next meeting.",
                at=now,
                actor=decider,
            )
            return f"It has been referred to the {committee}."
        message_send(
            case=case,
            sender=decider,
            body=f"I have referred this protocol breach report about a member of staff to the {committee} "
            f"(you are the {label}). Reasons: {reasons}",
            to=[holding.person],
            now=now,
        )
        return f"It has been referred to the {committee}."
    if decision == BreachReport.Decision.REFER_COUNCIL:
        return "It has been referred to the Council."
    return ""


def breach_report_declare_interest(*, case: Case, user: User, reason: str, now: dt.datetime) -> Case:
    """The person a report is routed to declares an interest: it is recorded and the report re-routed."""
    if case.routed_to_id != user.pk:
        raise DomainError("Only the person this report is routed to can pass it on.")
    if not reason.strip():
        raise DomainError("Say what your interest is.")
    if hasattr(case, "breach_report") and case.breach_report.is_decided:
        raise DomainError("This report has already been decided.")
    with transaction.atomic():
        CaseConflict.objects.get_or_create(case=case, user=user, defaults={"reason": "has declared an interest in this report"})
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary=f"{user} declared an interest and cannot decide this report: {reason}",
            at=now,
            actor=user,
        )
        case_reroute(case=case, now=now, actor=user)
    return case


def contact_flag(
    *,
    enquiry: Case,
    staff: User,
    contact_kind: str,
    clause: ProtocolClause,
    details: str,
    now: dt.datetime,
    to_monitoring_officer: bool = False,
) -> Case:
    """000 4.6: report a councillor's non-compliant contact to the Council (a breach report to the
    Chair), or a suspected Code of Conduct breach to the Monitoring Officer directly. Either way the
    new case is linked to the enquiry it arose from."""
    councillor = enquiry.raised_by
    if councillor is None:
        raise DomainError("This case has no councillor to report.")
    kind_label = BreachReport.ContactKind(contact_kind).label
    if to_monitoring_officer:
        complaint = complaint_open_for_staff(enquiry=enquiry, staff=staff, details=details, kind_label=kind_label,
                                             now=now)
        return complaint.case
    return breach_report_open(
        council=enquiry.council,
        reporter=staff,
        subject_person=councillor,
        details=details,
        occurred_on=london_date(enquiry.received_at),
        clauses=[clause],
        now=now,
        contact_kind=contact_kind,
        arising_from=enquiry,
    )


def complaint_open_for_staff(*, enquiry: Case, staff: User, details: str, kind_label: str, now: dt.datetime) -> Complaint:
    from .complaints import complaint_open_from_referral

    return complaint_open_from_referral(
        council=enquiry.council,
        complainant=staff,
        subject_person=enquiry.raised_by,
        details=f"{kind_label} on {enquiry.reference}: {details}",
        occurred_on=london_date(enquiry.received_at),
        arising_from=enquiry,
        now=now,
    )
