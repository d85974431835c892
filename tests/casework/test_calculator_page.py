"""The deadline calculator page: staff only, GET only, exact dates, errors linked to their fields."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ClosureDayFactory

URL = reverse("deadline-calculator")
ENGLAND_SATURDAY = {"received": "2026-01-03", "working_days": "7", "nation": "england"}


def page(client, user, params=None):
    client.force_login(user)
    return client.get(URL, params or {})


def text(response) -> str:
    return response.content.decode()


def test_url_is_deadline_calculator():
    assert URL == "/deadline-calculator/"


@pytest.mark.django_db
def test_clerk_sees_due_date_weekday_and_skipped_days(client, cast):
    response = page(client, cast.clerk, ENGLAND_SATURDAY)
    assert response.status_code == 200
    body = text(response)
    assert "13 January 2026" in body
    assert "Tuesday 13 January 2026" in body
    assert '<time datetime="2026-01-13">' in body
    skipped = re.findall(
        r'<th scope="row"><time datetime="([\d-]+)">([^<]+)</time></th><td>(\w+)</td><td>([^<]+)</td>', body
    )
    assert skipped == [
        ("2026-01-04", "4 January 2026", "Sunday", "Weekend"),
        ("2026-01-10", "10 January 2026", "Saturday", "Weekend"),
        ("2026-01-11", "11 January 2026", "Sunday", "Weekend"),
    ]


@pytest.mark.django_db
def test_bank_holidays_are_named_in_the_table(client, cast):
    body = text(
        page(client, cast.officer, {"received": "2025-12-24", "working_days": "7", "nation": "england"})
    )
    assert "Wednesday 7 January 2026" in body
    assert "<td>Bank holiday: Christmas Day</td>" in body
    assert "<td>Bank holiday: New Year&#x27;s Day</td>" in body


@pytest.mark.django_db
def test_monitoring_officer_at_the_district_may_use_it(client, cast):
    response = page(client, cast.monitoring_officer, ENGLAND_SATURDAY)
    assert response.status_code == 200
    assert "13 January 2026" in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["councillor", "chair", "outsider"])
def test_anyone_who_is_not_staff_gets_404(client, cast, who):
    assert page(client, getattr(cast, who), ENGLAND_SATURDAY).status_code == 404


@pytest.mark.django_db
def test_independent_person_gets_404(client, cast):
    assert page(client, cast.independent_person, ENGLAND_SATURDAY).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL, ENGLAND_SATURDAY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/deadline-calculator/")


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC))
def test_blank_form_defaults_to_today_in_london_seven_days_and_the_users_council(client, cast):
    # 23:30 UTC on 28 March is still GMT: today in London is the 28th.
    body = text(page(client, cast.clerk))
    assert 'name="received" value="2026-03-28"' in body
    assert 'name="working_days" value="7"' in body
    assert '<option value="ashford-market" selected>Ashford Market Town Council</option>' in body
    assert "Due by the end of" not in body


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 7, 10, 23, 30, tzinfo=dt.UTC))
def test_today_is_the_london_date_in_summer(client, cast):
    # 23:30 UTC on 10 July is 00:30 BST on 11 July.
    assert 'name="received" value="2026-07-11"' in text(page(client, cast.clerk))


@pytest.mark.django_db
def test_councils_offered_are_only_the_users_own(client, cast):
    body = text(page(client, cast.clerk))
    assert "ashford-market" in body
    assert "beckby" not in body
    assert "northborough" not in body


@pytest.mark.django_db
def test_council_calendar_skips_its_closure_days(client, cast):
    ClosureDayFactory(council=cast.council, date=dt.date(2026, 1, 5), reason="Office move")
    body = text(
        page(client, cast.clerk, {"received": "2026-01-03", "working_days": "7", "council": "ashford-market"})
    )
    assert "Wednesday 14 January 2026" in body
    assert "<td>Council closure: Office move</td>" in body
    assert "Ashford Market Town Council (England, with its closure days)" in body


@pytest.mark.django_db
def test_another_councils_slug_is_refused_not_used(client, cast):
    ClosureDayFactory(council=cast.other_council, date=dt.date(2026, 1, 5), reason="Beckby secret")
    response = page(client, cast.clerk, {"received": "2026-01-03", "working_days": "7", "council": "beckby"})
    assert response.status_code == 200
    body = text(response)
    assert "Select a valid choice" in body
    assert "Beckby secret" not in body
    assert "Due by the end of" not in body


@pytest.mark.django_db
def test_bad_input_is_shown_against_each_field_and_nothing_is_lost(client, cast):
    response = page(
        client, cast.clerk, {"received": "2026-02-30", "working_days": "61", "nation": "scotland"}
    )
    assert response.status_code == 200
    body = text(response)
    assert "Due by the end of" not in body
    # the summary links to each field
    assert '<a class="alert-link" href="#id_received">' in body
    assert '<a class="alert-link" href="#id_working_days">' in body
    # each input is marked invalid and described by its error, which keeps what was typed
    assert re.search(
        r'<input type="date" name="received" value="2026-02-30"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*id_received_error',
        body,
    )
    assert 'id="id_received_error"' in body
    assert re.search(r'name="working_days" value="61"[^>]*aria-invalid="true"', body)
    assert "The number of working days must be 60 or fewer." in body
    assert '<option value="scotland" selected>Scotland</option>' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("working_days", "message"), [("0", "at least 1"), ("seven", "whole number"), ("", "Enter the number")]
)
def test_working_days_must_be_1_to_60(client, cast, working_days, message):
    body = text(
        page(
            client, cast.clerk, {"received": "2026-01-03", "working_days": working_days, "nation": "england"}
        )
    )
    assert message in body
    assert "Due by the end of" not in body


@pytest.mark.django_db
def test_sixty_working_days_is_allowed(client, cast):
    body = text(
        page(client, cast.clerk, {"received": "2026-01-03", "working_days": "60", "nation": "england"})
    )
    assert "Due by the end of" in body


@pytest.mark.django_db
def test_uk_date_format_is_accepted(client, cast):
    body = text(
        page(client, cast.clerk, {"received": "03/01/2026", "working_days": "7", "nation": "england"})
    )
    assert "Tuesday 13 January 2026" in body


@pytest.mark.django_db
def test_dates_far_outside_any_case_are_refused(client, cast):
    body = text(
        page(client, cast.clerk, {"received": "9999-12-30", "working_days": "60", "nation": "england"})
    )
    assert "Enter a date between 1 January 2000 and 31 December 2099." in body


@pytest.mark.django_db
def test_neither_nation_nor_council_asks_for_one(client, cast):
    body = text(page(client, cast.clerk, {"received": "2026-01-03", "working_days": "7"}))
    assert "Choose a nation, or one of your councils." in body
    assert '<a class="alert-link" href="#id_nation">' in body


@pytest.mark.django_db
def test_both_nation_and_council_asks_for_one(client, cast):
    body = text(
        page(
            client,
            cast.clerk,
            {"received": "2026-01-03", "working_days": "7", "nation": "england", "council": "ashford-market"},
        )
    )
    assert "Choose a nation or a council, not both." in body
    assert '<a class="alert-link" href="#id_council">' in body


@pytest.mark.django_db
def test_unknown_nation_is_an_error(client, cast):
    body = text(
        page(client, cast.clerk, {"received": "2026-01-03", "working_days": "7", "nation": "cornwall"})
    )
    assert "Select a valid choice" in body
    assert "Due by the end of" not in body


@pytest.mark.django_db
def test_page_is_accessible_by_construction(client, cast):
    body = text(page(client, cast.clerk, ENGLAND_SATURDAY))
    headings = [int(level) for level in re.findall(r"<h([1-6])\b", body)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    for field in ("received", "working_days", "nation", "council"):
        assert re.search(rf'<label\s+for="id_{field}"', body)
    assert "<caption>" in body
    assert body.count('<th scope="col">') == 3
    assert "<script>" not in body and "<script " not in body.replace('<script src="', "")
    assert "style=" not in body
    assert re.search(r'<form method="get"', body)


@pytest.mark.django_db
def test_page_queries_stay_few(client, cast, django_assert_max_num_queries):
    client.force_login(cast.clerk)
    with django_assert_max_num_queries(8):
        client.get(URL, {"received": "2026-01-03", "working_days": "7", "council": "ashford-market"})
