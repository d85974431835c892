"""Gifts and hospitality: the threshold, late registration with the days late, bad input."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine

from casework.models import DomainError, Notification
from interests.models import Gift
from interests.services.gifts import gift_register
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db


def _gift(cast, now, **changes):
    fields = {
        "council": cast.council,
        "councillor": cast.councillor,
        "now": now,
        "token": uuid.uuid4(),
        "giver": "Ashford Rotary Club",
        "description": "Dinner at the annual charity ball",
        "received_on": dt.date(2026, 5, 1),
        "value": Decimal("85.00"),
        "value_is_estimate": True,
        "reason": "Guest of the club",
        "outcome": Gift.Outcome.ACCEPTED,
        **changes,
    }
    return gift_register(**fields)


def test_a_gift_registered_on_day_28_is_on_time(cast, profile):
    gift = _gift(cast, at(2026, 5, 28, 23, 30))
    assert gift.due_on == dt.date(2026, 5, 28)
    assert gift.days_late == 0
    assert not gift.is_late


def test_a_gift_registered_after_28_days_is_late_with_the_days_late(cast, profile):
    gift = _gift(cast, at(2026, 6, 2, 9))
    assert gift.days_late == 5
    told = Notification.objects.get(recipient=cast.monitoring_officer)
    assert "5 days late" in told.body and "28 May 2026" in told.body
    assert gift.register.case.events.filter(summary__contains="Registered 5 days late").exists()


def test_a_refused_gift_is_registered_too(cast, profile):
    gift = _gift(cast, at(2026, 5, 2), outcome=Gift.Outcome.REFUSED)
    assert gift.get_outcome_display() == "Refused"


def test_the_threshold_is_the_councils_setting(cast, profile):
    with pytest.raises(DomainError, match="less than £50.00 need not be registered"):
        _gift(cast, at(2026, 5, 2), value=Decimal("49.99"))
    assert _gift(cast, at(2026, 5, 2), value=Decimal("50.00")).value == Decimal("50.00")
    profile.gift_threshold = Decimal("25.00")
    profile.save()
    assert _gift(cast, at(2026, 5, 2), value=Decimal("30.00")).value == Decimal("30.00")


@pytest.mark.parametrize("value", [Decimal("-5.00"), Decimal("1000000.00")])
def test_a_negative_or_absurd_value_is_refused(cast, profile, value):
    with pytest.raises(DomainError, match="Enter a value between"):
        _gift(cast, at(2026, 5, 2), value=value)
    assert not Gift.objects.exists()


def test_a_gift_received_in_the_future_is_refused(cast, profile):
    with pytest.raises(DomainError, match="future"):
        _gift(cast, at(2026, 5, 2), received_on=dt.date(2026, 5, 3))


def test_the_same_form_posted_twice_registers_one_gift(cast, profile):
    token = uuid.uuid4()
    first = _gift(cast, at(2026, 5, 2), token=token)
    second = _gift(cast, at(2026, 5, 2, 10, 0, ), token=token)
    assert first == second
    assert Gift.objects.count() == 1


def test_only_a_councillor_of_the_council_registers_a_gift(cast, profile):
    with pytest.raises(DomainError, match="Only a councillor"):
        _gift(cast, at(2026, 5, 2), councillor=cast.clerk)


# --- through the page ---------------------------------------------------------------------


def _post(client, **changes):
    data = {
        "token": str(uuid.uuid4()),
        "giver": "Ashford Rotary Club",
        "description": "Dinner",
        "reason": "Guest",
        "received_on": "2026-05-01",
        "value": "85.00",
        "outcome": "accepted",
        **changes,
    }
    return client.post("/councils/ashford-market/register/mine/gifts/new", data)


@pytest.mark.parametrize(
    "value, message",
    [
        ("-5", "The value cannot be negative."),
        ("99999999", "That is more than £100,000"),
        ("12.50", "worth less than £50.00 need not be registered"),
        ("lots", "Enter the value in pounds and pence"),
    ],
)
def test_bad_values_get_a_clear_message_next_to_the_field_and_nothing_typed_is_lost(
    client, cast, profile, value, message
):
    client.force_login(cast.councillor)
    with time_machine.travel(at(2026, 5, 2), tick=False):
        response = _post(client, value=value, giver="Ashford Rotary Club")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="#id_value"' in html  # the summary links to the field
    assert 'aria-describedby="id_value_helptext id_value_error"' in html or 'id="id_value_error"' in html
    assert 'value="Ashford Rotary Club"' in html
    assert not Gift.objects.exists()


def test_a_late_gift_through_the_page_says_how_late(client, cast, profile):
    client.force_login(cast.councillor)
    with time_machine.travel(at(2026, 6, 2), tick=False):
        response = _post(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "5 days late" in page
