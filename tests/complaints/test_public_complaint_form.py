"""The public Code of Conduct complaint form: no account needed, a reference and a confirmation email,
one complaint however often it is posted, a spam flood refused, anonymous and empty complaints refused."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from casework.models import Case, Notification
from complaints.models import ComplainantEmail, Complaint
from complaints.services.complaints import PER_EMAIL_PER_HOUR, PER_IP_PER_HOUR

pytestmark = pytest.mark.django_db

URL = "/councils/ashford-market/complain/"


@pytest.fixture(autouse=True)
def _frozen(frozen):
    cache.clear()
    yield


def _form(cast, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "name": "Pat Public",
        "email": "pat@example.com",
        "phone": "01234 567890",
        "complainant_kind": "public",
        "subject_person": str(cast.councillor.pk),
        "details": "Shouted at me at the allotments meeting on Saturday.",
        "occurred_on": "2026-11-21",
        "code_provisions": "Respect",
    }
    data.update(overrides)
    return data


def test_anyone_can_complain_without_an_account_and_gets_a_reference_and_an_email(
    client, cast, profile, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Complain about a councillor of Ashford Market Town Council" in html
    assert cast.councillor.full_name in html and cast.clerk.full_name not in html  # councillors only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form(cast))
    assert response.status_code == 302 and response["Location"] == reverse("complaint-received", args=["ashford-market"])
    complaint = Complaint.objects.select_related("case").get()
    case = complaint.case
    assert case.reference == "COC-2026-0001"
    assert (case.kind, case.subject_person, case.raised_by, case.confidential) == ("complaint", cast.councillor, None, True)
    assert case.routed_to == cast.monitoring_officer
    assert (complaint.complainant_name, complaint.complainant_email, complaint.complainant_phone) == (
        "Pat Public", "pat@example.com", "01234 567890")
    assert complaint.submitted_from == "127.0.0.1"
    received = client.get(response["Location"])
    assert "COC-2026-0001" in received.content.decode()
    [email] = [m for m in mailoutbox if m.to == ["pat@example.com"]]
    assert email.to == ["pat@example.com"]
    assert email.subject == "Your complaint COC-2026-0001 has been received"
    assert "Your reference is COC-2026-0001" in email.body and "within 5 working days" in email.body
    assert email.alternatives and "<strong>COC-2026-0001</strong>" in email.alternatives[0][0]
    assert ComplainantEmail.objects.get().delivery == ComplainantEmail.Delivery.SENT
    # The Monitoring Officer is told, with a link to the page where they work it.
    note = Notification.objects.get(recipient=cast.monitoring_officer)
    assert note.url == reverse("complaint-work", args=["ashford-market", "COC-2026-0001"])
    # The acknowledgement clock: 5 working days from Monday 23 November 2026.
    assert str(case.deadlines.get(rule="complaint_acknowledge").due_on) == "2026-11-30"


def test_unknown_council_or_one_without_a_protocol_is_404(client, cast, profile):
    assert client.get("/councils/no-such-council/complain/").status_code == 404
    assert client.get("/councils/beckby/complain/").status_code == 404  # no protocol profile yet


def test_a_form_posted_twice_makes_one_complaint(client, cast, profile):
    data = _form(cast)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1 and Case.objects.filter(kind="complaint").count() == 1
    assert client.get(second["Location"]).content.decode().count("COC-2026-0001") >= 1


def test_anonymous_complaints_are_refused_and_nothing_typed_is_lost(client, cast, profile):
    response = client.post(URL, _form(cast, name=" ", email=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "anonymous complaints cannot be considered" in html
    assert "Give your email address" in html
    assert "Shouted at me at the allotments meeting on Saturday." in html  # kept
    assert not Complaint.objects.exists()


def test_no_councillor_or_no_description_is_refused_next_to_the_field(client, cast, profile):
    response = client.post(URL, _form(cast, subject_person="", details="   "))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["subject_person"] == ["Choose the councillor your complaint is about."]
    assert form.errors["details"] == ["Describe what the councillor did."]
    html = response.content.decode()
    # Errors are linked to their fields.
    assert 'aria-invalid="true"' in html
    assert "Pat Public" in html
    assert not Complaint.objects.exists()


def test_a_councillor_of_another_council_cannot_be_named(client, cast, profile):
    response = client.post(URL, _form(cast, subject_person=str(cast.other_clerk.pk)))
    assert response.status_code == 400
    assert "subject_person" in response.context["form"].errors


def test_asking_for_identity_to_be_withheld_needs_a_reason(client, cast, profile):
    response = client.post(URL, _form(cast, withhold="on", withhold_reason=""))
    assert response.status_code == 400
    assert response.context["form"].errors["withhold_reason"]
    client.post(URL, _form(cast, withhold="on", withhold_reason="We are neighbours."))
    assert Complaint.objects.get().identity == Complaint.Identity.REQUESTED


def test_a_flood_from_one_address_is_rate_limited_with_a_clear_message(client, cast, profile):
    for n in range(PER_IP_PER_HOUR):
        assert client.post(URL, _form(cast, email=f"person{n}@example.com")).status_code == 302
    response = client.post(URL, _form(cast, email="another@example.com"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "several complaints from your connection in the last hour" in html
    assert "another@example.com" in html  # what was typed is kept
    assert Complaint.objects.count() == PER_IP_PER_HOUR


def test_a_flood_from_one_email_address_is_rate_limited(client, cast, profile):
    for n in range(PER_EMAIL_PER_HOUR):
        r = client.post(URL, _form(cast), REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert r.status_code == 302
    response = client.post(URL, _form(cast), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert "from this email address in the last hour" in response.content.decode()


def test_the_limit_is_per_hour(client, cast, profile, frozen):
    for n in range(PER_IP_PER_HOUR):
        client.post(URL, _form(cast, email=f"person{n}@example.com"))
    frozen.shift(3601)
    assert client.post(URL, _form(cast, email="later@example.com")).status_code == 302


def test_script_in_any_field_is_shown_as_text(client, cast, profile):
    script = "<script>alert('x')</script>"
    client.post(URL, _form(cast, name=f"Pat {script}", details=f"Said {script}", code_provisions=script))
    complaint = Complaint.objects.get()
    assert complaint.details == f"Said {script}"  # stored as typed
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("complaint-work", args=["ashford-market", complaint.case.reference])).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_a_signed_in_councillor_is_recognised_and_cannot_complain_about_themselves(client, cast, profile):
    client.force_login(cast.other_councillor)
    page = client.get(URL)
    form = page.context["form"]
    assert form.initial["name"] == cast.other_councillor.full_name
    assert form.initial["complainant_kind"] == "councillor"
    assert cast.other_councillor not in form.fields["subject_person"].queryset
    client.post(URL, _form(cast, name=cast.other_councillor.full_name, email=cast.other_councillor.email,
                           complainant_kind="councillor"))
    complaint = Complaint.objects.get()
    assert complaint.complainant_user == cast.other_councillor
    assert complaint.case.raised_by == cast.other_councillor
    # The complainant can follow their complaint on the case page; the councillor complained about cannot.
    assert client.get(reverse("case-detail", args=["ashford-market", complaint.case.reference])).status_code == 200
    client.force_login(cast.councillor)
    assert client.get(reverse("case-detail", args=["ashford-market", complaint.case.reference])).status_code == 404


def test_received_page_without_a_complaint_goes_back_to_the_form(client, cast, profile):
    response = client.get(reverse("complaint-received", args=["ashford-market"]))
    assert response["Location"] == URL
