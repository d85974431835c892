"""Journey: a councillor asks for information; the Clerk finds no need to know shown and refers it; the Chair
releases it on a confidentiality undertaking; the Clerk gives it; the councillor is refused it until they
accept the undertaking, then reads it with the purpose it was given for. Every page is scanned with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.models import Case, InformationRelease
from casework.profiles import profile_create_from_preset
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SCORES = "Tender A scored 72; tender B scored 64; tender C scored 58."
PURPOSE = "To scrutinise the award of the grounds contract at the Finance Committee."


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/(login|logout)/"))


def _choose(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_request_referral_decision_and_release_on_an_undertaking(page, live_server, cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    home = live_server.url + reverse("council-home", args=[cast.council.slug])

    # 1. The councillor asks, forgetting the purpose at first: told at the field, nothing lost.
    sign_in(page, live_server, cast.councillor)
    page.get_by_role("link", name="Request information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request information")
    expect(page.get_by_test_id("rules-of-use")).to_contain_text("may be used only for the purpose you state")
    assert_accessible(page)
    page.get_by_role("textbox", name="Subject").fill("Tender scores for the grounds contract")
    page.get_by_label("What information do you want?").fill("The scoring sheets for each tender.")
    page.get_by_label("Why do you need to know it").fill("I will question the award at the Finance Committee.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what you will use the information for")
    expect(page.get_by_label("What information do you want?")).to_have_value("The scoring sheets for each tender.")
    assert_accessible(page)
    page.get_by_label("What will you use it for?").fill(PURPOSE)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("INF-2026-")
    expect(page.get_by_test_id("outcome")).to_have_text("Awaiting determination")
    assert_accessible(page)
    request = Case.objects.get(kind=Case.Kind.INFORMATION_REQUEST)
    _sign_out(page)

    # 2. The Clerk determines it: not public, no need to know shown — so it must go to the Chair (9.5).
    sign_in(page, live_server, cast.clerk)
    queue = page.get_by_test_id("information-queue")
    expect(queue).to_contain_text(request.reference)
    assert_accessible(page)
    queue.get_by_role("link", name=request.reference).click()
    form = page.get_by_test_id("determine-form")
    _choose(form, "Is the information publicly available?", "No")
    _choose(form, "Need to know", "Not demonstrated")
    _choose(form, "Does it involve a third party", "No")
    _choose(form, "The councillor's interest", "No interest declared or apparent")
    _choose(form, "What happens next", "Release the information")
    form.get_by_role("button", name="Record the determination").click()
    expect(page.get_by_role("alert").first).to_contain_text("This request must be referred to the Chair")
    assert_accessible(page)
    form = page.get_by_test_id("determine-form")
    _choose(form, "What happens next", "Refer it to the Chair for a decision (protocol 9.5)")
    form.get_by_role("button", name="Record the determination").click()
    expect(page.get_by_test_id("referral-summary")).to_contain_text("Cllr Charlotte Chair")
    expect(page.get_by_test_id("status")).to_have_text("On hold")
    expect(page.get_by_test_id("deadline")).to_contain_text("Paused")
    assert_accessible(page)
    _sign_out(page)

    # 3. The Chair finds it awaiting their decision, and releases it on an undertaking, with reasons.
    sign_in(page, live_server, cast.chair)
    queue = page.get_by_test_id("referral-queue")
    expect(queue).to_contain_text("REF-2026-")
    assert_accessible(page)
    queue.get_by_role("link").first.click()
    expect(page.get_by_test_id("referral-panel")).to_contain_text("no need to know has been demonstrated")
    assert_accessible(page)
    form = page.get_by_test_id("decide-form")
    _choose(form, "Your decision", "Release with conditions")
    form.get_by_role("textbox", name="Conditions").fill("Not to be shared outside the Finance Committee.")
    form.get_by_label("The councillor must accept a confidentiality undertaking").check()
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the reasons for your decision.")
    expect(page.get_by_role("textbox", name="Conditions")).to_have_value("Not to be shared outside the Finance Committee.")
    assert_accessible(page)
    page.get_by_role("textbox", name="Reasons").fill("The committee needs the scores; they are commercially confidential.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("referral-decision")).to_contain_text("Release with conditions")
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    assert_accessible(page)
    _sign_out(page)

    # 4. The Clerk gives the information; the undertaking the Chair required goes with it.
    sign_in(page, live_server, cast.clerk)
    page.goto(live_server.url + reverse("case-detail", args=[cast.council.slug, request.reference]))
    expect(page.get_by_test_id("deadline")).to_contain_text("Open")
    form = page.get_by_test_id("release-form")
    expect(form.get_by_label("The councillor must accept a confidentiality undertaking")).to_be_checked()
    form.get_by_label("The information given").fill(SCORES)
    form.get_by_role("button", name="Release the information").click()
    expect(page.get_by_test_id("released")).to_contain_text(PURPOSE)
    expect(page.get_by_test_id("announcement")).to_contain_text("Given in confidence")
    assert_accessible(page)
    _sign_out(page)

    # 5. The councillor is refused it until they accept the undertaking; then reads it with its purpose.
    sign_in(page, live_server, cast.councillor)
    page.goto(home)
    expect(page.get_by_test_id("request-outcome")).to_have_text("Released")
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Read and accept the confidentiality undertaking").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("You must accept the confidentiality undertaking")
    expect(page.get_by_role("main")).not_to_contain_text(SCORES)
    assert_accessible(page)
    page.get_by_role("button", name="Accept and read the information").click()
    expect(page.get_by_role("alert", name="There is a problem")).to_contain_text("Tick the box to accept the undertaking")
    assert_accessible(page)
    page.get_by_label("I accept the confidentiality undertaking").check()
    page.get_by_role("button", name="Accept and read the information").click()
    expect(page.get_by_test_id("release-body")).to_have_text(SCORES)
    expect(page.get_by_test_id("purpose")).to_contain_text(PURPOSE)
    expect(page.get_by_test_id("conditions")).to_contain_text("Not to be shared outside the Finance Committee.")
    assert_accessible(page)
    assert InformationRelease.objects.get().undertaking_accepted_at is not None
