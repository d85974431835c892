"""The public register: no sign-in, accepted entries only, sensitive details withheld everywhere, CSV and JSON."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import mail

from casework.models import Notification
from casework.services.outbox import deliver_outbox
from interests.models import Category
from interests.services.registers import version_return
from tests.factories import MembershipFactory, UserFactory
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 11, 10)
SECRET_NAME = "Flat 2, 17 Quarry Road"
SECRET_DETAILS = "Home of a councillor harassed by a former constituent"
SECRET_REASONS = "A stalker was convicted in 2024"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def published(keep, cast):
    """The councillor's register: an employer in full and a sensitive home address, accepted."""
    version = keep.draft(NOW)
    keep.add(version, NOW)
    secret = keep.add(version, NOW, category=Category.LAND, name=SECRET_NAME, details=SECRET_DETAILS,
                      sensitive=True, sensitive_reasons=SECRET_REASONS)
    keep.submit(version, NOW)
    keep.accept(version, NOW, {secret.pk: True})
    return version


def _no_secret(text: str):
    for secret in (SECRET_NAME, SECRET_DETAILS, SECRET_REASONS, "Quarry Road"):
        assert secret not in text


def test_the_public_page_needs_no_sign_in_and_withholds_sensitive_details(client, published):
    response = client.get("/councils/ashford-market/register/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cllr Alice Adams" in html
    assert "Hartley &amp; Sons Surveyors" in html
    assert "has an interest whose details are withheld under section 32" in html
    _no_secret(html)
    # Not even the category of the withheld interest.
    assert "Land in the council" not in html
    assert "Last updated <time datetime=\"2026-05-11\">11 May 2026</time>" in html


def test_the_csv_withholds_sensitive_details(client, published):
    response = client.get("/councils/ashford-market/register.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    _no_secret(body)
    rows = list(csv.reader(io.StringIO(body)))
    withheld = [r for r in rows if r[3] == "Interest (details withheld)"]
    assert len(withheld) == 1
    assert "section 32" in withheld[0][7]
    assert withheld[0][4:7] == ["", "", ""]


def test_the_json_withholds_sensitive_details(client, published):
    response = client.get("/councils/ashford-market/register.json")
    data = json.loads(response.content)
    _no_secret(response.content.decode())
    alice = next(c for c in data["councillors"] if c["name"] == "Cllr Alice Adams")
    withheld = [i for i in alice["interests"] if i["withheld"]]
    assert withheld == [{"withheld": True, "statement": withheld[0]["statement"]}]
    shown = [i for i in alice["interests"] if not i["withheld"]]
    assert shown[0]["name"] == "Hartley & Sons Surveyors"
    assert shown[0]["from"] == "2019-09-01"


def test_emails_withhold_sensitive_details(keep, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    version = keep.draft(NOW)
    keep.add(version, NOW)
    secret = keep.add(version, NOW, category=Category.LAND, name=SECRET_NAME, details=SECRET_DETAILS,
                      sensitive=True, sensitive_reasons=SECRET_REASONS)
    keep.submit(version, NOW)  # the MO is told what was submitted
    keep.accept(version, NOW, {secret.pk: True})  # the councillor is told what is published
    deliver_outbox(now=at(2026, 5, 12))
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        _no_secret(message.subject + message.body)
    to_mo = next(m for m in mail.outbox if m.to == [cast.monitoring_officer.email])
    assert "Hartley & Sons Surveyors" in to_mo.body
    assert "withheld on request (s.32)" in to_mo.body
    for note in Notification.objects.all():
        _no_secret(note.subject + note.body)


def test_the_councillor_and_the_monitoring_officer_see_the_sensitive_details(client, cast, published):
    client.force_login(cast.councillor)
    assert SECRET_NAME in client.get("/councils/ashford-market/register/mine/").content.decode()
    client.force_login(cast.monitoring_officer)
    page = client.get(f"/councils/ashford-market/register/members/{published.register_id}/").content.decode()
    assert SECRET_NAME in page
    version = client.get(f"/councils/ashford-market/register/versions/{published.pk}/").content.decode()
    assert SECRET_REASONS in version


@pytest.mark.parametrize("who", ["other_councillor", "clerk", "officer", "chair", "outsider"])
def test_nobody_else_sees_the_sensitive_details(client, cast, published, who):
    client.force_login(getattr(cast, who))
    for url in (
        f"/councils/ashford-market/register/members/{published.register_id}/",
        f"/councils/ashford-market/register/versions/{published.pk}/",
    ):
        assert client.get(url).status_code == 404
    _no_secret(client.get("/councils/ashford-market/register/").content.decode())


def test_only_accepted_entries_are_published(client, keep, cast):
    v1 = keep.draft(NOW)
    keep.add(v1, NOW, name="Draft Employer Ltd")
    html = client.get("/councils/ashford-market/register/").content.decode()
    assert "Draft Employer Ltd" not in html
    keep.submit(v1, NOW)
    assert "Draft Employer Ltd" not in client.get("/councils/ashford-market/register/").content.decode()
    version_return(version=v1, reviewer=cast.monitoring_officer, now=NOW, comments="Dates please")
    assert "Draft Employer Ltd" not in client.get("/councils/ashford-market/register/").content.decode()


def test_a_new_version_under_review_leaves_the_accepted_one_published(client, keep, published):
    v2 = keep.draft(at(2026, 6, 1))
    keep.add(v2, at(2026, 6, 1), name="New Employer plc", aware_on=dt.date(2026, 5, 30))
    keep.submit(v2, at(2026, 6, 1))
    html = client.get("/councils/ashford-market/register/").content.decode()
    assert "Hartley &amp; Sons Surveyors" in html
    assert "New Employer plc" not in html


def test_an_interest_that_has_ended_is_no_longer_published(client, keep):
    keep.publish(NOW, ends_on=dt.date(2026, 5, 10))
    assert "Hartley &amp; Sons" not in client.get("/councils/ashford-market/register/").content.decode()


def test_an_unknown_council_is_404(client, cast):
    for url in ("/councils/nowhere/register/", "/councils/nowhere/register.csv", "/councils/nowhere/register.json"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+44 1234", "-1+1", "@SUM(A1)"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_escaped(client, keep, dangerous):
    keep.publish(NOW, name=dangerous, details=dangerous)
    body = b"".join(client.get("/councils/ashford-market/register.csv").streaming_content).decode()
    rows = [r for r in csv.reader(io.StringIO(body)) if r[0] == "Cllr Alice Adams" and r[6]]
    assert rows[0][6] == "'" + dangerous
    assert rows[0][7] == "'" + dangerous
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(body)) for cell in row)


def test_gifts_and_dispensations_in_force_are_on_the_public_register(client, cast, keep):
    import uuid
    from decimal import Decimal

    from interests.services.dispensations import dispensation_decide, dispensation_request
    from interests.services.gifts import gift_register

    keep.publish(NOW)
    gift_register(council=cast.council, councillor=cast.councillor, now=NOW, token=uuid.uuid4(),
                  giver="Ashford Rotary Club", description="Dinner", received_on=dt.date(2026, 5, 1),
                  value=Decimal("85.00"), value_is_estimate=True, reason="Guest", outcome="accepted")
    request = dispensation_request(council=cast.council, councillor=cast.councillor, now=NOW, token=uuid.uuid4(),
                                   business="Setting the 2027/28 precept", grounds="inhabitants",
                                   statement="Most members pay it", requested_from=dt.date(2026, 6, 1),
                                   requested_until=dt.date(2027, 5, 31))
    dispensation_decide(dispensation=request, decider=cast.monitoring_officer, now=NOW, grant=True,
                        reasons="Every member pays the precept", granted_from=dt.date(2026, 5, 1),
                        granted_until=dt.date(2027, 4, 30))
    html = client.get("/councils/ashford-market/register/").content.decode()
    assert "Ashford Rotary Club" in html and "£85.00 (estimate)" in html
    assert "Setting the 2027/28 precept" in html and "30 April 2027" in html
    data = json.loads(client.get("/councils/ashford-market/register.json").content)
    alice = next(c for c in data["councillors"] if c["name"] == "Cllr Alice Adams")
    assert alice["gifts_and_hospitality"][0]["value"] == "85.00"
    assert alice["dispensations_in_force"][0]["until"] == "2027-04-30"


def test_the_public_page_runs_a_fixed_number_of_queries(client, cast, keep, django_assert_max_num_queries):
    from interests.services.registers import draft_start, entry_save, version_accept, version_submit
    from tests.interests.conftest import entry_fields

    keep.publish(NOW)

    def counted():
        with django_assert_max_num_queries(8) as ctx:
            client.get("/councils/ashford-market/register/")
        return len(ctx.captured_queries)

    few = counted()
    for n in range(15):
        user = UserFactory(full_name=f"Cllr Extra {n}")
        MembershipFactory(user=user, council=cast.council)
        version = draft_start(council=cast.council, councillor=user, now=NOW)
        for k in range(3):
            entry_save(version=version, actor=user, now=NOW, **entry_fields(name=f"Body {n}-{k}"))
        version_submit(version=version, actor=user, now=NOW)
        version_accept(version=version, reviewer=cast.monitoring_officer, now=NOW)
    assert counted() == few
    for path in ("/councils/ashford-market/register.csv", "/councils/ashford-market/register.json"):
        with django_assert_max_num_queries(8):
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
