"""000 9.5: a referral goes to the Chair, or to the Vice-Chair when the Chair is the requester, is absent,
or has an interest; a decision by anyone else, or by a conflicted Chair, is refused with a clear message."""

import datetime as dt

import pytest
import time_machine

from casework import hooks
from casework.models import Case, CaseConflict, CaseEvent, CaseLink, DomainError, ReferralDecision
from casework.services import information as svc
from tests.factories import AbsenceFactory
from tests.information.conftest import THU, TUE_NEXT, notes, referral_url, url

pytestmark = pytest.mark.django_db


def _routed(referral):
    return referral.events.filter(kind=CaseEvent.Kind.ROUTED).order_by("at", "pk").last()


def test_referral_goes_to_the_chair_linked_to_the_request_with_clause_9_5(cast, referred):
    request, referral = referred()
    assert referral.kind == Case.Kind.REFERRAL
    assert referral.reference == "REF-2026-0001"
    assert referral.confidential
    assert referral.raised_by == cast.councillor
    assert (referral.routed_office, referral.routed_to) == ("chair", cast.chair)
    assert CaseLink.objects.filter(case=referral, to_case=request, relation=CaseLink.Relation.REFERRAL_OF).exists()
    routed = _routed(referral)
    assert (routed.clause, routed.clause_anchor) == ("9.5", "c-9-5")
    assert [n.subject for n in notes(cast.chair, referral)] == ["REF-2026-0001: Referral awaiting your decision"]
    assert "no need to know has been demonstrated" in notes(cast.chair, referral)[0].body
    # The request records the referral, and the councillor is told who decides and by when.
    told = notes(cast.councillor, request)[-1]
    assert told.subject == "INF-2026-0001: Your information request has been referred"
    assert "Cllr Charlotte Chair (Chair)" in told.body
    assert "Thursday 12 November 2026" in told.body


def test_vice_chair_decides_when_the_chair_is_the_requester(cast, referred):
    _, referral = referred(councillor=cast.chair)
    assert (referral.routed_office, referral.routed_to) == ("vice_chair", cast.vice_chair)
    assert "the Chair raised this referral" in _routed(referral).summary


def test_vice_chair_decides_when_the_chair_is_absent(cast, referred):
    AbsenceFactory(user=cast.chair, starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 30))
    _, referral = referred()
    assert referral.routed_to == cast.vice_chair
    assert "the Chair is absent until 30 November 2026" in _routed(referral).summary


def test_vice_chair_decides_when_the_determination_says_the_chair_has_an_interest(cast, referred):
    _, referral = referred(chair_has_interest=True)
    assert referral.routed_to == cast.vice_chair
    conflict = CaseConflict.objects.get(case=referral)
    assert conflict.user == cast.chair
    assert conflict.reason == "has an interest in the subject of this request"
    assert "the Chair has an interest in the subject of this request" in _routed(referral).summary
    # The Chair is not told of a referral they may not decide; the Vice-Chair is.
    assert notes(cast.chair, referral) == []
    assert [n.subject for n in notes(cast.vice_chair, referral)] == ["REF-2026-0001: Referral to the Chair routed to you"]


def test_vice_chair_decides_when_a_conflict_provider_says_the_chair_is_conflicted(cast, referred, monkeypatch):
    chair = cast.chair

    def relationship(case):
        return {chair.pk: "has a close personal relationship with the councillor"} if case.kind == "referral" else {}

    monkeypatch.setattr(hooks, "_conflict_providers", [relationship])
    _, referral = referred()
    assert referral.routed_to == cast.vice_chair
    assert CaseConflict.objects.get(case=referral, user=chair).reason == (
        "has a close personal relationship with the councillor"
    )


def test_chair_declaring_an_interest_passes_the_referral_to_the_vice_chair(client, cast, referred):
    _, referral = referred()
    with time_machine.travel(TUE_NEXT, tick=False):
        client.force_login(cast.chair)
        response = client.post(referral_url(referral, "interest"), {"interest-reason": "My daughter tendered"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.routed_to == cast.vice_chair
    assert CaseConflict.objects.get(case=referral, user=cast.chair).reason == "My daughter tendered"
    # The clock is unchanged: it is still due on Thursday 12 November 2026.
    assert referral.deadlines.get().due_on == dt.date(2026, 11, 12)
    # The Chair can no longer open the confidential referral.
    assert client.get(url(referral)).status_code == 404


def _decide(client, referral, **overrides):
    data = {
        "decide-version": referral.version,
        "decide-decision": "refuse",
        "decide-reasons": "The tender scores are commercially confidential.",
    }
    data.update(overrides)
    return client.post(referral_url(referral, "decide"), data)


def test_a_conflicted_chair_is_refused_with_a_clear_message_and_nothing_lost(client, cast, referred):
    _, referral = referred()
    # An interest recorded after routing (say, declared elsewhere) without the referral passing on.
    CaseConflict.objects.create(case=referral, user=cast.chair, reason="has declared an interest in this case")
    client.force_login(cast.chair)
    with time_machine.travel(TUE_NEXT, tick=False):
        response = _decide(client, referral)
    assert response.status_code == 409
    html = response.content.decode()
    assert "You cannot decide this referral: Cllr Charlotte Chair has declared an interest in this case." in html
    assert "The tender scores are commercially confidential." in html  # what they typed is kept
    assert not ReferralDecision.objects.exists()


@pytest.mark.parametrize("who", ["monitoring_officer", "councillor"])
def test_someone_who_can_see_the_referral_but_is_not_routed_to_it_is_refused(client, cast, referred, who):
    _, referral = referred()
    client.force_login(getattr(cast, who))
    with time_machine.travel(TUE_NEXT, tick=False):
        response = _decide(client, referral)
    assert response.status_code == 409
    assert "it is routed to Cllr Charlotte Chair, not to you" in response.content.decode()
    assert not ReferralDecision.objects.exists()


@pytest.mark.parametrize("who", ["vice_chair", "clerk", "officer", "other_councillor", "outsider", "other_clerk"])
def test_people_who_cannot_see_the_referral_get_404(client, cast, referred, who):
    _, referral = referred()
    client.force_login(getattr(cast, who))
    assert client.get(url(referral)).status_code == 404
    assert _decide(client, referral).status_code == 404
    assert not ReferralDecision.objects.exists()


def test_the_service_refuses_a_decision_by_a_chair_who_is_not_routed_to_it(cast, referred):
    _, referral = referred(chair_has_interest=True)
    with pytest.raises(DomainError, match="it is routed to Cllr Victor Vice, not to you"):
        svc.referral_decide(referral=referral, decider=cast.chair, decision="release", reasons="Fine", now=TUE_NEXT)


def test_a_referral_is_decided_once(cast, referred):
    _, referral = referred()
    svc.referral_decide(referral=referral, decider=cast.chair, decision="release", reasons="Needed", now=TUE_NEXT)
    referral.refresh_from_db()
    with pytest.raises(DomainError, match="it has been decided"):
        svc.referral_decide(referral=referral, decider=cast.chair, decision="refuse", reasons="No", now=TUE_NEXT)


def test_opening_the_referral_is_recorded_as_a_view(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.chair)
    with time_machine.travel(TUE_NEXT, tick=False):
        assert client.get(url(referral)).status_code == 200
    assert referral.events.filter(kind=CaseEvent.Kind.VIEWED, actor=cast.chair).count() == 1


def test_referring_at_thursday_is_recorded_on_both_cases(cast, referred):
    request, referral = referred()
    summary = request.events.filter(data__step="referred").get().summary
    assert summary.startswith("Referred as REF-2026-0001 to Cllr Charlotte Chair (Chair) for a decision (protocol 9.5)")
    assert "Decision due Thursday 12 November 2026." in summary
    assert referral.events.filter(data__step="referred").get().at == THU
