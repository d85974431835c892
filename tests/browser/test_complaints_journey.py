"""Complaints journeys, every page scanned with axe-core (WCAG 2.2 A/AA), error pages included:

1. a councillor reports a breach of the protocol and the Chair decides it;
2. a member of the public complains about a councillor with no account; the Monitoring Officer
   acknowledges, tells the councillor, records the Independent Person's views, assesses, tells both
   parties and publishes a decision notice, which anyone can then read.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from casework.calendar import add_working_days, calendar_for_council
from casework.profiles import profile_create_from_preset
from complaints.models import Complaint
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _switch_to(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user)
    assert_accessible(page)


@pytest.fixture
def kettering(cast):
    return profile_create_from_preset(council=cast.council, preset="kettering")


def test_councillor_reports_a_breach_and_the_chair_decides(page, live_server, cast, kettering):
    today = timezone.localdate()
    decide_by = add_working_days(today, kettering.breach_review_working_days, calendar_for_council(cast.council)).due
    clause_10_1 = kettering.clauses.get(number="10.1")

    # 1. The councillor finds the form from the complaints and concerns page; mistakes are caught first.
    sign_in(page, live_server, cast.councillor)
    page.goto(live_server.url + reverse("complaints-hub", args=[cast.council.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints and concerns — Ashford Market Town Council")
    assert_accessible(page)
    page.get_by_role("link", name="Report a breach of the protocol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a breach of the protocol")
    assert_accessible(page)
    page.get_by_label("What happened?").fill("Cllr Brown told an officer to rewrite the planning report.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Choose who did not comply with the protocol.")).to_be_visible()
    expect(page.get_by_text("Choose at least one clause of the protocol.")).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_value("Cllr Brown told an officer to rewrite the planning report.")
    assert_accessible(page)

    page.get_by_label("Who did not comply with the protocol?").select_option(label=cast.other_councillor.full_name)
    page.get_by_label("When did it happen?").fill(today.isoformat())
    page.get_by_label("Which clauses of the protocol were not complied with?").select_option(value=[str(clause_10_1.pk)])
    page.get_by_label("Evidence (optional)").fill("Two officers heard it.")
    page.get_by_role("button", name="Send the report").click()
    reference = f"BRE-{today.year}-0001"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference}: Protocol breach report about Cllr Bob Brown")
    expect(page.get_by_role("status").first).to_contain_text("It is with Cllr Charlotte Chair to decide.")
    expect(page.get_by_test_id("report-clauses")).to_contain_text("10.1")
    expect(page.get_by_test_id("routed-to")).to_have_text("Cllr Charlotte Chair")
    assert_accessible(page)

    # 2. The Chair sees it on their page, by due date, and opens the decision page.
    _switch_to(page, live_server, cast.chair)
    queue = page.get_by_test_id("breach-queue")
    expect(queue).to_contain_text(reference)
    expect(queue).to_contain_text(f"{decide_by.day} {decide_by:%B %Y}")
    queue.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decide {reference}")
    expect(page.get_by_test_id("decide-by")).to_contain_text(_long(decide_by))
    assert_accessible(page)

    # An informal resolution must say what was agreed; the reasons typed are kept.
    page.get_by_role("radio", name="Informal resolution").check()
    page.get_by_label("Reasons for your decision").fill("A first lapse, acknowledged at once.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Say what was agreed in the informal resolution.")).to_be_visible()
    expect(page.get_by_label("Reasons for your decision")).to_have_value("A first lapse, acknowledged at once.")
    assert_accessible(page)
    page.get_by_label("What was agreed (for an informal resolution)").fill("Cllr Brown will go through the Clerk.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status").first).to_contain_text("Decision recorded: Informal resolution. Cllr Alice Adams has been told.")
    expect(page.get_by_test_id("breach-decision")).to_contain_text("Cllr Brown will go through the Clerk.")
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    assert_accessible(page)

    # 3. The reporter sees the outcome on their report.
    _switch_to(page, live_server, cast.councillor)
    page.goto(live_server.url + reverse("case-detail", args=[cast.council.slug, reference]))
    expect(page.get_by_test_id("breach-decision")).to_contain_text("Informal resolution")
    assert_accessible(page)


def test_public_complaint_acknowledged_assessed_and_decision_notice_published(page, live_server, cast, kettering):
    today = timezone.localdate()
    form_url = live_server.url + reverse("complaint-new", args=[cast.council.slug])

    # 1. A member of the public, with no account, complains; an empty form is explained first.
    page.goto(form_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Complain about a councillor of Ashford Market Town Council")
    assert_accessible(page)
    page.get_by_label("What did the councillor do?").fill("Called me a liar at the allotments meeting.")
    page.get_by_role("button", name="Send my complaint").click()
    expect(page.get_by_text("Give your name: anonymous complaints cannot be considered.")).to_be_visible()
    expect(page.get_by_text("Choose the councillor your complaint is about.")).to_be_visible()
    expect(page.get_by_label("What did the councillor do?")).to_have_value("Called me a liar at the allotments meeting.")
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Pat Public")
    page.get_by_label("Your email address").fill("pat@example.com")
    page.get_by_label("Which councillor is your complaint about?").select_option(label=cast.councillor.full_name)
    page.get_by_role("button", name="Send my complaint").click()
    reference = f"COC-{today.year}-0001"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaint has been received")
    expect(page.get_by_test_id("complaint-reference")).to_have_text(reference)
    assert_accessible(page)

    # 2. The Monitoring Officer sees it on their page at the "to acknowledge" stage.
    sign_in(page, live_server, cast.monitoring_officer)
    expect(page.get_by_test_id("complaints-received")).to_contain_text(reference)
    expect(page.get_by_test_id("complaints-received")).to_contain_text("Not yet consulted")
    assert_accessible(page)
    page.get_by_test_id("complaints-received").get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference}: complaint about Cllr Alice Adams")
    expect(page.get_by_test_id("complainant-name")).to_have_text("Pat Public")
    assert_accessible(page)

    page.get_by_role("button", name="Acknowledge the complaint").click()
    expect(page.get_by_role("status").first).to_contain_text("The complaint is acknowledged.")
    expect(page.get_by_test_id("stage")).to_have_text("Acknowledged — initial assessment")
    assert_accessible(page)

    # Assessing too early is refused, with what was typed kept.
    assess = page.get_by_test_id("action-assess")
    assess.get_by_role("radio", name="No further action").check()
    assess.get_by_label("Reasons").fill("A heated exchange, not a breach.")
    assess.get_by_role("button", name="Initial assessment").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tell the councillor about the complaint before the initial assessment.")
    expect(page.get_by_test_id("action-assess").get_by_label("Reasons")).to_have_value("A heated exchange, not a breach.")
    assert_accessible(page)

    page.get_by_label("Summary of the complaint for the councillor").fill("It is alleged that you called a resident a liar.")
    page.get_by_role("button", name="Tell the councillor").click()
    expect(page.get_by_role("status").first).to_contain_text("Cllr Alice Adams has been told of the complaint.")

    ip = page.get_by_test_id("action-ip")
    ip.get_by_label("Independent Person consulted").select_option(label=cast.independent_person.full_name)
    ip.get_by_label("Date consulted").fill(today.isoformat())
    ip.get_by_label("The Independent Person's views").fill("A brief exchange; no further action is proportionate.")
    ip.get_by_role("button", name="Record the Independent Person's views").click()
    expect(page.get_by_test_id("ip-view")).to_contain_text("A brief exchange; no further action is proportionate.")
    assert_accessible(page)

    assess = page.get_by_test_id("action-assess")
    assess.get_by_role("radio", name="No further action").check()
    assess.get_by_label("Reasons").fill("A heated exchange, not a breach.")
    assess.get_by_role("button", name="Initial assessment").click()
    expect(page.get_by_test_id("stage")).to_have_text("Assessed — outcome to both parties")

    page.get_by_role("button", name="Tell both parties the outcome").click()
    expect(page.get_by_test_id("stage")).to_have_text("Concluded")
    page.get_by_label("Decision notice").fill("The Monitoring Officer took no further action on a complaint about Cllr Alice Adams.")
    page.get_by_role("button", name="Write the decision notice").click()
    expect(page.get_by_role("status").first).to_contain_text("It is not public until you publish it.")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the decision notice").click()
    expect(page.get_by_role("status").first).to_contain_text("The decision notice is published.")
    assert_accessible(page)

    complaint = Complaint.objects.get()
    assert complaint.stage == "concluded" and complaint.decision_notice.published_at is not None

    # 3. Anyone can read the published notice; it never names the complainant.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("decision-notices", args=[cast.council.slug]))
    expect(page.get_by_test_id("notices")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decision notice {reference}")
    expect(page.get_by_test_id("notice-text")).to_contain_text("took no further action")
    expect(page.get_by_role("main")).not_to_contain_text("Pat Public")
    assert_accessible(page)
