"""Journeys through the compliance report and the Monitoring Officer's dashboard, every page axe-scanned.

The cases are placed relative to today (the live server runs on the real clock), and the report's
period is chosen through its form so the journey works whatever the date.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.reports.conftest import Seeder

pytestmark = pytest.mark.browser

COUNCIL = "Ashford Market Town Council"


@pytest.fixture
def three_enquiries(cast, make_case):
    """On time (replied the next day), late (replied today, 15 days on) and open and overdue (20 days on)."""
    seed = Seeder(cast, make_case)
    now = timezone.now()
    on_time = seed.case(now - dt.timedelta(days=10), by=cast.councillor, officer=cast.officer, subject="Hedge")
    seed.reply(on_time, now - dt.timedelta(days=9))
    late = seed.case(now - dt.timedelta(days=15), by=cast.other_councillor, officer=cast.officer, subject="Bins")
    seed.reply(late, now - dt.timedelta(minutes=5))
    seed.case(now - dt.timedelta(days=20), by=cast.other_councillor, subject="Lights")
    return timezone.localdate(now - dt.timedelta(days=20))


def test_the_monitoring_officer_goes_from_the_dashboard_to_a_councils_report(page, live_server, cast, three_enquiries):
    start = three_enquiries
    sign_in(page, live_server, cast.monitoring_officer)
    panel = page.get_by_test_id("compliance-panel")
    expect(panel).to_contain_text("Enquiries answered within the deadline this quarter")
    assert_accessible(page)

    panel.get_by_role("link", name="Open the Monitoring Officer's dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring Officer's dashboard")
    expect(page.get_by_test_id("council-figures")).to_contain_text(COUNCIL)
    expect(page.get_by_role("heading", name="Code of Conduct complaints by stage")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Compliance report for {COUNCIL}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compliance report — {COUNCIL}")
    assert_accessible(page)

    # A period that ends before it starts is explained beside the field, and what was typed stays.
    page.get_by_label("From", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("To", exact=True).fill(start.isoformat())
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("alert")).to_contain_text("The end date must be on or after the start date")
    expect(page.get_by_label("To", exact=True)).to_have_value(start.isoformat())
    expect(page.locator("#id_end")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_label("To", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Show the report").click()
    summary = page.get_by_test_id("summary-table")
    expect(summary).to_contain_text("33% (1 of 3)")
    expect(page.get_by_test_id("by-group-table")).to_contain_text("Labour")
    expect(page.get_by_role("img", name="Enquiries and information requests by month received")).to_be_visible()
    expect(page.get_by_test_id("decisions-by-councillor")).to_be_visible()
    assert_accessible(page)

    # Printed, the report drops the menu, the form and the links to other versions; the figures stay.
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.get_by_role("button", name="Show the report")).to_be_hidden()
    expect(page.get_by_test_id("csv-link")).to_be_hidden()
    expect(summary).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_test_id("csv-link").click()
    assert download.value.suggested_filename.startswith("compliance-ashford-market-")
    body = open(download.value.path(), encoding="utf-8-sig").read()
    assert body.count("Councillor enquiry") == 3


def test_the_clerk_and_the_chair_open_their_report_from_their_home_page(page, live_server, cast, three_enquiries):
    sign_in(page, live_server, cast.clerk)
    page.get_by_test_id("compliance-report-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compliance report — {COUNCIL}")
    expect(page.get_by_role("heading", name="Equal treatment: does any councillor or group wait longer?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, cast.chair)
    page.get_by_test_id("compliance-report-link").click()
    expect(page.get_by_role("heading", name="Protocol breach reports")).to_be_visible()
    expect(page.get_by_role("heading", name="Referrals to the Chair")).to_be_visible()
    expect(page.get_by_text("Equal treatment")).to_have_count(0)
    assert_accessible(page)

    response = page.goto(live_server.url + reverse("monitoring-dashboard"))
    assert response.status == 404
