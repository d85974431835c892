"""Queues: the Clerk and officers see requests by due date; the Chair sees referrals awaiting a decision;
the councillor sees their requests and the decision on each. Each page costs the same however many rows."""

import datetime as dt

import pytest
import time_machine

from casework.calendar import LONDON
from casework.services import information as svc
from tests.information.conftest import THU

pytestmark = pytest.mark.django_db

HOME = "/councils/ashford-market/"
GIVEN = "/councils/ashford-market/information/given"
NOW = dt.datetime(2026, 11, 9, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _section(html, heading):
    start = html.index(heading)
    return html[start: html.index("</section>", start)]


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_staff_see_information_requests_soonest_due_first_with_their_stage(client, cast, open_request, determine, who):
    later = open_request(at=dt.datetime(2026, 11, 6, 10, tzinfo=LONDON), subject="Allotment rents")
    sooner = open_request(at=dt.datetime(2026, 11, 2, 10, tzinfo=LONDON), subject="Tender scores")
    paused = open_request(at=dt.datetime(2026, 11, 2, 11, tzinfo=LONDON), subject="Legal advice")
    determine(paused, at=THU)
    client.force_login(getattr(cast, who))
    html = _section(client.get(HOME).content.decode(), "Information requests</h2>")
    assert html.index(sooner.reference) < html.index(later.reference) < html.index(paused.reference)
    assert "Awaiting determination" in html
    assert "Referred to the Chair" in html
    assert "Clock paused" in html
    assert "11 November 2026" in html  # Tender scores, due Wed 11 Nov


def test_the_chair_sees_referrals_awaiting_their_decision(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.chair)
    html = _section(client.get(HOME).content.decode(), "Referrals awaiting your decision")
    assert referral.reference in html
    assert "12 November 2026" in html
    client.force_login(cast.vice_chair)
    html = _section(client.get(HOME).content.decode(), "Referrals awaiting your decision")
    assert referral.reference not in html


def test_the_councillor_sees_their_requests_and_the_decisions(client, cast, open_request, referred, released):
    pending = open_request(subject="Play area reports")
    request, referral = referred()
    svc.referral_decide(referral=referral, decider=cast.chair, decision="refuse", reasons="Confidential", now=NOW)
    given = released()
    theirs = open_request(councillor=cast.other_councillor, subject="Someone else's request")
    client.force_login(cast.councillor)
    html = _section(client.get(HOME).content.decode(), "Your information requests")
    assert f"{pending.reference}</a>: Play area reports — <span data-testid=\"request-outcome\">Awaiting determination" in html
    assert f"{request.reference}</a>: Tender scores for the grounds contract — <span data-testid=\"request-outcome\">Refused" in html
    assert f"{given.reference}</a>: Tender scores for the grounds contract — <span data-testid=\"request-outcome\">Released" in html
    assert theirs.reference not in html


@pytest.mark.parametrize("who", ["clerk", "officer", "councillor", "chair"])
def test_home_pages_cost_the_same_however_many_requests(
    client, cast, open_request, determine, who, django_assert_max_num_queries
):
    user = getattr(cast, who)
    client.force_login(user)
    for n in range(2):
        case = open_request(subject=f"Request {n}")
        determine(case, at=NOW)
    with django_assert_max_num_queries(16) as few:
        assert client.get(HOME).status_code == 200
    for n in range(15):
        case = open_request(subject=f"More {n}", councillor=cast.councillor if n % 2 else cast.other_councillor)
        if n % 3 == 0:
            determine(case, at=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200


def test_the_list_of_information_given_costs_the_same_however_many_rows(
    client, cast, released, django_assert_max_num_queries
):
    released()
    client.force_login(cast.other_councillor)
    with django_assert_max_num_queries(10) as few:
        assert client.get(GIVEN).status_code == 200
    for _ in range(8):
        case = released()
        svc.copy_request_open(release=case.information_request.release, councillor=cast.other_councillor, now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(GIVEN).content.decode()
    assert html.count("Waiting for the officer") == 8


def test_the_request_page_costs_the_same_however_many_copies_are_asked_for(
    client, cast, released, django_assert_max_num_queries
):
    from accounts.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    case = released()
    release = case.information_request.release
    client.force_login(cast.clerk)
    page = f"/councils/ashford-market/cases/{case.reference}/"
    with django_assert_max_num_queries(25) as few:
        assert client.get(page).status_code == 200
    for n in range(6):
        member = UserFactory(email=f"member{n}@example.org", full_name=f"Cllr Member {n}")
        MembershipFactory(user=member, council=cast.council, role=Membership.Role.COUNCILLOR)
        svc.copy_request_open(release=release, councillor=member, now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(page).content.decode()
    assert html.count("Waiting for the officer") == 6


def test_the_referral_page_stays_within_a_fixed_number_of_queries(client, cast, referred, django_assert_max_num_queries):
    _, referral = referred()
    client.force_login(cast.chair)
    with django_assert_max_num_queries(25):
        assert client.get(f"/councils/ashford-market/cases/{referral.reference}/").status_code == 200
