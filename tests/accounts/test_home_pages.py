"""Each role lands on its own home page, and signing in and resetting a password work by email."""

import re

import pytest
from django.urls import reverse

from casework.profiles import profile_create_from_preset
from tests.factories import PASSWORD, CouncilFactory

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    return response


def _headings(response) -> list[tuple[int, str]]:
    html = response.content.decode()
    return [
        (int(level), re.sub(r"<[^>]+>|\s+", " ", text).strip())
        for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, flags=re.DOTALL)
    ]


def _assert_headings_in_order(response):
    levels = [level for level, _ in _headings(response)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading levels skip: {levels}"


def test_clerk_lands_on_the_clerk_home(client, cast):
    response = _home(client, cast.clerk)
    assert [t.name for t in response.templates][0] == "accounts/home_clerk.html"
    headings = [text for _, text in _headings(response)]
    assert headings[0] == "Clerk — Ashford Market Town Council"
    assert headings[1:3] == ["Enquiry queue", "Deliveries that failed"]
    assert "No open enquiries" in response.content.decode()
    assert "<title>Clerk — Ashford Market Town Council</title>" in response.content.decode()
    assert reverse("deadline-calculator") in response.content.decode()
    _assert_headings_in_order(response)


def test_clerk_home_links_the_protocol_once_the_council_has_one(client, cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    response = _home(client, cast.clerk)
    assert reverse("protocol", args=[cast.council.slug]) in response.content.decode()


def test_officer_lands_on_the_officer_home(client, cast):
    response = _home(client, cast.officer)
    assert [t.name for t in response.templates][0] == "accounts/home_officer.html"
    headings = [text for _, text in _headings(response)]
    assert headings[:2] == ["Officer — Ashford Market Town Council", "Assigned to you"]
    _assert_headings_in_order(response)


def test_councillor_lands_on_the_councillor_home(client, cast):
    response = _home(client, cast.councillor)
    assert [t.name for t in response.templates][0] == "accounts/home_councillor.html"
    headings = [text for _, text in _headings(response)]
    assert headings[:4] == [
        "Councillor — Ashford Market Town Council",
        "Your enquiries",
        "Your information requests",
        "Your register of interests",
    ]
    assert "Ward: North · Group: Green" in response.content.decode()
    _assert_headings_in_order(response)


def test_chair_lands_on_the_chair_home_which_names_the_office(client, cast):
    response = _home(client, cast.chair)
    assert [t.name for t in response.templates][0] == "accounts/home_chair.html"
    headings = [text for _, text in _headings(response)]
    assert headings[:3] == [
        "Chair — Ashford Market Town Council",
        "Breach reports awaiting your decision",
        "Referrals awaiting your decision",
    ]
    assert "Your enquiries" in headings
    offices = re.search(r'data-testid="offices">(.*?)</p>', response.content.decode(), re.DOTALL).group(1)
    assert "You hold the office of" in offices and "<strong>Chair</strong>" in offices
    _assert_headings_in_order(response)


def test_vice_chair_home_says_vice_chair(client, cast):
    response = _home(client, cast.vice_chair)
    assert _headings(response)[0] == (1, "Vice-Chair — Ashford Market Town Council")
    assert "<strong>Vice-Chair</strong>" in response.content.decode()


def test_monitoring_officer_sees_every_council_it_serves(client, cast):
    response = _home(client, cast.monitoring_officer)
    assert response.redirect_chain[-1][0] == reverse("monitoring-home")
    headings = [text for _, text in _headings(response)]
    assert headings[0] == "Monitoring Officer"
    assert {"Code of Conduct complaints", "Register of interests"} <= set(headings)
    rows = re.findall(r'<tr data-testid="served-council">(.*?)</tr>', response.content.decode(), re.DOTALL)
    listed = [re.search(r"<th[^>]*>(.*?)</th>", row).group(1) for row in rows]
    assert sorted(listed) == sorted([cast.council.name, cast.other_council.name, cast.district.name])
    _assert_headings_in_order(response)


def test_monitoring_home_queries_do_not_grow_with_the_councils_served(client, cast, django_assert_max_num_queries):
    client.force_login(cast.monitoring_officer)
    # 9: one of them is the register of interests panel (every council served, counted in one query).
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("monitoring-home"))
    for n in range(5):
        CouncilFactory(name=f"Extra Parish Council {n}", slug=f"extra-{n}", principal_council=cast.district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("monitoring-home"))
    assert response.content.decode().count('data-testid="served-council"') == 8


def test_deputy_monitoring_officer_is_called_the_deputy(client, cast):
    response = _home(client, cast.deputy_monitoring_officer)
    assert _headings(response)[0] == (1, "Deputy Monitoring Officer")


def test_monitoring_officer_home_links_each_council_protocol(client, cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    response = _home(client, cast.monitoring_officer)
    html = response.content.decode()
    assert reverse("protocol", args=[cast.council.slug]) in html
    assert reverse("protocol", args=[cast.other_council.slug]) not in html  # it has no protocol yet


def test_outsider_sees_no_role_page_and_no_council_name(client, cast):
    response = _home(client, cast.outsider)
    html = response.content.decode()
    assert "no role at any council" in html
    for council in (cast.council, cast.other_council, cast.district):
        assert council.name not in html


def test_independent_person_lands_on_the_member_home(client, cast):
    response = _home(client, cast.independent_person)
    assert [t.name for t in response.templates][0] == "accounts/home_member.html"
    assert _headings(response)[0] == (1, "Independent Person — Northborough District Council")


def test_signing_in_with_email_lands_the_clerk_on_their_home(client, cast):
    response = client.post(
        reverse("login"), {"username": "CLERK@example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("council-home", args=[cast.council.slug])
    assert "Clerk — Ashford Market Town Council" in response.content.decode()


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, cast):
    response = client.post(reverse("login"), {"username": cast.clerk.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_one_email_with_a_working_link(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": cast.councillor.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [cast.councillor.email]
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []
