"""The Monitoring Officer works a Code of Conduct complaint through its stages, each with its clock.

Dates: received Monday 23 November 2026 (day zero).
- acknowledge: 5 working days → Monday 30 November;
- acknowledged Wednesday 25 November → initial assessment 20 working days → Wednesday 23 December;
- assessed Monday 14 December → both parties told within 5 working days → Monday 21 December;
- told Friday 18 December → a review may be asked for within 20 working days → Wednesday 20 January 2027
  (25 and 28 December and 1 January are bank holidays);
- asked for a review Monday 4 January 2027 → decided within 20 working days → Monday 1 February 2027.
"""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from casework.models import CaseEvent, Deadline, DomainError, Notification
from complaints.models import Complaint, ComplaintArrangements, DecisionNotice
from complaints.services import complaints as svc
from tests.complaints.conftest import NOW, at

pytestmark = pytest.mark.django_db

D = dt.date


def _deadline(complaint, rule) -> Deadline:
    return complaint.case.deadlines.get(rule=rule)


def _told_and_consulted(complaint, cast, *, when=None):
    when = when or at(25)
    svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=when)
    svc.complaint_subject_tell(complaint=complaint, actor=cast.monitoring_officer, now=when,
                               summary="It is alleged that you shouted at a resident.")
    svc.complaint_ip_view_record(complaint=complaint, actor=cast.monitoring_officer, now=when,
                                 independent_person=cast.independent_person, consulted_on=when.date(),
                                 views="A breach is unlikely.")


def test_each_stage_clock_has_its_exact_date(cast, complain):
    complaint = complain(now=NOW)
    ack = _deadline(complaint, svc.ACKNOWLEDGE_RULE)
    assert (ack.due_on, ack.working_days) == (D(2026, 11, 30), 5)

    _told_and_consulted(complaint, cast, when=at(25))
    ack.refresh_from_db()
    assert ack.state == Deadline.State.MET
    assessment = _deadline(complaint, svc.ASSESSMENT_RULE)
    assert (assessment.started_on, assessment.due_on) == (D(2026, 11, 25), D(2026, 12, 23))

    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action",
                         reasons="No breach of the Code.", now=at(14, 12))
    assessment.refresh_from_db()
    assert assessment.state == Deadline.State.MET
    outcome = _deadline(complaint, svc.OUTCOME_RULE)
    assert outcome.due_on == D(2026, 12, 21)

    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(18, 12))
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.CONCLUDED
    assert complaint.case.status == "closed"
    assert complaint.review_open_until == D(2027, 1, 20)

    svc.complaint_review_request(complaint=complaint, reasons="The witness was not asked.", now=at(4, 1, 2027))
    review = _deadline(complaint, svc.REVIEW_RULE)
    assert review.due_on == D(2027, 2, 1)
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.REVIEW and complaint.case.status == "open"


def test_every_stage_is_an_event_citing_the_clause_that_sends_complaints_to_the_mo(cast, complain):
    complaint = complain(now=NOW)
    _told_and_consulted(complaint, cast)
    notes = complaint.case.events.filter(kind=CaseEvent.Kind.NOTE)
    assert notes.count() == 4  # made, acknowledged, councillor told, Independent Person consulted
    assert {(n.clause, n.clause_anchor) for n in notes} == {("4.6", "c-4-6")}


def test_the_arrangements_of_the_principal_council_set_the_clocks(cast, complain):
    ComplaintArrangements.objects.create(council=cast.district, acknowledge_working_days=3)
    complaint = complain(now=NOW)
    assert _deadline(complaint, svc.ACKNOWLEDGE_RULE).due_on == D(2026, 11, 26)


def test_assessment_needs_the_councillor_told_and_the_independent_person_consulted(cast, complain):
    complaint = complain()
    svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=at(24))
    with pytest.raises(DomainError, match="Tell the councillor"):
        svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="x",
                             now=at(25))
    svc.complaint_subject_tell(complaint=complaint, actor=cast.monitoring_officer, summary="s", now=at(25))
    with pytest.raises(DomainError, match="Independent Person"):
        svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="x",
                             now=at(25))
    svc.complaint_ip_view_record(complaint=complaint, actor=cast.monitoring_officer, name="Irene Independent",
                                 consulted_on=D(2026, 11, 25), views="Agree.", now=at(25))
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="x",
                         now=at(25))
    assert Complaint.objects.get(pk=complaint.pk).stage == Complaint.Stage.ASSESSED


def test_stages_cannot_be_skipped_or_repeated(cast, complain):
    complaint = complain()
    with pytest.raises(DomainError, match="received — to acknowledge cannot be assessed"):
        svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="x",
                             now=at(24))
    with pytest.raises(DomainError, match="no assessment whose outcome is waiting"):
        svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(24))
    with pytest.raises(DomainError, match="Acknowledge the complaint before telling"):
        svc.complaint_subject_tell(complaint=complaint, actor=cast.monitoring_officer, summary="s", now=at(24))
    svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=at(24))
    with pytest.raises(DomainError, match="cannot become acknowledged"):
        svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=at(24))


def test_informal_resolution_records_what_was_agreed_and_both_parties_are_told(
    cast, complain, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = complain()
    _told_and_consulted(complaint, cast)
    with pytest.raises(DomainError, match="what was agreed"):
        svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="informal_resolution",
                             reasons="x", now=at(26))
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="informal_resolution",
                         reasons="An apology is proportionate.", agreed="A written apology by 4 December.", now=at(26))
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    [email] = [m for m in mailoutbox if m.to == ["pat@example.com"]]
    assert "Informal resolution" in email.body and "A written apology by 4 December." in email.body
    assert "review" not in email.body  # only "no action" can be reviewed
    subject_note = Notification.objects.filter(recipient=cast.councillor).order_by("pk").last()
    assert "Informal resolution" in subject_note.body and "A written apology" in subject_note.body


def test_investigation_then_hearing_then_the_finding(cast, complain):
    complaint = complain()
    _told_and_consulted(complaint, cast)
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="investigation",
                         reasons="Disputed facts.", now=at(26))
    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    investigation = _deadline(complaint, svc.INVESTIGATION_RULE)
    # 90 days beginning with Friday 27 November 2026 (the start day is day one).
    assert (investigation.calendar_days, investigation.due_on) == (90, D(2027, 2, 24))
    svc.complaint_investigation_report(complaint=complaint, actor=cast.monitoring_officer,
                                       report="The councillor did shout.", hearing_on=D(2027, 3, 10), now=at(1, 2, 2027))
    hearing = _deadline(complaint, svc.HEARING_RULE)
    assert hearing.due_on == D(2027, 3, 10)
    with pytest.raises(DomainError, match="sanction"):
        svc.complaint_hearing_decide(complaint=complaint, actor=cast.monitoring_officer, finding="no_breach",
                                     reasons="x", sanction="Training", now=at(10, 3, 2027))
    svc.complaint_hearing_decide(complaint=complaint, actor=cast.monitoring_officer, finding="breach",
                                 reasons="The Code was breached.", sanction="Training on respect.", now=at(10, 3, 2027))
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.finding, complaint.case.status) == ("concluded", "breach", "closed")
    assert _deadline(complaint, svc.HEARING_RULE).state == Deadline.State.MET


def test_an_investigation_finding_no_breach_concludes_without_a_hearing(cast, complain):
    complaint = complain()
    _told_and_consulted(complaint, cast)
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="investigation", reasons="x",
                         now=at(26))
    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    svc.complaint_investigation_report(complaint=complaint, actor=cast.monitoring_officer, report="No evidence.",
                                       now=at(20, 1, 2027))
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.finding) == ("concluded", "no_breach")


def test_referral_to_the_police_concludes_the_complaint(cast, complain):
    complaint = complain()
    _told_and_consulted(complaint, cast)
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="police",
                         reasons="A failure to register a DPI is an offence (s.34).", now=at(26))
    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    complaint.refresh_from_db()
    assert complaint.stage == "concluded" and complaint.review_open_until is None
    assert not svc.review_open(complaint, now=at(30))


# --- review of a "no action" decision ------------------------------------------------------


def _no_action(complaint, cast):
    _told_and_consulted(complaint, cast)
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="Minor.",
                         now=at(14, 12))
    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(18, 12))
    complaint.refresh_from_db()
    return complaint


def test_review_only_within_the_window(cast, complain):
    complaint = _no_action(complain(), cast)
    with pytest.raises(DomainError, match="had to be asked for by 20 January 2027"):
        svc.complaint_review_request(complaint=complaint, reasons="Late.", now=at(21, 1, 2027))


def test_review_upholding_no_action_concludes_again(cast, complain):
    complaint = _no_action(complain(), cast)
    svc.complaint_review_request(complaint=complaint, reasons="The witness was not asked.", now=at(4, 1, 2027))
    with pytest.raises(DomainError, match="was asked for on 4 January 2027"):
        svc.complaint_review_request(complaint=complaint, reasons="Again.", now=at(5, 1, 2027))
    svc.complaint_review_decide(complaint=complaint, actor=cast.deputy_monitoring_officer, decision="no_action",
                                reasons="The witness was asked; nothing changes.", now=at(11, 1, 2027))
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.case.status) == ("concluded", "closed")
    assert _deadline(complaint, svc.REVIEW_RULE).state == Deadline.State.MET


def test_review_changing_the_decision_restarts_the_outcome_clock(cast, complain):
    complaint = _no_action(complain(), cast)
    svc.complaint_review_request(complaint=complaint, reasons="New evidence.", now=at(4, 1, 2027))
    svc.complaint_review_decide(complaint=complaint, actor=cast.monitoring_officer, decision="investigation",
                                reasons="The new evidence needs investigating.", now=at(11, 1, 2027))
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.decision) == ("assessed", "investigation")
    outcome = complaint.case.deadlines.filter(rule=svc.OUTCOME_RULE).order_by("-created_at").first()
    assert outcome.due_on == D(2027, 1, 18)


def test_review_request_page_by_the_link_in_the_email(client, cast, complain, frozen):
    complaint = _no_action(complain(), cast)
    frozen.move_to(at(4, 1, 2027))
    url = reverse("complaint-review-request", args=[complaint.access_token])
    page = client.get(url)
    assert "by 20 January 2027" in page.content.decode()
    empty = client.post(url, {"reasons": " "})
    assert empty.status_code == 400
    assert "Say why the decision should be reviewed." in empty.content.decode()
    response = client.post(url, {"reasons": "The witness was not asked."}, follow=True)
    assert "has been sent to the Monitoring Officer" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.stage == "review"
    assert client.get(reverse("complaint-review-request", args=["not-a-uuid"])).status_code == 404
    assert client.get(reverse("complaint-review-request", args=[uuid.uuid4()])).status_code == 404


# --- decision notices ------------------------------------------------------------------


def test_decision_notice_is_published_only_after_both_parties_are_told_and_never_names_the_complainant(
    client, cast, complain
):
    complaint = complain(name="Pat Public")
    _told_and_consulted(complaint, cast)
    svc.complaint_assess(complaint=complaint, actor=cast.monitoring_officer, decision="no_action", reasons="Minor.",
                         now=at(26))
    svc.decision_notice_write(complaint=complaint, actor=cast.monitoring_officer,
                              summary="No further action on a complaint about Cllr Alice Adams.", now=at(26))
    with pytest.raises(DomainError, match="Tell both parties the outcome before publishing"):
        svc.decision_notice_publish(complaint=complaint, actor=cast.monitoring_officer, now=at(26))
    list_url = reverse("decision-notices", args=["ashford-market"])
    notice_url = reverse("decision-notice", args=["ashford-market", complaint.case.reference])
    assert client.get(notice_url).status_code == 404  # not yet published
    svc.complaint_outcome_send(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    svc.decision_notice_publish(complaint=complaint, actor=cast.monitoring_officer, now=at(27))
    with pytest.raises(DomainError, match="published on 27 November 2026 and cannot change"):
        svc.decision_notice_write(complaint=complaint, actor=cast.monitoring_officer, summary="Changed", now=at(28))
    page = client.get(notice_url).content.decode()
    assert "No further action on a complaint about Cllr Alice Adams." in page
    assert "Pat Public" not in page and "pat@example.com" not in page
    assert complaint.case.reference in client.get(list_url).content.decode()
    # Not at another council.
    assert client.get(reverse("decision-notice", args=["beckby", complaint.case.reference])).status_code == 404


def test_decision_notices_list_is_one_query_however_many(client, cast, complain, django_assert_max_num_queries):
    def publish(n):
        c = complain(email=f"p{n}@example.com", subject=cast.councillor if n % 2 else cast.other_councillor)
        _told_and_consulted(c, cast)
        svc.complaint_assess(complaint=c, actor=cast.monitoring_officer, decision="no_action", reasons="x", now=at(26))
        svc.complaint_outcome_send(complaint=c, actor=cast.monitoring_officer, now=at(27))
        svc.decision_notice_write(complaint=c, actor=cast.monitoring_officer, summary=f"Notice {n}", now=at(27))
        svc.decision_notice_publish(complaint=c, actor=cast.monitoring_officer, now=at(27))

    url = reverse("decision-notices", args=["ashford-market"])
    publish(0)
    with django_assert_max_num_queries(3) as few:
        client.get(url)
    for n in range(1, 3):
        publish(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert DecisionNotice.objects.count() == 3 and html.count("published 27 November 2026") == 3


# --- conflicts -------------------------------------------------------------------------


def test_a_complaint_raised_by_the_monitoring_officer_goes_to_the_deputy_and_the_mo_cannot_work_it(cast, profile):
    complaint, _ = svc.complaint_submit(
        council=cast.council, subject_person=cast.councillor, complainant_kind="officer",
        name=cast.monitoring_officer.full_name, email=cast.monitoring_officer.email, details="Bullied an officer.",
        token=uuid.uuid4(), now=NOW, user=cast.monitoring_officer,
    )
    assert complaint.case.routed_to == cast.deputy_monitoring_officer
    with pytest.raises(DomainError, match="Monica Monitoring raised this code of conduct complaint, so cannot"):
        svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=at(24))
    svc.complaint_acknowledge(complaint=complaint, actor=cast.deputy_monitoring_officer, now=at(24))
