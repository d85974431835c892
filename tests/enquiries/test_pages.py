"""The enquiry pages: the form, the case page panel, reply and interim reply pages, accept and reopen."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch

from accounts.models import Membership
from casework.models import Case, Enquiry, Notification
from casework.services.cases import case_assign
from casework.services.enquiries import enquiry_reply
from casework.services.messages import message_send
from tests.enquiries.conftest import NOW, at
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = "/councils/ashford-market/enquiries/new"


def page(case, action=""):
    if action:
        return f"/councils/{case.council.slug}/enquiries/{case.reference}/{action}"
    return f"/councils/{case.council.slug}/cases/{case.reference}/"


def clerk_form(cast, **overrides):
    data = {
        "councillor": cast.councillor.pk,
        "received_at": "2026-11-23T09:30",
        "channel": "phone",
        "subject": "Overgrown hedge on Church Lane",
        "details": "The hedge blocks the footpath; a resident in a wheelchair cannot pass.",
        "ward": "North",
        "constituent_name": "Mr Patel",
        "constituent_contact": "07700 900123",
        "urgent": "no",
        "has_interest": "no",
        "interest_nature": "",
    }
    data.update(overrides)
    return data


# --- the form ----------------------------------------------------------------------------


def test_a_councillor_sends_an_enquiry_through_the_portal(client, cast, profile, frozen):
    client.force_login(cast.councillor)
    form = client.get(NEW).content.decode()
    assert 'name="councillor"' not in form and 'name="channel"' not in form and 'name="received_at"' not in form
    assert 'value="North"' in form  # their ward is filled in
    response = client.post(
        NEW,
        {"subject": "Bins not collected", "details": "Three weeks now.", "ward": "North", "urgent": "no", "has_interest": "no"},
        follow=True,
    )
    case = Case.objects.get()
    assert response.redirect_chain == [(page(case), 302)]
    enquiry = Enquiry.objects.get(case=case)
    assert (enquiry.channel, enquiry.logged_by, case.raised_by) == ("portal", cast.councillor, cast.councillor)
    assert case.received_at == NOW
    html = response.content.decode()
    assert "Enquiry ENQ-2026-0001 received. A reply is due by the end of Wednesday 2 December 2026" in html


def test_the_clerk_logs_a_phone_enquiry_for_a_councillor(client, cast, profile, frozen):
    client.force_login(cast.clerk)
    form = client.get(NEW).content.decode()
    assert 'value="2026-11-23T10:00"' in form  # received defaults to now
    assert "Cllr Alice Adams" in form and "Oscar Officer" not in form  # councillors only
    response = client.post(NEW, clerk_form(cast))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.raised_by == cast.councillor
    assert case.received_at == at(2026, 11, 23, 9, 30)
    assert Enquiry.objects.get(case=case).channel == "phone"
    assert Notification.objects.filter(recipient=cast.councillor, case=case).exists()


def test_a_future_received_date_is_refused_next_to_the_field_and_nothing_typed_is_lost(client, cast, profile, frozen):
    client.force_login(cast.clerk)
    response = client.post(NEW, clerk_form(cast, received_at="2026-11-24T09:00"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_received_at"' in html
    assert "The date received cannot be in the future." in html
    assert 'href="#id_received_at"' in html  # the error summary links to the field
    assert "The hedge blocks the footpath; a resident in a wheelchair cannot pass." in html
    assert 'value="Overgrown hedge on Church Lane"' in html
    assert 'value="2026-11-24T09:00"' in html
    assert not Case.objects.exists()


def test_an_interest_on_a_phone_enquiry_is_refused_next_to_how_it_arrived(client, cast, profile, frozen):
    client.force_login(cast.clerk)
    response = client.post(NEW, clerk_form(cast, has_interest="yes", interest_nature="The hedge is mine"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_channel"' in html
    assert "accepted only in writing (protocol 4.3(a))" in html
    assert "The hedge is mine" in html
    assert not Case.objects.exists()


def test_the_clerk_cannot_log_for_someone_who_is_not_a_councillor_here(client, cast, profile, frozen):
    client.force_login(cast.clerk)
    response = client.post(NEW, clerk_form(cast, councillor=cast.other_clerk.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.exists()


def test_the_register_suggests_a_declaration_before_sending(client, cast, profile, frozen, suggester):
    def hedge(*, councillor, council, text):
        return ["Your register lists land at 3 Church Lane."] if "Church Lane" in text else []

    suggester(hedge)
    client.force_login(cast.councillor)
    data = {"subject": "Overgrown hedge on Church Lane", "details": "Blocks the footpath.", "urgent": "no", "has_interest": "no"}
    first = client.post(NEW, data)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Check whether to declare an interest" in html
    assert "Your register lists land at 3 Church Lane." in html
    assert 'name="suggestions_seen" value="on"' in html
    assert not Case.objects.exists()
    second = client.post(NEW, {**data, "suggestions_seen": "on"})
    assert second.status_code == 302
    case = Case.objects.get()
    # The suggestion stays visible on the case.
    assert "Your register lists land at 3 Church Lane." in client.get(page(case)).content.decode()


def test_script_in_any_text_field_is_shown_as_text(client, cast, open_enquiry):
    case = open_enquiry(
        subject="<script>alert('subject')</script>",
        details="<img src=x onerror=alert(1)>",
        constituent_name="<b>Bold</b>",
        channel="letter",
        has_interest=True,
        interest_nature="<script>alert('interest')</script>",
    )
    client.force_login(cast.clerk)
    for url in (page(case), "/councils/ashford-market/enquiries/", "/councils/ashford-market/"):
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html, url
        assert "&lt;script&gt;alert(&#x27;subject&#x27;)&lt;/script&gt;" in html, url
    html = client.get(page(case)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#x27;interest&#x27;)&lt;/script&gt;" in html


# --- who sees the constituent and the interest ---------------------------------------------


@pytest.fixture
def second_officer(cast):
    person = UserFactory(email="officer2@example.org", full_name="Olive Other")
    MembershipFactory(user=person, council=cast.council, role=Membership.Role.OFFICER)
    return person


def test_constituent_details_are_for_the_clerk_the_assignee_and_the_councillor_only(client, cast, open_enquiry, second_officer):
    case = open_enquiry(constituent_name="Jane Resident", constituent_contact="jane@example.net")
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
    message_send(case=case, sender=cast.clerk, body="For information.", to=[cast.councillor], cc=[cast.other_councillor], now=NOW)
    for who in ("clerk", "officer", "councillor"):
        client.force_login(getattr(cast, who))
        html = client.get(page(case)).content.decode()
        assert "jane@example.net" in html and "Jane Resident" in html, who
    for person in (second_officer, cast.other_councillor, cast.monitoring_officer):
        client.force_login(person)
        response = client.get(page(case))
        assert response.status_code == 200  # staff, a copied-in councillor and the MO may see the case...
        html = response.content.decode()
        assert "jane@example.net" not in html and "Jane Resident" not in html, person  # ...but not the constituent
        assert "Withheld: shown only to the Clerk, the officer assigned and the councillor who raised it." in html


@pytest.mark.parametrize("who", ["other_councillor", "chair", "outsider", "other_clerk"])
def test_another_councillor_never_sees_an_enquiry_they_are_not_on(client, cast, open_enquiry, who):
    case = open_enquiry()
    client.force_login(getattr(cast, who))
    assert client.get(page(case)).status_code == 404


def test_the_interest_shows_to_everyone_working_it_with_the_even_handed_reminder_for_staff(client, cast, open_enquiry):
    case = open_enquiry(channel="letter", has_interest=True, interest_nature="I own the shop next door")
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
    reminder = "Treat this enquiry no more, and no less, favourably than an enquiry from any other local person"
    for who in ("clerk", "officer"):
        client.force_login(getattr(cast, who))
        html = client.get(page(case)).content.decode()
        assert "Personal interest declared" in html and "I own the shop next door" in html
        assert reminder in html
        assert 'href="/councils/ashford-market/protocol#c-4-5"' in html
    client.force_login(cast.councillor)
    html = client.get(page(case)).content.decode()
    assert "I own the shop next door" in html
    assert reminder not in html


def test_copying_a_councillor_in_is_shown_to_the_original_councillor(client, cast, open_enquiry):
    case = open_enquiry()
    enquiry_reply(case=case, officer=cast.clerk, body="Done.", cc=[cast.other_councillor], now=NOW)
    client.force_login(cast.councillor)
    html = client.get(page(case)).content.decode()
    assert "Copied to Cllr Bob Brown on 23 November 2026" in html
    assert 'data-testid="copied-to">Copied to Cllr Bob Brown' in html


def test_staff_see_a_link_to_flag_non_compliant_contact_when_it_exists(client, cast, open_enquiry, monkeypatch):
    from casework.views import enquiries as views

    case = open_enquiry()
    client.force_login(cast.clerk)

    def missing(name, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", missing)
    html = client.get(page(case)).content.decode()
    assert "Contact that does not comply with the protocol" in html
    assert "Reporting from this page is not available yet" in html
    monkeypatch.setattr(views, "reverse", lambda name, kwargs: f"/flag/{kwargs['slug']}/{kwargs['reference']}")
    html = client.get(page(case)).content.decode()
    assert f'href="/flag/ashford-market/{case.reference}"' in html
    client.force_login(cast.councillor)
    assert "Contact that does not comply" not in client.get(page(case)).content.decode()


# --- replying --------------------------------------------------------------------------------


@pytest.fixture
def assigned(cast, open_enquiry):
    case = open_enquiry()
    return case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)


def test_the_officer_replies_from_the_reply_page(client, cast, assigned, frozen):
    client.force_login(cast.officer)
    form = client.get(page(assigned, "reply"))
    assert form.status_code == 200
    assert "Jane Resident" in form.content.decode()
    response = client.post(page(assigned, "reply"), {"version": assigned.version, "body": "Booked for Friday."}, follow=True)
    assert response.redirect_chain[-1] == (page(assigned), 302)
    assert "Reply sent to Cllr Alice Adams." in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == Case.Status.RESPONDED


def test_an_empty_reply_keeps_the_page_with_a_message_next_to_the_field(client, cast, assigned, frozen):
    client.force_login(cast.officer)
    response = client.post(page(assigned, "reply"), {"version": assigned.version, "body": ""})
    assert response.status_code == 400
    assert 'id="error_1_id_body"' in response.content.decode()


def test_an_unsafe_attachment_on_a_reply_is_refused_and_the_reply_kept(client, cast, assigned, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.officer)
    bad = SimpleUploadedFile("answer.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(
        page(assigned, "reply"), {"version": assigned.version, "body": "See the attached plan.", "attachments": [bad]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“answer.pdf” cannot be attached: it is a web page (HTML)." in html
    assert "See the attached plan." in html
    assert not assigned.messages.exists()


def test_a_stale_reply_form_is_409_and_keeps_the_reply(client, cast, assigned, frozen):
    seen = assigned.version
    case_assign(case=assigned, assignee=cast.clerk, actor=cast.clerk, now=NOW)
    client.force_login(cast.clerk)
    response = client.post(page(assigned, "reply"), {"version": seen, "body": "My careful reply."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this enquiry while you were working on it" in html
    assert "Assigned to Carol Clerk (was Oscar Officer)" in html
    assert "My careful reply." in html
    assigned.refresh_from_db()
    assert f'name="version" value="{assigned.version}"' in html  # sending again will work


def test_an_interim_reply_on_a_saturday_is_refused_and_the_reason_kept(client, cast, assigned, frozen):
    client.force_login(cast.officer)
    response = client.post(
        page(assigned, "interim-reply"),
        {"version": assigned.version, "reason": "Waiting for the county council.", "estimated_on": "2026-11-28"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_estimated_on"' in html
    assert "Saturday 28 November 2026 is not a working day (Saturday). Choose a working day, such as Monday 30 November 2026." in html
    assert "Waiting for the county council." in html


def test_an_interim_reply_without_a_reason_is_refused(client, cast, assigned, frozen):
    client.force_login(cast.officer)
    response = client.post(page(assigned, "interim-reply"), {"version": assigned.version, "reason": "", "estimated_on": "2026-12-10"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_reason"' in html
    assert 'value="2026-12-10"' in html


def test_an_interim_reply_moves_the_date_shown_on_the_case(client, cast, assigned, frozen):
    client.force_login(cast.officer)
    response = client.post(
        page(assigned, "interim-reply"),
        {"version": assigned.version, "reason": "Waiting for quotes.", "estimated_on": "2026-12-10"},
        follow=True,
    )
    html = response.content.decode()
    assert "The enquiry is now tracked against Thursday 10 December 2026." in html
    assert "Full reply (the date given in the interim reply) — <span data-testid=\"due\">due Thursday 10 December 2026" in html


def test_someone_not_working_it_cannot_reply(client, cast, open_enquiry, second_officer):
    case = open_enquiry()
    for person in (second_officer, cast.councillor, cast.monitoring_officer, cast.chair):
        client.force_login(person)
        assert client.get(page(case, "reply")).status_code == 404
        assert client.post(page(case, "reply"), {"version": case.version, "body": "x"}).status_code == 404
    assert not case.messages.exists()


# --- the councillor's answer -------------------------------------------------------------------


@pytest.fixture
def replied(cast, assigned):
    enquiry_reply(case=assigned, officer=cast.officer, body="Booked for Friday.", now=at(2026, 11, 24))
    assigned.refresh_from_db()
    return assigned


def test_the_councillor_accepts_from_the_case_page(client, cast, replied, frozen):
    client.force_login(cast.councillor)
    html = client.get(page(replied)).content.decode()
    assert "Does the reply answer your enquiry?" in html
    assert "You can reopen it until the end of Tuesday 1 December 2026." in html
    response = client.post(page(replied, "accept"), {"accept-version": replied.version}, follow=True)
    assert "you have accepted the reply and the enquiry is closed" in response.content.decode()
    replied.refresh_from_db()
    assert replied.status == Case.Status.CLOSED


def test_reopening_without_a_reason_is_a_message_next_to_the_field(client, cast, replied, frozen):
    client.force_login(cast.councillor)
    response = client.post(page(replied, "reopen"), {"reopen-version": replied.version, "reopen-reason": ""})
    assert response.status_code == 400
    assert 'id="error_1_id_reopen-reason"' in response.content.decode()


def test_reopening_after_the_window_is_409_with_the_reason_kept(client, cast, replied, frozen):
    frozen.move_to(at(2026, 12, 2, 9))
    client.force_login(cast.councillor)
    html = client.get(page(replied)).content.decode()
    assert "The time to reopen this enquiry ended on Tuesday 1 December 2026." in html
    response = client.post(page(replied, "reopen"), {"reopen-version": replied.version, "reopen-reason": "Not fixed"})
    assert response.status_code == 409
    assert "The time to reopen this enquiry ended on Tuesday 1 December 2026." in response.content.decode()
    replied.refresh_from_db()
    assert replied.status == Case.Status.RESPONDED


def test_the_councillor_reopens_within_the_window(client, cast, replied, frozen):
    client.force_login(cast.councillor)
    response = client.post(page(replied, "reopen"), {"reopen-version": replied.version, "reopen-reason": "Still broken"})
    assert response.status_code == 302
    replied.refresh_from_db()
    assert replied.status == Case.Status.OPEN
    assert replied.deadlines.get(completed_at__isnull=True).due_on == dt.date(2026, 12, 2)


def test_another_councillor_cannot_accept(client, cast, replied):
    client.force_login(cast.other_councillor)
    assert client.post(page(replied, "accept"), {"accept-version": replied.version}).status_code == 404


def test_a_double_clicked_form_makes_one_enquiry(client, cast, profile, frozen):
    import re

    client.force_login(cast.councillor)
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', client.get(NEW).content.decode()).group(1)
    data = {"subject": "Bins", "details": "Not collected.", "urgent": "no", "has_interest": "no", "submission_key": key}
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
