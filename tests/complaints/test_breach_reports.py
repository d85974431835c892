"""Protocol breach reports (000 18.1/18.2): routed to the Chair or the Vice-Chair, with the reason shown;
reviewed within the profile's days; decided with reasons; the reporter told; undecided reports escalate."""

import datetime as dt

import pytest
from django.db import transaction

from casework.models import Case, CaseConflict, CaseEvent, CaseLink, Deadline, DomainError, Notification
from casework.services.escalation import sweep
from complaints.models import BreachReport, Complaint
from complaints.services.breaches import breach_report_decide, breach_report_declare_interest
from tests.complaints.conftest import NOW, at
from tests.factories import AbsenceFactory, MembershipFactory, OfficeTermFactory, UserFactory

pytestmark = pytest.mark.django_db


def _routed(case: Case) -> str:
    return case.events.get(kind=CaseEvent.Kind.ROUTED).summary


# --- routing and each fallback reason ------------------------------------------------------


def test_report_goes_to_the_chair_citing_18_1(cast, report):
    case = report()
    assert (case.routed_office, case.routed_to) == ("chair", cast.chair)
    assert case.confidential
    assert "the protocol sends a protocol breach report to the Chair — protocol 18.1" in _routed(case)


def test_report_goes_to_the_vice_chair_when_the_chair_is_absent(cast, report):
    AbsenceFactory(user=cast.chair, starts_on=dt.date(2026, 11, 20), ends_on=dt.date(2026, 11, 27))
    case = report()
    assert case.routed_to == cast.vice_chair
    assert "Vice-Chair: the Chair is absent until 27 November 2026 — protocol 18.1" in _routed(case)


def test_report_about_the_chair_goes_to_the_vice_chair(cast, report):
    case = report(subject=cast.chair)
    assert case.routed_to == cast.vice_chair
    assert "the Chair is the subject of this protocol breach report" in _routed(case)


def test_report_by_the_chair_goes_to_the_vice_chair(cast, report):
    case = report(reporter=cast.chair)
    assert case.routed_to == cast.vice_chair
    assert "the Chair raised this protocol breach report" in _routed(case)


def test_chair_who_declares_an_interest_passes_it_to_the_vice_chair(cast, report):
    case = report()
    breach_report_declare_interest(case=case, user=cast.chair, reason="The councillor is my neighbour.", now=at(24))
    case.refresh_from_db()
    assert case.routed_to == cast.vice_chair
    assert CaseConflict.objects.filter(case=case, user=cast.chair).exists()
    last = case.events.filter(kind=CaseEvent.Kind.ROUTED).last()
    assert "the Chair has declared an interest in this report" in last.summary
    assert Notification.objects.filter(case=case, recipient=cast.vice_chair).exists()


def test_nobody_left_to_decide_says_why(cast, report):
    case = report(reporter=cast.chair, subject=cast.vice_chair)
    assert case.routed_to is None
    assert "Nobody can take this case" in _routed(case)
    assert "the Chair raised this protocol breach report" in _routed(case)
    assert "the Vice-Chair is the subject of this protocol breach report" in _routed(case)


# --- the review clock ------------------------------------------------------------------


def test_review_clock_is_the_profile_days_with_its_source_clause(cast, profile, report):
    case = report(now=NOW)
    deadline = case.deadlines.get(rule="breach_review")
    # Kettering model: 10 working days from Monday 23 November 2026 (day zero).
    assert profile.breach_review_working_days == 10
    assert deadline.due_on == dt.date(2026, 12, 7)
    source = profile.source("breach_review_working_days")
    assert (deadline.clause, deadline.clause_anchor) == (source.get("clause", ""), source.get("anchor", ""))
    assert deadline.label == "Chair to decide the report"


def test_review_clock_skips_christmas_and_the_closure(cast, profile, report):
    from tests.factories import ClosureDayFactory

    ClosureDayFactory(council=cast.council, date=dt.date(2026, 12, 29))
    case = report(now=at(21, 12))
    # From Mon 21 Dec: 22, 23, 24 December, (25 and 28 bank holidays, 29 closure) 30, 31 December,
    # (1 January bank holiday) 4, 5, 6, 7, 8 January — the tenth working day.
    assert case.deadlines.get(rule="breach_review").due_on == dt.date(2027, 1, 8)


def test_undecided_report_escalates_up_the_ladder_to_the_monitoring_officer(cast, report):
    case = report(now=NOW)
    # Two working days before (Thu 3 Dec): the reminder; after Mon 7 Dec: overdue; five working days
    # later (Mon 14 Dec): escalated.
    for day in (3, 8, 14):
        sweep(now=at(day, 12))
    steps = list(case.events.filter(kind=CaseEvent.Kind.ESCALATED).values_list("data", flat=True))
    assert [s["step"] for s in steps] == ["reminder", "overdue", "chair"]
    # The Chair's own office is deciding, so the oversight goes to the Monitoring Officer.
    assert steps[-1]["to"] == cast.monitoring_officer.pk
    assert case.deadlines.get(rule="breach_review").state == Deadline.State.MISSED
    sweep(now=at(15, 12))
    assert case.events.filter(kind=CaseEvent.Kind.ESCALATED).count() == 3


# --- the decision ----------------------------------------------------------------------


def test_chair_decides_informal_resolution_and_the_reporter_is_told(cast, report):
    case = report(now=NOW)
    breach_report_decide(
        case=case,
        decider=cast.chair,
        decision="informal_resolution",
        reasons="A first lapse, acknowledged at once.",
        agreed="Cllr Brown will go through the Clerk in future.",
        now=at(26),
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    r = case.breach_report
    assert (r.decision, r.decided_by, r.agreed) == ("informal_resolution", cast.chair, "Cllr Brown will go through the Clerk in future.")
    deadline = case.deadlines.get(rule="breach_review")
    assert deadline.state == Deadline.State.MET and deadline.completed_at == at(26)
    note = case.events.filter(kind=CaseEvent.Kind.NOTE, data__decision="informal_resolution").get()
    assert note.clause == "18.1" and note.clause_anchor == "c-18-1"
    told = Notification.objects.get(case=case, recipient=cast.officer, subject__contains="outcome")
    assert "Informal resolution" in told.body and "A first lapse" in told.body and "through the Clerk" in told.body


def test_reasons_are_required(cast, report):
    case = report()
    with pytest.raises(DomainError, match="reasons"):
        breach_report_decide(case=case, decider=cast.chair, decision="no_further_action", reasons="  ", now=at(24))
    assert not BreachReport.objects.get(pk=case.pk).decision


def test_informal_resolution_must_say_what_was_agreed(cast, report):
    case = report()
    with pytest.raises(DomainError, match="what was agreed"):
        breach_report_decide(case=case, decider=cast.chair, decision="informal_resolution", reasons="x", now=at(24))


def test_staffing_committee_only_when_the_subject_is_staff(cast, report):
    about_councillor = report()
    with pytest.raises(DomainError, match="member of staff"):
        breach_report_decide(case=about_councillor, decider=cast.chair, decision="refer_staffing", reasons="x",
                             now=at(24))
    about_officer = report(reporter=cast.councillor, subject=cast.officer)
    assert about_officer.breach_report.subject_role == BreachReport.SubjectRole.STAFF
    with pytest.raises(DomainError, match="Code of Conduct covers councillors"):
        breach_report_decide(case=about_officer, decider=cast.chair, decision="refer_mo", reasons="x", now=at(24))
    breach_report_decide(case=about_officer, decider=cast.chair, decision="refer_staffing", reasons="Personnel.",
                         now=at(24))
    note = about_officer.events.filter(kind=CaseEvent.Kind.NOTE).last()
    assert "Staffing Committee" in note.summary and "nobody holds that office" in note.summary


def test_referral_to_the_staffing_committee_writes_to_its_chair(cast, report):
    committee_chair = UserFactory(email="staffing@example.org", full_name="Cllr Sam Staffing")
    MembershipFactory(user=committee_chair, council=cast.council)
    OfficeTermFactory(council=cast.council, office="committee_chair", committee="Staffing Committee",
                      holder=committee_chair)
    case = report(reporter=cast.councillor, subject=cast.officer)
    breach_report_decide(case=case, decider=cast.chair, decision="refer_staffing", reasons="Personnel.", now=at(24))
    message = case.messages.get()
    assert [r.user for r in message.recipients.all()] == [committee_chair]
    assert Notification.objects.filter(case=case, recipient=committee_chair).exists()


def test_referral_to_the_monitoring_officer_opens_a_linked_code_complaint(cast, report):
    case = report(now=NOW)
    breach_report_decide(case=case, decider=cast.chair, decision="refer_mo", reasons="Possible Code breach.",
                         now=at(24))
    complaint = Complaint.objects.get()
    assert complaint.case.kind == Case.Kind.COMPLAINT
    assert (complaint.case.subject_person, complaint.case.raised_by) == (cast.other_councillor, cast.officer)
    assert complaint.complainant_kind == Complaint.ComplainantKind.OFFICER
    assert complaint.case.routed_to == cast.monitoring_officer
    assert CaseLink.objects.filter(case=complaint.case, to_case=case, relation="arising_from").exists()
    told = Notification.objects.get(case=case, recipient=cast.officer, subject__contains="outcome")
    assert complaint.case.reference in told.body


def test_decision_by_someone_conflicted_is_refused(cast, report):
    case = report()
    CaseConflict.objects.create(case=case, user=cast.chair, reason="has declared an interest in this case")
    with pytest.raises(DomainError, match="Cllr Charlotte Chair has declared an interest in this case, so cannot decide"):
        breach_report_decide(case=case, decider=cast.chair, decision="no_further_action", reasons="x", now=at(24))
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and not case.breach_report.decision


def test_only_the_person_it_is_routed_to_decides(cast, report):
    case = report()
    with pytest.raises(DomainError, match="routed to"):
        breach_report_decide(case=case, decider=cast.vice_chair, decision="no_further_action", reasons="x",
                             now=at(24))


def test_a_report_is_decided_once(cast, report):
    case = report()
    breach_report_decide(case=case, decider=cast.chair, decision="no_further_action", reasons="x", now=at(24))
    with pytest.raises(DomainError, match="was decided on 24 November 2026"):
        breach_report_decide(case=case, decider=cast.chair, decision="refer_council", reasons="y", now=at(25))


def test_a_stale_decision_form_is_refused(cast, report):
    from casework.services.cases import StaleCase

    case = report()
    seen = case.version
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(version=seen + 1)
    with pytest.raises(StaleCase):
        breach_report_decide(case=case, decider=cast.chair, decision="no_further_action", reasons="x", now=at(24),
                             expected_version=seen)
    assert not BreachReport.objects.get(pk=case.pk).decision


def test_reporting_yourself_or_a_future_date_is_refused(cast, report):
    with pytest.raises(DomainError, match="cannot report yourself"):
        report(reporter=cast.officer, subject=cast.officer)
    with pytest.raises(DomainError, match="future"):
        report(occurred_on=dt.date(2026, 11, 24))
    assert not Case.objects.filter(kind=Case.Kind.BREACH_REPORT).exists()
