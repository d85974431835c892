import datetime as dt

import pytest
import time_machine

from casework.calendar import LONDON
from casework.models import Case, Notification
from casework.services.cases import case_assign

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_clerk_queue_lists_open_enquiries_soonest_due_first_with_overdue_flag(client, cast, make_case):
    later = make_case(received_at=NOW, subject="Bins not collected")
    overdue = make_case(received_at=dt.datetime(2026, 11, 2, 10, tzinfo=LONDON), subject="Broken streetlight")
    client.force_login(cast.clerk)
    html = client.get("/councils/ashford-market/").content.decode()
    assert html.index(overdue.reference) < html.index(later.reference)
    row = html[html.index(overdue.reference): html.index(later.reference)]
    assert "Overdue" in row
    assert "Unassigned" in row


def test_failed_deliveries_are_visible_to_the_clerk(client, cast, make_case):
    case = make_case(received_at=NOW)
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
    Notification.objects.filter(recipient=cast.officer).update(
        delivery="failed", attempts=5, last_error="SMTPRecipientsRefused: mailbox full"
    )
    client.force_login(cast.clerk)
    html = client.get("/councils/ashford-market/").content.decode()
    assert "mailbox full" in html
    assert "officer@example.org" in html


def test_officer_sees_what_is_assigned_to_them(client, cast, make_case):
    case = make_case(received_at=NOW, subject="Allotment waiting list")
    make_case(received_at=NOW, subject="Not theirs")
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
    client.force_login(cast.officer)
    html = client.get("/councils/ashford-market/").content.decode()
    assert "Allotment waiting list" in html
    assert "Not theirs" not in html


def test_councillor_sees_their_own_enquiries_only(client, cast, make_case):
    make_case(received_at=NOW, subject="Mine")
    make_case(received_at=NOW, subject="Someone else's", raised_by=cast.other_councillor)
    client.force_login(cast.councillor)
    html = client.get("/councils/ashford-market/").content.decode()
    assert "Mine" in html
    assert "Someone else&#x27;s" not in html and "Someone else's" not in html


def test_chair_sees_breach_reports_routed_to_them(client, cast, make_case):
    make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.officer, subject="Pressure on an officer", working_days=10)
    client.force_login(cast.chair)
    html = client.get("/councils/ashford-market/").content.decode()
    assert "Pressure on an officer" in html


@pytest.mark.parametrize("who", ["clerk", "officer", "councillor", "chair"])
def test_home_pages_run_a_fixed_number_of_queries(client, cast, make_case, who, django_assert_max_num_queries):
    user = getattr(cast, who)
    client.force_login(user)
    for n in range(3):
        make_case(received_at=NOW, subject=f"Case {n}")
    # 13: a councillor's page (the Chair's too) includes the register of interests panel, one query.
    with django_assert_max_num_queries(13) as few:
        client.get("/councils/ashford-market/")
    for n in range(20):
        case = make_case(received_at=NOW, subject=f"More {n}")
        case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/councils/ashford-market/").status_code == 200
