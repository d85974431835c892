"""The Monitoring Officer's dashboard across every council they serve, on Monday 23 November 2026 at noon."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.profiles import profile_create_from_preset
from complaints.models import Complaint
from complaints.reports.dashboard import QuarterFigures, monitoring_dashboard, served_councils
from interests.models import Dispensation, RelationshipDisclosure
from tests.factories import CouncilFactory, MembershipFactory, UserFactory

from . import builders
from .conftest import at

NOW = at(2026, 11, 23, 12)


@pytest.fixture
def served(cast, profile, make_case, seed, six_enquiries):
    profile_create_from_preset(council=cast.other_council, preset="stotfold")
    alice, bob = cast.councillor, cast.other_councillor
    rows = {
        "C1": builders.complaint(make_case, council=cast.council, about=bob, received_at=at(2026, 11, 9)),
        "C2": builders.complaint(make_case, council=cast.council, about=alice, received_at=at(2026, 11, 20),
                                 stage=Complaint.Stage.ACKNOWLEDGED),
        "C3": builders.complaint(make_case, council=cast.council, about=alice, received_at=at(2026, 10, 1),
                                 stage=Complaint.Stage.CONCLUDED),
        "C4": builders.complaint(make_case, council=cast.other_council, about=None, received_at=at(2026, 11, 16)),
        "O1": builders.obligation(council=cast.council, councillor=alice, started_on=dt.date(2026, 10, 1),
                                  now=at(2026, 10, 1), key="taking-office:alice"),
        "O2": builders.obligation(council=cast.council, councillor=bob, started_on=dt.date(2026, 11, 10),
                                  now=at(2026, 11, 10), key="taking-office:bob"),
        "R1": builders.relationship(council=cast.council, discloser=alice, other=cast.officer,
                                    disclosed_at=at(2026, 11, 3)),
        "R2": builders.relationship(council=cast.council, discloser=bob, other=cast.clerk,
                                    disclosed_at=at(2026, 10, 3), status=RelationshipDisclosure.Status.ACKNOWLEDGED),
        "D1": builders.dispensation(council=cast.council, councillor=alice, now=at(2026, 11, 2)),
        "D2": builders.dispensation(council=cast.council, councillor=bob, now=at(2026, 10, 20),
                                    status=Dispensation.Status.GRANTED,
                                    granted=(dt.date(2026, 11, 1), dt.date(2026, 11, 30))),
        "B1": builders.referred_breach(seed, cast, council=cast.council, about=bob, received_at=at(2026, 10, 19),
                                       decided_at=at(2026, 11, 2, 15)),
    }
    return rows


def test_figures_for_each_council(cast, served):
    dashboard = monitoring_dashboard(councils=served_councils(user=cast.monitoring_officer, on=NOW.date()), now=NOW)
    names = [c.council.name for c in dashboard.councils]
    assert names == ["Ashford Market Town Council", "Beckby Town Council", "Northborough District Council"]
    ashford, beckby, district = dashboard.councils
    assert (ashford.complaints_open, ashford.complaints_overdue) == (2, 1)
    assert (ashford.obligations_outstanding, ashford.obligations_overdue) == (2, 1)
    assert (ashford.relationships_in_force, ashford.relationships_awaiting) == (2, 1)
    assert (ashford.dispensations_requested, ashford.dispensations_in_force, ashford.dispensations_expiring) == (1, 1, 1)
    assert ashford.enquiries == QuarterFigures(received=6, answered_within=4, late=1, open_overdue=1)
    assert ashford.enquiries.on_time_percent == 67  # the same as the compliance report's share
    assert (beckby.complaints_open, beckby.complaints_overdue) == (1, 0)  # C4 is due at the end of today
    assert beckby.enquiries.on_time_percent is None
    assert district.complaints_open == 0


def test_complaints_by_stage_with_their_next_deadline(cast, served):
    dashboard = monitoring_dashboard(councils=served_councils(user=cast.monitoring_officer, on=NOW.date()), now=NOW)
    stages = {s.stage: s for s in dashboard.stages}
    assert (stages["received"].open, stages["received"].overdue) == (2, 1)
    assert stages["received"].next_due_at.date() == dt.date(2026, 11, 16)  # C1: five working days after 9 November
    assert (stages["acknowledged"].open, stages["acknowledged"].overdue) == (1, 0)
    assert stages["investigation"].open == 0
    assert (dashboard.complaints_open, dashboard.complaints_overdue) == (3, 1)
    assert [c.case.pk for c in dashboard.soonest_complaints] == [
        served["C1"].case.pk, served["C4"].case.pk, served["C2"].case.pk
    ]


def test_overdue_registrations_and_referred_breach_reports(cast, served):
    dashboard = monitoring_dashboard(councils=served_councils(user=cast.monitoring_officer, on=NOW.date()), now=NOW)
    assert [o.pk for o in dashboard.overdue_obligations] == [served["O1"].pk]
    assert served["O1"].due_on == dt.date(2026, 10, 28)  # 28 days beginning with 1 October
    assert [b.pk for b in dashboard.referred_breaches] == [served["B1"].pk]


def test_the_dashboard_page_shows_every_section(client, cast, served):
    client.force_login(cast.monitoring_officer)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("monitoring-dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "67% <span class=\"text-body-secondary\">(4 of 6)</span>" in page
    assert served["C1"].case.reference in page and served["B1"].case.reference in page
    assert "Cllr Alice Adams" in page  # the overdue registration
    assert "28 October 2026" in page
    assert "?council=ashford-market&amp;start=2026-10-01&amp;end=2026-12-31" in page


@pytest.mark.parametrize("role", ["outsider", "councillor", "clerk", "officer", "chair", "vice_chair"])
def test_nobody_but_the_monitoring_officer_gets_the_dashboard(client, cast, role):
    client.force_login(cast.by_role()[role])
    assert client.get(reverse("monitoring-dashboard")).status_code == 404


def test_the_deputy_monitoring_officer_gets_it_too(client, cast):
    client.force_login(cast.deputy_monitoring_officer)
    assert client.get(reverse("monitoring-dashboard")).status_code == 200


def _grow(cast, make_case, seed, n):
    """n more town councils served by the district, each with a complaint, an enquiry and a register."""
    for i in range(n):
        council = CouncilFactory(name=f"Growing Parish Council {i}", slug=f"growing-{i}", principal_council=cast.district)
        profile_create_from_preset(council=council, preset="kettering")
        cllr = UserFactory(email=f"grow{i}@example.org", full_name=f"Cllr Grow {i}")
        MembershipFactory(user=cllr, council=council, group="Green")
        builders.complaint(make_case, council=council, about=cllr, received_at=at(2026, 11, 2))
        seed.reply(seed.case(at(2026, 10, 5), by=cllr, council=council), at(2026, 10, 6))
        builders.obligation(council=council, councillor=cllr, started_on=dt.date(2026, 9, 1), now=at(2026, 9, 1),
                            key=f"taking-office:{i}")
        builders.relationship(council=council, discloser=cllr, other=cast.officer, disclosed_at=at(2026, 11, 1))
        builders.dispensation(council=council, councillor=cllr, now=at(2026, 11, 2))
        builders.referred_breach(seed, cast, council=council, about=cllr, received_at=at(2026, 10, 12),
                                 decided_at=at(2026, 10, 20))


def test_the_dashboard_costs_twelve_queries_whatever_the_number_of_councils(
    client, cast, make_case, seed, served, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(cast.monitoring_officer)
    with time_machine.travel(NOW, tick=False):
        with django_assert_max_num_queries(12):
            client.get(reverse("monitoring-dashboard"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("monitoring-dashboard"))
        print(f"mo dashboard: {len(few.captured_queries)} queries")
        _grow(cast, make_case, seed, 4)
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(reverse("monitoring-dashboard"))
    assert response.content.decode().count('data-testid="council-row"') == 7
