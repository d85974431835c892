"""The pages for breach reports: reporting one, the Chair's queue and decision page, flagging contact."""

import re

import pytest
from django.urls import reverse

from casework.models import Case, CaseConflict, CaseLink
from complaints.models import BreachReport, Complaint
from tests.complaints.conftest import NOW, at, clause

pytestmark = pytest.mark.django_db

NEW = reverse("breach-report-new", args=["ashford-market"])


@pytest.fixture(autouse=True)
def _frozen(frozen):
    yield


def _data(cast, profile, **overrides):
    data = {
        "subject_person": str(cast.other_councillor.pk),
        "details": "Told an officer to rewrite the planning report.",
        "occurred_on": "2026-11-20",
        "clauses": [str(clause(profile, "10.1").pk), str(clause(profile, "10.2").pk)],
        "evidence": "Two witnesses.",
        "related_case": "",
    }
    data.update(overrides)
    return data


def test_a_councillor_reports_a_breach_and_sees_where_it_went(client, cast, profile, make_case):
    enquiry = make_case(received_at=at(20), now=at(20))
    client.force_login(cast.councillor)
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert "10.1 " in html and cast.clerk.full_name in html and cast.councillor.full_name not in html.split(
        'name="subject_person"')[1].split("</select>")[0]
    response = client.post(NEW, _data(cast, profile, related_case=enquiry.reference.lower()), follow=True)
    case = Case.objects.get(kind="breach_report")
    assert response.redirect_chain[-1][0] == reverse("case-detail", args=["ashford-market", case.reference])
    html = response.content.decode()
    assert f"Your report {case.reference} has been sent. It is with Cllr Charlotte Chair to decide." in html
    assert "the protocol sends a protocol breach report to the Chair" in html
    panel = re.search(r'data-testid="complaints-panel">(.*?)</section>', html, re.S).group(1)
    assert "Cllr Bob Brown (councillor)" in panel and "Told an officer to rewrite" in panel
    assert 'href="/councils/ashford-market/protocol#c-10-1"' in panel
    assert CaseLink.objects.filter(case=case, to_case=enquiry, relation="related").exists()


def test_bad_input_is_explained_next_to_each_field_and_kept(client, cast, profile):
    client.force_login(cast.councillor)
    response = client.post(NEW, _data(cast, profile, subject_person="", details=" ", occurred_on="2026-11-30",
                                      clauses=[], related_case="ENQ-2099-9999", evidence="Kept evidence"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["subject_person"] == ["Choose who did not comply with the protocol."]
    assert errors["details"] == ["Say what happened."]
    assert errors["occurred_on"] == ["The date cannot be in the future."]
    assert errors["clauses"] == ["Choose at least one clause of the protocol."]
    assert errors["related_case"] == ["There is no case ENQ-2099-9999 that you can see at this council."]
    assert "Kept evidence" in response.content.decode()
    assert not Case.objects.filter(kind="breach_report").exists()


def test_script_in_a_report_is_shown_as_text(client, cast, profile):
    client.force_login(cast.councillor)
    client.post(NEW, _data(cast, profile, details="<script>alert(1)</script>"))
    case = Case.objects.get(kind="breach_report")
    client.force_login(cast.chair)
    html = client.get(reverse("breach-report-decide", args=["ashford-market", case.reference])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_chairs_page_lists_reports_by_due_date_linking_to_the_decision_page(
    client, cast, report, django_assert_max_num_queries
):
    later = report(now=NOW)
    sooner = report(now=at(16), subject=cast.councillor, occurred_on=at(13).date())
    client.force_login(cast.chair)
    html = client.get("/councils/ashford-market/").content.decode()
    queue = re.search(r'data-testid="breach-queue">(.*?)</table>', html, re.S).group(1)
    assert queue.index(sooner.reference) < queue.index(later.reference)
    assert reverse("breach-report-decide", args=["ashford-market", sooner.reference]) in queue
    assert "30 November 2026" in queue and "7 December 2026" in queue
    with django_assert_max_num_queries(30) as few:
        client.get("/councils/ashford-market/")
    for n in range(6):
        report(now=NOW, details=f"Report {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/councils/ashford-market/").content.decode()
    assert html.count("breach-report-decide") == 0 and html.count("/decide") == 8


def test_the_chair_decides_on_the_decision_page(client, cast, report):
    case = report()
    url = reverse("breach-report-decide", args=["ashford-market", case.reference])
    client.force_login(cast.chair)
    page = client.get(url)
    html = page.content.decode()
    assert "Decide by" in html and "Monday 7 December 2026" in html
    assert "the protocol sends a protocol breach report to the Chair — protocol 18.1" in html
    # A report about a councillor cannot go to the staffing committee: not offered.
    choices = [c[0] for c in page.context["form"].fields["decision"].choices]
    assert "refer_staffing" not in choices and "refer_mo" in choices
    bad = client.post(url, {"version": case.version, "decision": "informal_resolution", "reasons": "Sorted.",
                            "agreed": ""})
    assert bad.status_code == 400
    assert "Say what was agreed in the informal resolution." in bad.content.decode()
    assert "Sorted." in bad.content.decode()
    ok = client.post(url, {"version": case.version, "decision": "informal_resolution", "reasons": "Sorted.",
                           "agreed": "An apology."}, follow=True)
    assert "Decision recorded: Informal resolution. Oscar Officer has been told." in ok.content.decode()
    assert 'data-testid="breach-decision"' in ok.content.decode()
    again = client.post(url, {"version": case.version + 1, "decision": "no_further_action", "reasons": "x"})
    assert again.status_code == 409 and "was decided on 23 November 2026" in again.content.decode()


def test_a_conflicted_chair_is_told_and_refused_with_409(client, cast, report):
    case = report()
    CaseConflict.objects.create(case=case, user=cast.chair, reason="has declared an interest in this case")
    url = reverse("breach-report-decide", args=["ashford-market", case.reference])
    client.force_login(cast.chair)
    assert 'data-testid="conflicted"' in client.get(url).content.decode()
    response = client.post(url, {"version": case.version, "decision": "no_further_action", "reasons": "Fine."})
    assert response.status_code == 409
    assert "has declared an interest in this case, so cannot decide this report" in response.content.decode()
    assert "Fine." in response.content.decode()
    assert not BreachReport.objects.get(pk=case.pk).decision


def test_declaring_an_interest_passes_the_report_on(client, cast, report):
    case = report()
    client.force_login(cast.chair)
    url = reverse("breach-report-interest", args=["ashford-market", case.reference])
    assert client.post(url, {"interest": " "}).status_code == 400
    response = client.post(url, {"interest": "He is my brother-in-law."}, follow=True)
    assert f"{case.reference} has passed to Cllr Victor Vice" in response.content.decode()
    assert client.get(reverse("breach-report-decide", args=["ashford-market", case.reference])).status_code == 404
    client.force_login(cast.vice_chair)
    page = client.get(reverse("breach-report-decide", args=["ashford-market", case.reference])).content.decode()
    assert "Vice-Chair: the Chair has declared an interest in this report" in page


def test_nobody_reviews_a_report_they_are_the_subject_or_reporter_of(client, cast, report):
    about_chair = report(subject=cast.chair)
    by_chair = report(reporter=cast.chair)
    client.force_login(cast.chair)
    for case in (about_chair, by_chair):
        assert client.get(reverse("breach-report-decide", args=["ashford-market", case.reference])).status_code == 404
    # The subject cannot even open the report about them.
    assert client.get(reverse("case-detail", args=["ashford-market", about_chair.reference])).status_code == 404


# --- non-compliant contact (000 4.6) -----------------------------------------------------


def test_staff_flag_contact_as_a_breach_report_to_the_chair_linked_to_the_enquiry(client, cast, profile, make_case):
    enquiry = make_case(received_at=at(20), now=at(20))
    url = reverse("contact-flag", args=["ashford-market", enquiry.reference])
    client.force_login(cast.clerk)
    page = client.get(url)
    assert page.context["form"].initial["clause"] == clause(profile, "4.6")
    bad = client.post(url, {"contact_kind": "", "clause": clause(profile, "4.6").pk, "details": "Rang me at 11pm.",
                            "send_to": "chair"})
    assert bad.status_code == 400 and "Rang me at 11pm." in bad.content.decode()
    response = client.post(url, {"contact_kind": "out_of_hours", "clause": clause(profile, "4.6").pk,
                                 "details": "Rang me at 11pm.", "send_to": "chair"}, follow=True)
    case = Case.objects.get(kind="breach_report")
    assert (case.raised_by, case.subject_person, case.routed_to) == (cast.clerk, cast.councillor, cast.chair)
    assert case.breach_report.contact_kind == "out_of_hours"
    assert CaseLink.objects.filter(case=case, to_case=enquiry, relation="arising_from").exists()
    html = response.content.decode()
    assert f"linked to {enquiry.reference}" in html and f"Arises from <a href=\"/councils/ashford-market/cases/{enquiry.reference}/\"" in html


def test_staff_report_a_suspected_code_breach_to_the_monitoring_officer_directly(client, cast, profile, make_case):
    enquiry = make_case(received_at=at(20), now=at(20))
    client.force_login(cast.clerk)
    client.post(reverse("contact-flag", args=["ashford-market", enquiry.reference]),
                {"contact_kind": "pressure", "clause": clause(profile, "4.6").pk, "details": "Threatened my job.",
                 "send_to": "monitoring_officer"})
    complaint = Complaint.objects.get()
    assert complaint.case.routed_to == cast.monitoring_officer
    assert (complaint.complainant_user, complaint.case.subject_person) == (cast.clerk, cast.councillor)
    assert "Pressure on an officer on ENQ-2026-0001: Threatened my job." == complaint.details
    assert CaseLink.objects.filter(case=complaint.case, to_case=enquiry, relation="arising_from").exists()
    assert not Case.objects.filter(kind="breach_report").exists()


def test_only_staff_working_the_enquiry_may_flag_it(client, cast, profile, make_case):
    enquiry = make_case(received_at=at(20), now=at(20))
    url = reverse("contact-flag", args=["ashford-market", enquiry.reference])
    for person in (cast.officer, cast.councillor, cast.chair, cast.outsider, cast.other_clerk):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    from casework.services.cases import case_assign

    case_assign(case=enquiry, assignee=cast.officer, actor=cast.clerk, now=at(21))
    client.force_login(cast.officer)
    assert client.get(url).status_code == 200
