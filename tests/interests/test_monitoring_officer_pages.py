"""The Monitoring Officer's view of the register across every council they serve, and the councillor's home panel."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Membership
from casework.profiles import profile_create_from_preset
from interests.models import RegisterSettings
from interests.services.dispensations import dispensation_decide, dispensation_request
from interests.services.gifts import gift_register
from interests.services.obligations import obligations_open_due
from interests.services.relationships import relationship_disclose
from tests.factories import MembershipFactory, UserFactory
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 6, 10, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def busy(cast, profile, keep):
    """Something of every kind waiting for the MO, at both town councils."""
    profile_create_from_preset(council=cast.other_council, preset="stotfold")
    for council in (cast.council, cast.other_council):
        RegisterSettings.objects.create(council=council, obligations_from=dt.date(2026, 1, 1))
    late = UserFactory(full_name="Cllr Lena Late")
    MembershipFactory(user=late, council=cast.council, starts_on=dt.date(2026, 5, 1))  # due 28 May: overdue
    fresh = UserFactory(full_name="Cllr Fred Fresh")
    MembershipFactory(user=fresh, council=cast.other_council, starts_on=dt.date(2026, 6, 8))  # due 5 July
    obligations_open_due(now=NOW)
    version = keep.draft(NOW)
    keep.add(version, NOW)
    keep.submit(version, NOW)  # awaiting review
    gift_register(council=cast.council, councillor=cast.councillor, now=NOW, token=uuid.uuid4(), giver="Rotary",
                  description="Ball tickets", received_on=dt.date(2026, 4, 1), value=Decimal("120.00"),
                  value_is_estimate=False, reason="Charity ball", outcome="accepted")  # due 28 April: 43 days late
    expiring = dispensation_request(council=cast.council, councillor=cast.chair, now=NOW, token=uuid.uuid4(),
                                    business="Allotment rents", grounds="inhabitants", statement="I rent one",
                                    requested_from=dt.date(2026, 6, 1), requested_until=dt.date(2026, 7, 31))
    dispensation_decide(dispensation=expiring, decider=cast.monitoring_officer, now=NOW, grant=True,
                        reasons="Most members rent one", granted_from=dt.date(2026, 6, 1),
                        granted_until=dt.date(2026, 7, 31))
    dispensation_request(council=cast.council, councillor=cast.vice_chair, now=NOW, token=uuid.uuid4(),
                         business="The precept", grounds="quorum", statement="Quorum",
                         requested_from=dt.date(2026, 7, 1), requested_until=dt.date(2027, 6, 30))
    relationship_disclose(council=cast.other_council, discloser=cast.other_clerk, other_person=fresh,
                          nature="family", details="My brother", began_on=None, now=NOW)
    return {"late": late, "fresh": fresh}


def test_the_monitoring_officer_sees_everything_waiting_across_their_councils(client, cast, busy):
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("register-monitoring")).content.decode()
    assert "Cllr Lena Late" in html and "Overdue" in html
    assert "Cllr Fred Fresh" in html and "5 July 2026" in html
    assert "Cllr Alice Adams, version 1" in html
    assert "Ball tickets" in html and "43 days late" in html
    assert "ends 31 July 2026" in html
    assert "The precept" not in html  # the request is listed by reference, not its business
    assert "Beryl Beckby" in html  # the disclosure to acknowledge, at the other council


def test_the_monitoring_officers_page_has_a_register_panel_with_counts_per_council(client, cast, busy):
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("monitoring-home")).content.decode()
    assert 'data-testid="register-panel"' in html
    rows = html.split('data-testid="register-panel-row"')[1:]
    ashford = next(r for r in rows if "Ashford Market Town Council" in r)
    # outstanding 1 (Lena, overdue), awaiting 1, late gifts 1, expiring 1, requests 1, disclosures 0
    cells = [c.split("</td>")[0] for c in ashford.split("<td>")[1:9]]
    assert cells[0] == "1" and "1 overdue" in cells[1]
    assert cells[2:7] == ["1", "1", "1", "1", "0"]


def test_nothing_waiting_says_so(client, cast, profile):
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("monitoring-home")).content.decode()
    assert "Nothing in the register of interests needs your attention." in html


def test_the_register_pages_for_the_mo_run_a_fixed_number_of_queries(
    client, cast, busy, django_assert_max_num_queries
):
    client.force_login(cast.monitoring_officer)

    def count(url):
        with django_assert_max_num_queries(20) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    urls = [reverse("register-monitoring"), reverse("register-overview", args=[cast.council.slug]),
            reverse("monitoring-home")]
    before = [count(u) for u in urls]
    for n in range(12):
        user = UserFactory(full_name=f"Cllr New {n}")
        MembershipFactory(user=user, council=cast.council, role=Membership.Role.COUNCILLOR,
                          starts_on=dt.date(2026, 6, 1))
        gift_register(council=cast.council, councillor=user, now=NOW, token=uuid.uuid4(), giver="Rotary",
                      description="Dinner", received_on=dt.date(2026, 6, 9), value=Decimal("60.00"),
                      value_is_estimate=False, reason="Guest", outcome="accepted")
    obligations_open_due(now=NOW)
    assert [count(u) for u in urls] == before


@pytest.mark.parametrize("who", ["councillor", "clerk", "chair", "outsider", "independent_person"])
def test_only_a_monitoring_officer_has_the_cross_council_page(client, cast, profile, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("register-monitoring")).status_code == 404


def test_the_monitoring_officer_sets_the_annual_review_date(client, cast, profile):
    client.force_login(cast.monitoring_officer)
    url = reverse("register-settings", args=[cast.council.slug])
    response = client.post(url, {"annual_review_day": "29", "annual_review_month": "2",
                                 "dispensation_max_years": "4"})
    assert response.status_code == 400
    assert "29 February is not one" in response.content.decode()
    response = client.post(url, {"annual_review_day": "1", "annual_review_month": "5",
                                 "dispensation_max_years": "4"})
    assert response.status_code == 302
    assert RegisterSettings.objects.get(council=cast.council).annual_review_label == "1 May"


# --- the councillor's home page ----------------------------------------------------------------


def test_the_councillors_home_shows_their_register_and_the_28_day_clock(client, cast, profile):
    RegisterSettings.objects.create(council=cast.council, obligations_from=dt.date(2026, 1, 1))
    new = UserFactory(full_name="Cllr Nadia New")
    MembershipFactory(user=new, council=cast.council, starts_on=dt.date(2026, 6, 1))
    obligations_open_due(now=NOW)
    client.force_login(new)
    html = client.get(reverse("council-home", args=[cast.council.slug])).content.decode()
    assert "Registration on taking office: due by the end of 28 June 2026" in html
    assert reverse("register-mine", args=[cast.council.slug]) in html


def test_a_councillor_with_no_register_sees_the_empty_state(client, cast, profile):
    client.force_login(cast.councillor)
    html = client.get(reverse("council-home", args=[cast.council.slug])).content.decode()
    assert 'data-testid="empty-register"' in html


def test_the_councillors_home_panel_is_one_query_whatever_the_register_holds(
    cast, keep, django_assert_max_num_queries
):
    from interests.templatetags.interests_tags import councillor_register_panel

    with django_assert_max_num_queries(1):
        assert councillor_register_panel(cast.council, cast.councillor)["register"] is None
    version = keep.publish(NOW)
    for n in range(5):
        keep.add(keep.draft(NOW), NOW, name=f"Body {n}", aware_on=NOW.date())
    with django_assert_max_num_queries(1):
        context = councillor_register_panel(cast.council, cast.councillor)
    register = context["register"]
    assert register.entry_count == 1 and register.draft_number == 2 and register.latest_number == 2
    assert register.open_count == 1 and register.next_reason == "change" and version.number == 1


def test_the_home_panel_says_when_the_register_was_returned(client, cast, keep):
    from interests.services.registers import version_return

    version = keep.draft(NOW)
    keep.submit(version, NOW)
    version_return(version=version, reviewer=cast.monitoring_officer, now=NOW, comments="Dates, please")
    client.force_login(cast.councillor)
    html = client.get(reverse("council-home", args=[cast.council.slug])).content.decode()
    assert "Version 1 was returned with comments" in html
