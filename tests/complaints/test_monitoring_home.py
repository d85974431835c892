"""The Monitoring Officer's page: complaints by stage across every council they serve, due and overdue,
with the Independent Person's views recorded — in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from casework.profiles import profile_create_from_preset
from complaints.services import complaints as svc
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db

URL = reverse("monitoring-home")


@pytest.fixture
def both_councils(cast, profile):
    profile_create_from_preset(council=cast.other_council, preset="stotfold")
    from tests.factories import MembershipFactory, UserFactory

    councillor = UserFactory(email="cllr@beckby.example.org", full_name="Cllr Bea Beckby")
    MembershipFactory(user=councillor, council=cast.other_council)
    return councillor


def _stage_table(html, stage):
    match = re.search(rf'data-testid="complaints-{stage}">(.*?)</table>', html, re.S)
    return match.group(1) if match else ""


def test_complaints_by_stage_across_councils_with_due_overdue_and_the_ip(client, cast, complain, both_councils, frozen):
    received_late = complain(now=at(9), email="a@example.com")  # acknowledgement was due 16 November
    at_beckby = complain(council=cast.other_council, subject=both_councils, now=at(20), email="b@example.com")
    assessing = complain(now=at(20), email="c@example.com")
    mo = cast.monitoring_officer
    svc.complaint_acknowledge(complaint=assessing, actor=mo, now=at(20))
    svc.complaint_ip_view_record(complaint=assessing, actor=mo, independent_person=cast.independent_person,
                                 consulted_on=at(20).date(), views="Seems minor.", now=at(20))
    client.force_login(mo)
    html = client.get(URL).content.decode()
    received = _stage_table(html, "received")
    # Each council numbers its own complaints: both are COC-2026-0001, told apart by council and councillor.
    assert received_late.case.reference == at_beckby.case.reference == "COC-2026-0001"
    assert "/councils/ashford-market/complaints/COC-2026-0001/" in received
    assert "/councils/beckby/complaints/COC-2026-0001/" in received
    assert received.index("Cllr Alice Adams") < received.index("Cllr Bea Beckby")  # the overdue one first
    late_row = received.split("Ashford Market Town Council")[1].split("</tr>")[0]
    assert "16 November 2026" in late_row and "Overdue" in late_row and "Not yet consulted" in late_row
    acknowledged = _stage_table(html, "acknowledged")
    assert assessing.case.reference in acknowledged
    assert "Views recorded (20 November 2026)" in acknowledged
    assert "3 open, " in html and "1 overdue" in html
    assert html.index("Received — to acknowledge") < html.index("Acknowledged — initial assessment")


def test_concluded_complaints_leave_the_page(client, cast, complain, frozen):
    complaint = complain(now=at(20))
    mo = cast.monitoring_officer
    svc.complaint_acknowledge(complaint=complaint, actor=mo, now=at(20))
    svc.complaint_subject_tell(complaint=complaint, actor=mo, summary="s", now=at(20))
    svc.complaint_ip_view_record(complaint=complaint, actor=mo, name="Irene", consulted_on=at(20).date(), views="v",
                                 now=at(20))
    svc.complaint_assess(complaint=complaint, actor=mo, decision="no_action", reasons="x", now=at(20))
    svc.complaint_outcome_send(complaint=complaint, actor=mo, now=at(20))
    client.force_login(mo)
    html = client.get(URL).content.decode()
    assert complaint.case.reference not in html and 'data-testid="empty-complaints"' in html


def test_the_page_runs_a_fixed_number_of_queries_as_complaints_grow(
    client, cast, complain, both_councils, frozen, django_assert_max_num_queries
):
    complain(now=at(20), email="first@example.com")
    client.force_login(cast.monitoring_officer)
    with django_assert_max_num_queries(9) as few:
        client.get(URL)
    for n in range(12):
        c = complain(now=at(20), email=f"p{n}@example.com",
                     **({"council": cast.other_council, "subject": both_councils} if n % 2 else {}))
        if n % 3 == 0:
            svc.complaint_acknowledge(complaint=c, actor=cast.monitoring_officer, now=at(20))
            svc.complaint_ip_view_record(complaint=c, actor=cast.monitoring_officer, name="Irene",
                                         consulted_on=at(20).date(), views="v", now=at(20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(URL).content.decode()
    assert html.count('data-testid="complaint-row"') == 13


def test_the_deputy_sees_the_same_complaints_and_others_do_not(client, cast, complain, frozen):
    complaint = complain(now=at(20))
    client.force_login(cast.deputy_monitoring_officer)
    assert complaint.case.reference in client.get(URL).content.decode()
    for person in (cast.clerk, cast.chair, cast.councillor, cast.outsider, cast.independent_person):
        client.force_login(person)
        assert client.get(URL).status_code == 404
        assert client.get(reverse("complaints-export")).status_code == 404


def test_the_mo_works_a_complaint_from_the_page(client, cast, complain, frozen):
    complaint = complain(now=at(20))
    url = reverse("complaint-work", args=["ashford-market", complaint.case.reference])
    client.force_login(cast.monitoring_officer)
    page = client.get(url).content.decode()
    assert 'data-testid="action-acknowledge"' in page and 'data-testid="action-assess"' not in page
    done = client.post(reverse("complaint-acknowledge", args=["ashford-market", complaint.case.reference]),
                       {"acknowledge-stage": "received"}, follow=True)
    assert "The complaint is acknowledged." in done.content.decode()
    # The same click again (the page showed "received"): caught, nothing applied.
    again = client.post(reverse("complaint-acknowledge", args=["ashford-market", complaint.case.reference]),
                        {"acknowledge-stage": "received"})
    assert again.status_code == 409 and "has moved on since the page was loaded" in again.content.decode()
    # Assessing before telling the councillor and consulting the IP: refused, what was typed kept.
    refused = client.post(reverse("complaint-assess", args=["ashford-market", complaint.case.reference]),
                          {"assess-stage": "acknowledged", "assess-decision": "no_action",
                           "assess-reasons": "Nothing in it."})
    assert refused.status_code == 409
    assert "Tell the councillor about the complaint before the initial assessment." in refused.content.decode()
    assert "Nothing in it." in refused.content.decode()
    bad_ip = client.post(reverse("complaint-ip", args=["ashford-market", complaint.case.reference]),
                         {"ip-stage": "acknowledged", "ip-consulted_on": "2026-12-25", "ip-views": "Fine."})
    assert bad_ip.status_code == 400
    assert "The date cannot be in the future." in bad_ip.content.decode()
    assert "Choose the Independent Person, or give their name." in bad_ip.content.decode()
