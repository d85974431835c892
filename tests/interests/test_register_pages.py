"""The councillor's register pages and the Monitoring Officer's review, through the browser's requests."""

import pytest
import time_machine
from django.urls import reverse

from interests.models import Category, RegisterEntry, RegisterVersion
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 11, 10)
MINE = "/councils/ashford-market/register/mine/"
ADD = "/councils/ashford-market/register/mine/entries/new"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _entry(**changes):
    return {
        "category": "employment",
        "whose": "member",
        "name": "Hartley & Sons Surveyors",
        "details": "Chartered surveyor",
        "starts_on": "2019-09-01",
        "ends_on": "",
        **changes,
    }


@pytest.fixture
def councillor_with_draft(client, cast, profile):
    client.force_login(cast.councillor)
    assert client.post("/councils/ashford-market/register/mine/draft").status_code == 302
    return client


def test_a_councillor_starts_adds_and_submits_their_register(councillor_with_draft, cast):
    client = councillor_with_draft
    response = client.post(ADD, _entry())
    assert response.status_code == 302
    page = client.get(MINE).content.decode()
    assert "Hartley &amp; Sons Surveyors" in page and "Draft: version 1" in page
    assert client.post("/councils/ashford-market/register/mine/submit").status_code == 302
    version = RegisterVersion.objects.get()
    assert version.status == RegisterVersion.Status.SUBMITTED
    assert "with the Monitoring Officer for review" in client.get(MINE).content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ends_on": "2019-08-31"}, "ends_on", "The end date cannot be before the start date."),
        ({"category": "lottery_winnings"}, "category", "Choose one of the seven statutory categories"),
        ({"name": ""}, "name", "Name the employer, body or company"),
        ({"sensitive": "on", "sensitive_reasons": ""}, "sensitive_reasons", "Say why the details should be withheld."),
        ({"category": "charity", "whose": "partner"}, "whose", "Other registrable interests are your own"),
        ({"starts_on": "31/02/2026"}, "starts_on", "Enter a real date"),
    ],
)
def test_bad_input_gets_a_clear_message_next_to_the_field_and_nothing_typed_is_lost(
    councillor_with_draft, changes, field, message
):
    response = councillor_with_draft.post(ADD, _entry(details="Typed with care", **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}' in html  # the error summary links to the field
    assert f'id="id_{field}_error"' in html or f'id="error_1_id_{field}"' in html
    assert "Typed with care" in html
    assert not RegisterEntry.objects.exists()


def test_script_in_an_entry_is_shown_as_text(councillor_with_draft, client):
    councillor_with_draft.post(ADD, _entry(name="<script>alert(1)</script>"))
    html = councillor_with_draft.get(MINE).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_after_publication_a_change_asks_for_the_date_of_becoming_aware(client, cast, keep):
    keep.publish(NOW)
    client.force_login(cast.councillor)
    client.post("/councils/ashford-market/register/mine/draft")
    response = client.post(ADD, _entry(category="land", name="4 Mill Lane"))
    assert response.status_code == 400
    assert "Say when you became aware of this change" in response.content.decode()
    response = client.post(ADD, _entry(category="land", name="4 Mill Lane", aware_on="2026-05-12"))
    assert "The date you became aware cannot be in the future." in response.content.decode()
    assert client.post(ADD, _entry(category="land", name="4 Mill Lane", aware_on="2026-05-04")).status_code == 302
    assert "Change to the register" in client.get(MINE).content.decode()


def test_adding_without_a_draft_sends_the_councillor_to_start_one(client, cast, profile):
    client.force_login(cast.councillor)
    response = client.get(ADD)
    assert response.status_code == 302 and response["Location"] == MINE


def test_submitting_while_under_review_is_refused_with_409(councillor_with_draft):
    councillor_with_draft.post("/councils/ashford-market/register/mine/submit")
    response = councillor_with_draft.post("/councils/ashford-market/register/mine/draft")
    assert response.status_code == 409
    assert "with the Monitoring Officer for review" in response.content.decode()


@pytest.fixture
def submitted_with_sensitive(keep, cast):
    version = keep.draft(NOW)
    keep.add(version, NOW)
    secret = keep.add(version, NOW, category=Category.LAND, name="17 Quarry Road", sensitive=True,
                      sensitive_reasons="Harassment")
    keep.submit(version, NOW)
    return version, secret


def test_the_mo_must_decide_each_request_to_withhold_before_accepting(client, cast, submitted_with_sensitive):
    version, secret = submitted_with_sensitive
    client.force_login(cast.monitoring_officer)
    url = reverse("register-version-accept", args=["ashford-market", version.pk])
    response = client.post(url, {"comments": "Thank you"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Decide whether to withhold these details before accepting." in html
    assert "Thank you" in html


def test_refusing_to_withhold_means_returning_not_accepting(client, cast, submitted_with_sensitive):
    version, secret = submitted_with_sensitive
    client.force_login(cast.monitoring_officer)
    accept = reverse("register-version-accept", args=["ashford-market", version.pk])
    response = client.post(accept, {f"withhold_{secret.pk}": "refuse"})
    assert response.status_code == 409
    assert "return the submission instead" in response.content.decode()
    give_back = reverse("register-version-return", args=["ashford-market", version.pk])
    response = client.post(give_back, {f"withhold_{secret.pk}": "refuse", "comments": ""})
    assert response.status_code == 400
    assert "Say what the councillor needs to correct." in response.content.decode()
    response = client.post(give_back, {f"withhold_{secret.pk}": "refuse",
                                       "comments": "The risk is not one of violence or intimidation."})
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.withholding == RegisterEntry.Withholding.REFUSED
    assert version.register.case.events.filter(summary__contains="1 request to withhold details refused (s.32)").exists()
    client.force_login(cast.councillor)
    html = client.get(MINE).content.decode()
    assert "The risk is not one of violence or intimidation." in html


def test_the_mo_accepts_agreeing_to_withhold_and_the_public_sees_only_that_it_exists(
    client, cast, submitted_with_sensitive
):
    version, secret = submitted_with_sensitive
    client.force_login(cast.monitoring_officer)
    accept = reverse("register-version-accept", args=["ashford-market", version.pk])
    response = client.post(accept, {f"withhold_{secret.pk}": "agree"})
    assert response.status_code == 302
    client.logout()
    html = client.get("/councils/ashford-market/register/").content.decode()
    assert "17 Quarry Road" not in html
    assert "whose details are withheld" in html


def test_a_councillor_cannot_review_their_own_register(client, cast, submitted_with_sensitive):
    version, _ = submitted_with_sensitive
    client.force_login(cast.councillor)
    response = client.post(reverse("register-version-accept", args=["ashford-market", version.pk]), {})
    assert response.status_code == 404
    version.refresh_from_db()
    assert version.status == RegisterVersion.Status.SUBMITTED


def test_another_councillor_cannot_edit_my_draft_entry(client, cast, keep):
    version = keep.draft(NOW)
    entry = keep.add(version, NOW)
    client.force_login(cast.other_councillor)
    url = reverse("register-entry-edit", args=["ashford-market", entry.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _entry(name="Hijacked")).status_code == 404
    entry.refresh_from_db()
    assert entry.name == "Hartley & Sons Surveyors"


def test_the_register_page_runs_a_fixed_number_of_queries(client, cast, keep, django_assert_max_num_queries):
    keep.publish(NOW)
    client.force_login(cast.councillor)

    def count():
        with django_assert_max_num_queries(25) as ctx:
            client.get(MINE)
        return len(ctx.captured_queries)

    before = count()
    version = keep.draft(at(2026, 5, 12))
    for n in range(10):
        keep.add(version, at(2026, 5, 12), name=f"Body {n}", aware_on=at(2026, 5, 12).date())
    assert count() <= before + 3  # a draft adds its own lists, not a query per entry
    few = count()
    for n in range(10, 20):
        keep.add(version, at(2026, 5, 12), name=f"Body {n}", aware_on=at(2026, 5, 12).date())
    assert count() == few
