"""A councillor asks for information: the purpose and need to know are required, the rules of use are shown,
and the request goes to the Clerk with a response clock from the profile."""

import pytest
import time_machine

from casework.models import Case, CaseEvent, Deadline, InformationRequest
from casework.services import information as svc
from casework.services.deadlines import why_this_date
from tests.information.conftest import MON, notes

pytestmark = pytest.mark.django_db

NEW = "/councils/ashford-market/information/new"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MON, tick=False):
        yield


def _form(**overrides):
    data = {
        "subject": "Tender scores for the grounds contract",
        "what_wanted": "The scoring sheets for each tender.",
        "purpose": "To scrutinise the award at the Finance Committee.",
        "need_to_know": "I sit on the Finance Committee.",
    }
    data.update(overrides)
    return data


def test_request_goes_to_the_clerk_with_a_seven_working_day_clock_citing_9_4(cast, open_request):
    case = open_request()
    assert case.kind == Case.Kind.INFORMATION_REQUEST
    assert case.reference == "INF-2026-0001"
    assert case.routed_to == cast.clerk
    assert case.raised_by == cast.councillor
    deadline = case.deadlines.get()
    assert deadline.rule == svc.RESPONSE_RULE
    assert deadline.due_on.isoformat() == "2026-11-11"  # Mon 2 Nov is day zero; Wed 11 Nov is day 7
    assert (deadline.clause, deadline.clause_anchor) == ("9.4", "c-9-4")
    assert why_this_date(deadline) == "7 working days after Monday 2 November 2026 (day zero), skipping 2 non-working days"
    request = InformationRequest.objects.get(case=case)
    assert request.outcome == InformationRequest.Outcome.PENDING
    assert [n.subject for n in notes(cast.clerk, case)] == ["INF-2026-0001: Information request received"]


def test_councillor_submits_the_form_and_lands_on_the_case(client, cast, profile):
    client.force_login(cast.councillor)
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    # The rules of use, each citing the council's own clause where its protocol has one.
    assert "may be used only for the purpose you state" in html
    assert "no automatic right to see or have information" in html
    assert 'href="/councils/ashford-market/protocol#c-9-3"' in html
    assert 'href="/councils/ashford-market/protocol#c-9-5"' in html
    response = client.post(NEW, _form())
    case = Case.objects.get(kind=Case.Kind.INFORMATION_REQUEST)
    assert response.status_code == 302
    assert response["Location"] == f"/councils/ashford-market/cases/{case.reference}/"
    html = client.get(response["Location"]).content.decode()
    assert "To scrutinise the award at the Finance Committee." in html
    assert "due Wednesday 11 November 2026" in html


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("purpose", "Say what you will use the information for"),
        ("need_to_know", "Say why you need to know this to perform your duties as a councillor."),
    ],
)
def test_no_purpose_or_need_to_know_is_a_field_error_and_nothing_typed_is_lost(client, cast, profile, field, message):
    client.force_login(cast.councillor)
    response = client.post(NEW, _form(**{field: "   "}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # The error is linked to its field, and what was typed elsewhere is still there.
    assert f'aria-describedby="id_{field}_error"' in html or f'id_{field}_error' in html
    assert "The scoring sheets for each tender." in html
    assert not Case.objects.exists()


def test_declared_interest_needs_its_nature(client, cast, profile):
    client.force_login(cast.councillor)
    response = client.post(NEW, _form(interest_declared="on"))
    assert response.status_code == 400
    assert "Say what your interest is." in response.content.decode()
    assert not Case.objects.exists()


def test_service_refuses_a_request_without_purpose(cast, profile):
    from casework.models import DomainError

    with pytest.raises(DomainError, match="the purpose you will use it for"):
        svc.information_request_open(
            council=cast.council, councillor=cast.councillor, subject="x", what_wanted="x", purpose="",
            need_to_know="x", received_at=MON, now=MON,
        )


def test_declared_interest_is_recorded_on_the_timeline(cast, open_request):
    case = open_request(interest="My brother-in-law bid for the contract.")
    note = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert note.summary == "Cllr Alice Adams declared an interest in the subject: My brother-in-law bid for the contract."


@pytest.mark.parametrize("who", ["clerk", "officer", "monitoring_officer", "outsider", "other_clerk"])
def test_only_a_councillor_of_the_council_can_request(client, cast, profile, who):
    client.force_login(getattr(cast, who))
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, _form()).status_code == 404
    assert not Case.objects.exists()


def test_the_response_clock_is_a_working_day_clock_that_can_pause(cast, open_request):
    case = open_request()
    assert case.deadlines.get().working_days == 7
    assert case.deadlines.get().state == Deadline.State.OPEN
