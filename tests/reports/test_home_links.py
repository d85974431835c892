"""Each person who may read the compliance report finds it from their home page; nobody else is offered it."""

import time_machine
from django.urls import reverse

from .conftest import at

NOW = at(2026, 11, 23, 12)


def home(client, user, slug="ashford-market"):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("council-home", args=[slug]), follow=True).content.decode()


def test_the_clerk_and_the_chairs_are_linked_to_their_councils_report(client, cast, profile):
    for user in (cast.clerk, cast.chair, cast.vice_chair):
        page = home(client, user)
        assert f'{reverse("compliance-report")}?council=ashford-market' in page, user


def test_councillors_and_officers_are_not_offered_the_report(client, cast, profile):
    for user in (cast.councillor, cast.officer):
        assert reverse("compliance-report") not in home(client, user), user


def test_the_monitoring_officer_home_has_the_quarter_panel(client, cast, profile, six_enquiries):
    client.force_login(cast.monitoring_officer)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("monitoring-home")).content.decode()
    assert 'data-testid="compliance-panel"' in page
    assert page.count('data-testid="compliance-panel-row"') == 3  # Ashford Market, Beckby and the district
    assert "67% <span class=\"text-body-secondary\">(4 of 6)</span>" in page
    assert f'{reverse("compliance-report")}?council=ashford-market&amp;start=2026-10-01&amp;end=2026-12-31' in page
    assert reverse("monitoring-dashboard") in page
