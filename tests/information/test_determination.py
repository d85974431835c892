"""The officer's determination (004: the Officer decides need to know), recorded on the case with the clause;
000 9.5 makes a referral compulsory when the information is not public and the councillor may have an
interest or has shown no need to know."""

import pytest
import time_machine

from casework import hooks
from casework.models import DomainError, InformationRequest, ReferralDecision
from casework.services import information as svc
from tests.information.conftest import THU, info_url, notes, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(THU, tick=False):
        yield


def _post(client, case, **fields):
    data = {"determine-version": case.version, **{f"determine-{k}": v for k, v in fields.items()}}
    return client.post(info_url(case, "determine"), data)


FINDINGS = dict(publicly_available="no", need_to_know="demonstrated", third_party_personal_data="no", councillor_interest="none")


def test_findings_are_recorded_as_an_event_citing_9_1(client, cast, open_request):
    case = open_request()
    client.force_login(cast.clerk)
    response = _post(client, case, **FINDINGS, action="release", notes="The scores are in the tender file.")
    assert response.status_code == 302
    request = InformationRequest.objects.get(case=case)
    assert request.outcome == "release"
    assert (request.publicly_available, request.need_to_know_finding, request.third_party_personal_data) == (
        False, "demonstrated", False,
    )
    assert (request.determined_by, request.determined_at) == (cast.clerk, THU)
    event = case.events.get(data__step="determined")
    assert event.summary == (
        "Determination by Carol Clerk: not publicly available; need to know demonstrated; no third-party personal "
        "data; no interest declared or apparent. Notes: The scores are in the tender file."
    )
    assert (event.clause, event.clause_anchor) == ("9.1", "c-9-1")
    assert notes(cast.councillor, case)[-1].subject == "INF-2026-0001: Your information request will be answered"


def test_presumed_need_to_know_names_the_committee(client, cast, open_request):
    case = open_request()
    client.force_login(cast.clerk)
    response = _post(client, case, **{**FINDINGS, "need_to_know": "presumed"}, action="release")
    assert response.status_code == 400
    assert "Name the committee the councillor sits on" in response.content.decode()
    response = _post(
        client, case, **{**FINDINGS, "need_to_know": "presumed"}, committee="Finance Committee", action="release"
    )
    assert response.status_code == 302
    event = case.events.get(data__step="determined")
    assert "need to know presumed (the councillor sits on the Finance Committee)" in event.summary


@pytest.mark.parametrize(
    "findings",
    [
        {"need_to_know": "not_demonstrated"},
        {"councillor_interest": "suggested", "interest_suggested": "Owns the land next to the depot"},
    ],
    ids=["no-need-to-know", "may-have-an-interest"],
)
def test_non_public_information_must_be_referred_when_9_5_applies(client, cast, open_request, findings):
    case = open_request()
    client.force_login(cast.clerk)
    response = _post(client, case, **{**FINDINGS, **findings}, action="release")
    assert response.status_code == 400
    assert "This request must be referred to the Chair (protocol 9.5)" in response.content.decode()
    assert InformationRequest.objects.get(case=case).outcome == "pending"
    response = _post(client, case, **{**FINDINGS, **findings}, action="refer")
    assert response.status_code == 302
    assert InformationRequest.objects.get(case=case).outcome == "referred"
    assert svc.referral_of(case).routed_to == cast.chair


def test_public_information_need_not_be_referred_even_without_need_to_know(cast, open_request, determine):
    case = open_request()
    determine(case, action=svc.Action.RELEASE, publicly_available=True, need_to_know="not_demonstrated")
    assert case.information_request.outcome == "release"
    assert svc.referral_of(case) is None


def test_the_service_enforces_9_5_too(cast, open_request):
    case = open_request(interest="My brother-in-law bid for the contract.")
    with pytest.raises(DomainError, match="must be referred to the Chair"):
        svc.information_request_determine(
            case=case, officer=cast.clerk, publicly_available=False, need_to_know="demonstrated",
            third_party_personal_data=False, action="release", now=THU,
        )


def test_a_declared_interest_cannot_be_set_aside(client, cast, open_request):
    case = open_request(interest="My brother-in-law bid for the contract.")
    client.force_login(cast.clerk)
    response = _post(client, case, **FINDINGS, action="refer")
    assert response.status_code == 400
    assert "it cannot be set aside" in response.content.decode()


def test_refusal_by_the_officer_needs_reasons_and_tells_the_councillor(client, cast, open_request):
    case = open_request()
    client.force_login(cast.clerk)
    response = _post(client, case, **FINDINGS, action="refuse")
    assert response.status_code == 400
    assert "Give the reasons for refusing the request." in response.content.decode()
    response = _post(client, case, **FINDINGS, action="refuse", refusal_reasons="Barred by a court order.")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "responded"
    assert case.information_request.refusal_reasons == "Barred by a court order."
    assert "Barred by a court order." in notes(cast.councillor, case)[-1].body
    assert not ReferralDecision.objects.exists()


def test_the_register_suggests_an_interest_through_the_hook(client, cast, open_request, monkeypatch):
    def suggester(*, councillor, council, text):
        return ["Your register lists employment with Greenways Ltd, which tendered."] if "tender" in text else []

    monkeypatch.setattr(hooks, "_interest_suggesters", [suggester])
    case = open_request()
    client.force_login(cast.clerk)
    html = client.get(url(case)).content.decode()
    assert "Your register lists employment with Greenways Ltd, which tendered." in html
    # The form starts from the suggestion; the officer confirms it.
    assert 'value="suggested"  id="id_determine-councillor_interest_2" required checked>' in html
    textarea = html[html.index('id="id_determine-interest_suggested"'):]
    assert textarea.split("</textarea>")[0].endswith("Your register lists employment with Greenways Ltd, which tendered.")


def test_a_second_determination_is_refused(cast, open_request, determine):
    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")
    with pytest.raises(DomainError, match="already been determined"):
        determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")


@pytest.mark.parametrize("who", ["councillor", "other_councillor", "chair", "officer", "outsider", "other_clerk"])
def test_only_those_who_work_the_request_can_determine_it(client, cast, open_request, who):
    case = open_request()
    client.force_login(getattr(cast, who))
    assert _post(client, case, **FINDINGS, action="release").status_code == 404
    assert InformationRequest.objects.get(case=case).outcome == "pending"


def test_an_assigned_officer_can_determine_it(client, cast, open_request):
    from casework.services.cases import case_assign

    case = open_request()
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=THU)
    case.refresh_from_db()
    client.force_login(cast.officer)
    assert _post(client, case, **FINDINGS, action="release").status_code == 302


def test_a_stale_determination_is_not_applied(client, cast, open_request):
    from casework.services.cases import case_assign

    case = open_request()
    version = case.version
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=THU)
    client.force_login(cast.clerk)
    response = client.post(
        f"/councils/ashford-market/information/{case.reference}/determine",
        {"determine-version": version, **{f"determine-{k}": v for k, v in FINDINGS.items()}, "determine-action": "release"},
    )
    assert response.status_code == 409
    assert "Someone else changed this case" in response.content.decode()
    assert InformationRequest.objects.get(case=case).outcome == "pending"
