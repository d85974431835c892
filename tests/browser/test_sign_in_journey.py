"""First journey: each person signs in, lands on the home page for what they do, and reads the protocol.

Every page visited is scanned with axe-core (WCAG 2.2 A/AA).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.profiles import profile_create_from_preset
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

COUNCIL = "Ashford Market Town Council"

# role in the cast -> (home page h1, role label in the header on a council page)
HOMES = {
    "clerk": (f"Clerk — {COUNCIL}", "Clerk"),
    "officer": (f"Officer — {COUNCIL}", "Officer"),
    "councillor": (f"Councillor — {COUNCIL}", "Councillor"),
    "chair": (f"Chair — {COUNCIL}", "Chair, Councillor"),
    "vice_chair": (f"Vice-Chair — {COUNCIL}", "Vice-Chair, Councillor"),
    "monitoring_officer": ("Monitoring Officer", "Monitoring Officer"),
}


@pytest.fixture
def council_with_protocol(cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    return cast


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_signs_in_lands_home_and_reads_clause_4_4(page, live_server, council_with_protocol, role):
    cast = council_with_protocol
    user = cast.by_role()[role]
    heading, role_label = HOMES[role]

    page.goto(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    sign_in(page, live_server, user)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_test_id("whoami")).to_contain_text(user.full_name)
    if role == "monitoring_officer":
        # The Monitoring Officer works from the dashboard across the councils they serve.
        assert page.url == live_server.url + reverse("monitoring-home")
        expect(page.get_by_role("main")).to_contain_text(COUNCIL)
    else:
        assert page.url == live_server.url + reverse("council-home", args=[cast.council.slug])
        expect(page.get_by_test_id("role")).to_have_text(role_label)
    assert_accessible(page)

    page.goto(live_server.url + reverse("protocol", args=[cast.council.slug]) + "#c-4-4")
    expect(page.get_by_test_id("role")).to_have_text(role_label)
    clause = page.locator("#c-4-4")
    expect(clause).to_be_visible()
    expect(clause).to_contain_text("4.4")
    expect(clause).to_contain_text("seven working days")
    assert_accessible(page)


def test_outsider_signs_in_and_sees_no_council(page, live_server, council_with_protocol):
    cast = council_with_protocol
    sign_in(page, live_server, cast.outsider)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your councils")
    main = page.get_by_role("main")
    expect(main).to_contain_text("no role at any council")
    expect(main.get_by_role("link")).to_have_count(0)
    expect(page.get_by_test_id("role")).to_have_count(0)
    assert COUNCIL not in page.content()
    assert_accessible(page)

    # Not even the protocol page of a council they have no role at.
    response = page.goto(live_server.url + reverse("protocol", args=[cast.council.slug]))
    assert response.status == 404
    assert COUNCIL not in page.content()


def test_wrong_password_shows_a_clear_error(page, live_server, cast):
    login_url = live_server.url + reverse("login")
    sign_in_page = page.goto(login_url)
    assert sign_in_page.status == 200

    page.get_by_label("Email address").fill(cast.clerk.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_load_state("load")
    assert page.url.startswith(login_url)
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).to_contain_text("correct email address and password")
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    # The address typed is kept; the password is not.
    expect(page.get_by_label("Email address")).to_have_value(cast.clerk.email)
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)
