"""The enquiry journey: a councillor sends an enquiry, the Clerk assigns it, the officer sends an
interim reply (and the tracked date moves), then the full reply, and the councillor accepts it.

Every page visited is scanned with axe-core (WCAG 2.2 A/AA), error pages included.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from casework.calendar import add_working_days, calendar_for_council
from casework.models import Case, Deadline
from casework.profiles import profile_create_from_preset
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _next_saturday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(5 - day.weekday()) % 7 or 7)


def _switch_to(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user)
    assert_accessible(page)


def test_councillor_submits_clerk_assigns_officer_sends_interim_then_full_reply_councillor_accepts(page, live_server, cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    calendar = calendar_for_council(cast.council)
    today = timezone.localdate()
    first_due = add_working_days(today, 7, calendar).due
    estimated = add_working_days(today, 10, calendar).due

    # 1. The councillor sends an enquiry from their home page; a missing subject is caught first.
    sign_in(page, live_server, cast.councillor)
    assert_accessible(page)
    page.get_by_role("link", name="Send an enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send an enquiry to the Clerk")
    assert_accessible(page)
    page.get_by_label("The enquiry").fill("The streetlight outside 4 Mill Lane has been out for a week.")
    page.get_by_label("Constituent's name (optional)").fill("Jane Resident")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("Give the enquiry a subject.")
    expect(page.get_by_label("The enquiry")).to_have_value("The streetlight outside 4 Mill Lane has been out for a week.")
    assert_accessible(page)
    page.get_by_label("Subject").fill("Streetlight out on Mill Lane")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ENQ-{today.year}-0001: Streetlight out on Mill Lane")
    expect(page.get_by_role("status").first).to_contain_text(f"A reply is due by the end of {_long(first_due)}")
    expect(page.get_by_test_id("due").first).to_have_text(f"due {_long(first_due)}")
    assert_accessible(page)
    case = Case.objects.get()
    case_url = reverse("case-detail", args=[cast.council.slug, case.reference])

    # 2. The Clerk finds it in the queue, unassigned, and assigns it to the officer.
    _switch_to(page, live_server, cast.clerk)
    page.get_by_role("link", name="The full enquiry queue, with filters and search").click()
    row = page.get_by_test_id("queue-row").filter(has_text=case.reference)
    expect(row).to_contain_text("Unassigned")
    assert_accessible(page)
    page.get_by_label("Search").fill("Jane Resident")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_test_id("constituent")).to_contain_text("Jane Resident")
    assert_accessible(page)
    page.get_by_label("Assign to").select_option(label=cast.officer.full_name)
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_test_id("assigned-to")).to_have_text(cast.officer.full_name)
    assert_accessible(page)

    # 3. The officer sends an interim reply: a Saturday is refused, then the estimated date is tracked.
    _switch_to(page, live_server, cast.officer)
    page.get_by_role("link", name=case.reference).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Send an interim reply").click()
    assert_accessible(page)
    page.get_by_label("Why a full reply is not yet possible").fill("The county council maintains this light and has not replied.")
    page.get_by_label("When you expect to send the full reply").fill(_next_saturday(today).isoformat())
    page.get_by_role("button", name="Send the interim reply").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("is not a working day (Saturday)")
    expect(page.get_by_label("Why a full reply is not yet possible")).to_have_value(
        "The county council maintains this light and has not replied."
    )
    assert_accessible(page)
    page.get_by_label("When you expect to send the full reply").fill(estimated.isoformat())
    page.get_by_role("button", name="Send the interim reply").click()
    expect(page.get_by_role("status").first).to_contain_text(f"now tracked against {_long(estimated)}")
    deadlines = page.get_by_test_id("deadline")
    expect(deadlines.filter(has_text="Full reply (the date given in the interim reply)")).to_contain_text(
        f"due {_long(estimated)}"
    )
    expect(deadlines.filter(has_text="Reply to the councillor")).to_contain_text("Met")
    expect(page.get_by_test_id("interim-replies")).to_contain_text("The county council maintains this light")
    assert_accessible(page)
    assert case.deadlines.get(completed_at__isnull=True).due_on == estimated

    # 4. The full reply.
    page.get_by_role("link", name="Reply to the councillor").click()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("The county council repaired the light this morning.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_test_id("status")).to_have_text("Responded")
    assert_accessible(page)

    # 5. The councillor sees the reply on their page and accepts it.
    _switch_to(page, live_server, cast.councillor)
    mine = page.get_by_test_id("my-enquiry").filter(has_text=case.reference)
    expect(mine).to_contain_text("Responded")
    expect(mine).to_contain_text("The county council repaired the light this morning.")
    page.goto(live_server.url + case_url)
    expect(page.get_by_test_id("councillor-answer")).to_contain_text("Does the reply answer your enquiry?")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the reply").click()
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    assert_accessible(page)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert list(case.deadlines.order_by("pk").values_list("rule", "state")) == [
        ("enquiry_reply", Deadline.State.MET),
        ("interim_reply", Deadline.State.MET),
    ]
