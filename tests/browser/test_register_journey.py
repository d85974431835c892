"""The register journey: a new councillor registers their interests within the 28 days, the Monitoring
Officer returns the register with comments, the councillor corrects it, the Monitoring Officer accepts
it, and the public register — with no sign-in — shows it, a sensitive interest withheld.

Every page visited is scanned with axe-core (WCAG 2.2 A/AA), error pages included.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from casework.profiles import profile_create_from_preset
from interests.models import RegisterSettings, RegisterVersion
from interests.services.obligations import obligations_open_due
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

SECRET = "Flat 2, 17 Quarry Road"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _switch_to(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user)
    assert_accessible(page)


def test_new_councillor_registers_mo_returns_councillor_corrects_mo_accepts_public_register_shows_it(
    page, live_server, cast
):
    profile_create_from_preset(council=cast.council, preset="kettering")
    today = timezone.localdate()
    RegisterSettings.objects.create(council=cast.council, obligations_from=today - dt.timedelta(days=30))
    nadia = UserFactory(email="nadia@example.org", full_name="Cllr Nadia New")
    MembershipFactory(user=nadia, council=cast.council, role=Membership.Role.COUNCILLOR, ward="South",
                      starts_on=today - dt.timedelta(days=3))
    assert obligations_open_due(now=timezone.now()) == 1
    due = today + dt.timedelta(days=24)  # day one was three days ago: 28 days beginning with it

    # 1. The new councillor sees the 28-day clock on their home page and starts their register.
    sign_in(page, live_server, nadia)
    expect(page.get_by_test_id("home-obligation")).to_contain_text(f"due by the end of {_day(due)}")
    assert_accessible(page)
    page.get_by_role("link", name="Your register of interests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your register of interests")
    expect(page.get_by_test_id("obligation")).to_contain_text(_day(due))
    assert_accessible(page)
    page.get_by_role("button", name="Start your register").click()
    expect(page.get_by_test_id("draft")).to_contain_text("Draft: version 1")
    assert_accessible(page)

    # 2. An end date before the start date is caught, with the error linked and nothing lost.
    page.get_by_role("link", name="Add an interest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an interest")
    assert_accessible(page)
    page.get_by_label("Category").select_option(label="Employment, office, trade, profession or vocation")
    page.get_by_label("Employer, body, company or address of the land").fill("Hartley & Sons Surveyors")
    page.get_by_label("Details", exact=True).fill("Surveyor")
    page.get_by_label("Start date").fill("2019-09-01")
    page.get_by_label("End date").fill("2019-08-01")
    page.get_by_role("button", name="Add to the draft").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("The end date cannot be before the start date.")
    expect(page.get_by_label("Employer, body, company or address of the land")).to_have_value("Hartley & Sons Surveyors")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("End date")).to_be_focused()
    page.get_by_label("End date").fill("")
    page.get_by_role("button", name="Add to the draft").click()
    expect(page.get_by_test_id("draft-entry")).to_have_count(1)
    assert_accessible(page)

    # 3. A sensitive interest: the details are to be withheld from the public register.
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Category").select_option(label="Land in the council's area")
    page.get_by_label("Employer, body, company or address of the land").fill(SECRET)
    page.get_by_label("Ask for the details to be withheld").check()
    page.get_by_label("Why the details should be withheld").fill("A former constituent has threatened me.")
    page.get_by_role("button", name="Add to the draft").click()
    expect(page.get_by_test_id("draft-entry")).to_have_count(2)
    page.get_by_role("button", name="Submit to the Monitoring Officer").click()
    expect(page.get_by_test_id("under-review")).to_contain_text("Version 1 is with the Monitoring Officer")
    expect(page.get_by_test_id("obligation")).to_contain_text("Registered on time")
    assert_accessible(page)

    # 4. The Monitoring Officer reviews it from their page and returns it with comments.
    _switch_to(page, live_server, cast.monitoring_officer)
    expect(page.get_by_test_id("register-panel")).to_contain_text("Ashford Market Town Council")
    page.get_by_role("link", name="Every item, across all your councils").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register of interests")
    assert_accessible(page)
    page.get_by_test_id("awaiting-review").get_by_role("link", name="Cllr Nadia New, version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 of Cllr Nadia New's register")
    expect(page.get_by_test_id("version-entries")).to_contain_text(SECRET)  # the MO sees the details
    assert_accessible(page)
    page.get_by_role("button", name="Return with comments").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("Say what the councillor needs to correct.")
    assert_accessible(page)
    page.get_by_label("Agree: publish only that an interest exists").check()
    page.get_by_label("Comments to the councillor").fill("Please give your job title at Hartley & Sons.")
    page.get_by_role("button", name="Return with comments").click()
    expect(page.get_by_role("status").first).to_contain_text("returned to Cllr Nadia New")
    assert_accessible(page)

    # 5. The councillor reads the comments and corrects the register in a new version.
    _switch_to(page, live_server, nadia)
    page.get_by_role("link", name="Your register of interests").click()
    expect(page.get_by_test_id("returned")).to_contain_text("Please give your job title at Hartley & Sons.")
    assert_accessible(page)
    page.get_by_role("button", name="Correct version 1").click()
    expect(page.get_by_test_id("draft")).to_contain_text("Draft: version 2")
    page.get_by_role("link", name="Change Hartley & Sons Surveyors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change an interest")
    expect(page.get_by_label("Details", exact=True)).to_have_value("Surveyor")
    assert_accessible(page)
    page.get_by_label("Details", exact=True).fill("Chartered surveyor (MRICS), salaried")
    page.get_by_role("button", name="Save the change").click()
    page.get_by_role("button", name="Submit to the Monitoring Officer").click()
    expect(page.get_by_test_id("under-review")).to_contain_text("Version 2")
    assert_accessible(page)

    # 6. The Monitoring Officer accepts it: it is published.
    _switch_to(page, live_server, cast.monitoring_officer)
    page.goto(live_server.url + reverse("register-monitoring"))
    page.get_by_test_id("awaiting-review").get_by_role("link", name="Cllr Nadia New, version 2").click()
    expect(page.get_by_label("Agree: publish only that an interest exists")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and publish").click()
    expect(page.get_by_role("status").first).to_contain_text("accepted and published")
    assert_accessible(page)
    assert RegisterVersion.objects.get(number=2).status == RegisterVersion.Status.ACCEPTED

    # 7. Anyone, signed in or not, reads the public register: the sensitive interest is withheld.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("register-public", args=[cast.council.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Register of members' interests")
    nadia_section = page.get_by_test_id("public-member").filter(has_text="Cllr Nadia New")
    expect(nadia_section).to_contain_text("Chartered surveyor (MRICS), salaried")
    expect(nadia_section.get_by_test_id("withheld")).to_contain_text("whose details are withheld")
    expect(page.get_by_test_id("last-updated")).to_contain_text(f"Last updated {_day(today)}")
    assert SECRET not in page.content()
    assert_accessible(page)
    csv = page.request.get(live_server.url + reverse("register-public-csv", args=[cast.council.slug]))
    assert csv.ok and "Chartered surveyor (MRICS), salaried" in csv.text() and SECRET not in csv.text()
