import datetime as dt

import pytest
import time_machine

from casework.calendar import LONDON
from casework.models import Case, CaseEvent
from casework.services.cases import case_transition

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(case, action=""):
    return f"/councils/{case.council.slug}/cases/{case.reference}/{action}"


def test_clerk_sees_the_timeline_the_clock_and_why_this_date(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    response = client.get(url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "due Wednesday 2 December 2026" in html
    assert "Saturday 28 November 2026 — Saturday" in html
    assert "Why this date: 7 working days after Monday 23 November 2026 (day zero), skipping 2 non-working days." in html
    assert 'href="/councils/ashford-market/protocol#c-4-4"' in html
    assert "Routed to Carol Clerk" in html
    assert "The Clerk and officers of Ashford Market Town Council" in html


@pytest.mark.parametrize("who", ["outsider", "other_clerk", "other_councillor"])
def test_people_with_no_business_get_404(client, cast, make_case, who):
    case = make_case(received_at=NOW)
    client.force_login(getattr(cast, who))
    assert client.get(url(case)).status_code == 404


def test_the_councillor_who_raised_it_can_see_it_but_not_act(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.councillor)
    assert client.get(url(case)).status_code == 200
    response = client.post(url(case, "status"), {"version": case.version, "to": "closed"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_anonymous_is_sent_to_sign_in(client, cast, make_case):
    case = make_case(received_at=NOW)
    response = client.get(url(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_confidential_case_is_hidden_from_the_clerk_and_records_views(client, cast, make_case):
    complaint = make_case(received_at=NOW, kind=Case.Kind.COMPLAINT, working_days=None, subject_person=cast.other_councillor)
    client.force_login(cast.clerk)
    assert client.get(url(complaint)).status_code == 404
    client.force_login(cast.monitoring_officer)
    assert client.get(url(complaint)).status_code == 200
    assert complaint.events.filter(kind=CaseEvent.Kind.VIEWED, actor=cast.monitoring_officer).count() == 1


def test_clerk_assigns_to_an_officer(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    response = client.post(url(case, "assign"), {"version": case.version, "assignee": cast.officer.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == cast.officer


def test_a_move_not_allowed_is_409_with_a_clear_message_and_changes_nothing(client, cast, make_case):
    case = make_case(received_at=NOW)
    case_transition(case=case, to=Case.Status.WITHDRAWN, actor=cast.clerk, now=NOW)
    case.refresh_from_db()
    events = case.events.count()
    client.force_login(cast.clerk)
    response = client.post(url(case, "status"), {"version": case.version, "to": "open"})
    assert response.status_code == 409
    assert "A case that is withdrawn cannot become open." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.WITHDRAWN
    assert case.events.count() == events


def test_two_people_at_once_one_wins_the_other_keeps_what_they_typed(client, cast, make_case):
    case = make_case(received_at=NOW)
    seen = case.version
    client.force_login(cast.clerk)
    assert client.post(url(case, "assign"), {"version": seen, "assignee": cast.officer.pk}).status_code == 302
    response = client.post(url(case, "status"), {"version": seen, "to": "closed", "reason": "Answered by phone on Friday"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case while you were working on it" in html
    assert "Assigned to Oscar Officer" in html
    assert "Answered by phone on Friday" in html  # what they typed is still in the form
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_pause_needs_a_reason_and_then_stops_the_clock(client, cast, make_case):
    case = make_case(received_at=NOW)
    deadline = case.deadlines.get()
    client.force_login(cast.clerk)
    response = client.post(url(case, "clock"), {"version": case.version, "deadline": deadline.pk, "action": "pause"})
    assert response.status_code == 400
    assert "Say why the clock is paused" in response.content.decode()
    response = client.post(
        url(case, "clock"),
        {"version": case.version, "deadline": deadline.pk, "action": "pause", "reason": "Awaiting the councillor"},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.state == "paused"


def test_a_message_shows_every_recipient_and_who_was_copied_in(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    response = client.post(
        url(case, "message"),
        {"version": case.version, "to": [cast.councillor.pk], "cc": [cast.other_councillor.pk], "body": "The road is booked for repair."},
    )
    assert response.status_code == 302
    client.force_login(cast.councillor)
    html = client.get(url(case)).content.decode()
    assert "Copied to Cllr Bob Brown" in html
    assert "Carol Clerk wrote to Cllr Alice Adams; copied to Cllr Bob Brown" in html
    # The councillor copied in can now see the case too.
    client.force_login(cast.other_councillor)
    assert client.get(url(case)).status_code == 200


def test_case_page_query_count_is_fixed(client, cast, make_case, django_assert_max_num_queries):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    client.get(url(case))
    for _ in range(5):
        client.post(url(case, "message"), {"version": case.version, "to": [cast.councillor.pk], "body": "More."})
    with django_assert_max_num_queries(25):
        assert client.get(url(case)).status_code == 200


def test_a_case_with_a_running_clock_cannot_be_closed_by_hand(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    page = client.get(url(case)).content.decode()
    assert '<option value="closed"' not in page
    response = client.post(url(case, "status"), {"version": case.version, "to": "closed"})
    assert response.status_code == 409
    assert "“Reply to the councillor” is still running" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_withdrawing_a_case_stops_its_clocks(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    response = client.post(url(case, "status"), {"version": case.version, "to": "withdrawn", "reason": "Raised in error"})
    assert response.status_code == 302
    deadline = case.deadlines.get()
    assert (deadline.state, deadline.next_check_at) == ("cancelled", None)
    case.refresh_from_db()
    assert case.due_at is None


def test_a_refused_message_keeps_who_was_ticked_and_links_the_error(client, cast, make_case):
    case = make_case(received_at=NOW)
    client.force_login(cast.clerk)
    response = client.post(url(case, "message"), {"version": case.version, "to": [cast.councillor.pk], "body": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_to_{cast.councillor.pk}" checked' in html
    assert 'aria-describedby="id_body_error"' in html
    assert 'id="id_body_error">This field is required.' in html
