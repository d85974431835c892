"""The Chair decides with reasons and the clause: release (with conditions or an undertaking), refuse, or
refer on. A decision without reasons, and a release shown before its undertaking is accepted, are refused."""

import datetime as dt

import pytest
import time_machine

from casework.calendar import LONDON
from casework.models import (
    Case,
    CaseEvent,
    DomainError,
    InformationRelease,
    MessageRecipient,
    ReferralDecision,
)
from casework.services import information as svc
from tests.information.conftest import TUE_NEXT, info_url, notes, referral_url, url

pytestmark = pytest.mark.django_db

WED_NEXT = dt.datetime(2026, 11, 11, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TUE_NEXT, tick=False):
        yield


def _decide(client, referral, **fields):
    data = {"decide-version": referral.version, **{f"decide-{k}": v for k, v in fields.items()}}
    return client.post(referral_url(referral, "decide"), data)


def test_a_decision_without_reasons_is_refused_at_the_field_and_nothing_is_recorded(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.chair)
    response = _decide(client, referral, decision="release_conditions", reasons="  ", conditions="Members only")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the reasons for your decision." in html
    assert 'id="id_decide-reasons_error"' in html
    assert "Members only" in html  # the conditions typed are kept
    assert not ReferralDecision.objects.exists()
    with pytest.raises(DomainError, match="Give the reasons"):
        svc.referral_decide(referral=referral, decider=cast.chair, decision="refuse", reasons="", now=TUE_NEXT)


def test_release_with_conditions_needs_conditions_or_an_undertaking(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.chair)
    response = _decide(client, referral, decision="release_conditions", reasons="Needed for the committee")
    assert response.status_code == 400
    assert "Write the conditions, or require a confidentiality undertaking." in response.content.decode()


def test_refer_to_an_external_body_needs_its_name(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.chair)
    response = _decide(client, referral, decision="refer_external", reasons="A matter for the auditor")
    assert response.status_code == 400
    assert "Name the external body" in response.content.decode()


def test_chair_refuses_with_reasons_the_councillor_sees_them_and_the_clock_is_met(client, cast, referred):
    request, referral = referred()
    client.force_login(cast.chair)
    response = _decide(client, referral, decision="refuse", reasons="The tender scores are commercially confidential.")
    assert response.status_code == 302
    made = ReferralDecision.objects.get(referral=referral)
    assert (made.decision, made.clause, made.decided_by) == ("refuse", "9.5", cast.chair)
    request.refresh_from_db()
    assert request.status == Case.Status.RESPONDED
    assert request.information_request.outcome == "refused"
    assert svc.response_deadline(request).state == "met"
    told = notes(cast.councillor, request)[-1]
    assert told.subject == "INF-2026-0001: Your information request was refused"
    assert "The tender scores are commercially confidential." in told.body
    decided = referral.events.get(data__step="decided")
    assert decided.summary.startswith("Decision by Cllr Charlotte Chair: refuse the request.")
    assert (decided.clause, decided.clause_anchor) == ("9.5", "c-9-5")
    client.force_login(cast.councillor)
    assert "The tender scores are commercially confidential." in client.get(url(request)).content.decode()


def test_refer_to_the_monitoring_officer_tells_them_and_keeps_the_clock_paused(cast, referred):
    request, referral = referred()
    svc.referral_decide(
        referral=referral, decider=cast.chair, decision="refer_mo", reasons="A data protection question", now=TUE_NEXT
    )
    assert [n.subject for n in notes(cast.monitoring_officer, referral)] == ["REF-2026-0001: Referral passed to you"]
    assert svc.response_deadline(request).state == "paused"
    assert request.information_request.outcome == "referred"
    # The Clerk is asked to record the outcome when it is known.
    assert notes(cast.clerk, request)[-1].subject == "INF-2026-0001: Referred on: record the outcome"


def test_release_with_an_undertaking_is_refused_until_the_councillor_accepts_it(client, cast, referred):
    request, referral = referred()
    client.force_login(cast.chair)
    _decide(
        client, referral, decision="release_conditions", reasons="The committee needs the scores.",
        conditions="Not to be shared outside the Finance Committee.", undertaking_required="on",
    )
    # The Clerk releases it: the undertaking the decision requires travels with it.
    client.force_login(cast.clerk)
    request.refresh_from_db()
    html = client.get(url(request)).content.decode()
    assert "Not to be shared outside the Finance Committee." in html
    response = client.post(
        info_url(request, "release"),
        {
            "release-version": request.version,
            "release-body": "Tender A scored 72; tender B scored 64.",
            "release-purpose": "To scrutinise the award at the Finance Committee.",
            "release-conditions": "Not to be shared outside the Finance Committee.",
            "release-notice": "Tender scores for the grounds contract",
        },
    )
    assert response.status_code == 302
    release = InformationRelease.objects.get()
    assert release.undertaking_required and not release.announced
    # Before accepting, the councillor is refused the information, with the reason and the way to accept.
    client.force_login(cast.councillor)
    page = client.get(info_url(request))
    assert page.status_code == 409
    html = page.content.decode()
    assert "You must accept the confidentiality undertaking before you can see this information." in html
    assert "Tender A scored 72" not in html
    # Accepting without ticking the box is refused at the field; nothing changes.
    refused = client.post(info_url(request, "undertaking"), {})
    assert refused.status_code == 400
    assert "Tick the box to accept the undertaking" in refused.content.decode()
    release.refresh_from_db()
    assert release.undertaking_accepted_at is None
    # Accepting, then the information with the purpose it was given for.
    accepted = client.post(info_url(request, "undertaking"), {"undertaking-accept": "on"})
    assert accepted.status_code == 302
    page = client.get(info_url(request))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tender A scored 72; tender B scored 64." in html
    assert "To scrutinise the award at the Finance Committee." in html
    assert "accepted the confidentiality undertaking on 10 November 2026" in html
    note = request.events.get(data__step="undertaking_accepted")
    assert note.summary == (
        "Cllr Alice Adams accepted the confidentiality undertaking and the conditions: "
        "Not to be shared outside the Finance Committee."
    )
    assert (note.clause, note.clause_anchor) == ("17.1", "c-17-1")


def test_the_officer_cannot_drop_an_undertaking_the_chair_required(cast, referred):
    request, referral = referred()
    svc.referral_decide(
        referral=referral, decider=cast.chair, decision="release_conditions", reasons="Needed",
        undertaking_required=True, now=TUE_NEXT,
    )
    request.refresh_from_db()
    release = svc.information_release(case=request, officer=cast.clerk, body="The scores", now=WED_NEXT)
    assert release.undertaking_required


def test_the_service_refuses_to_accept_for_anyone_but_the_councillor(cast, referred):
    request, referral = referred()
    svc.referral_decide(
        referral=referral, decider=cast.chair, decision="release_conditions", reasons="Needed",
        undertaking_required=True, now=TUE_NEXT,
    )
    request.refresh_from_db()
    release = svc.information_release(case=request, officer=cast.clerk, body="The scores", now=WED_NEXT)
    with pytest.raises(DomainError, match="Only the councillor"):
        svc.information_undertaking_accept(release=release, councillor=cast.other_councillor, now=WED_NEXT)


def test_asking_the_monitoring_officer_for_advice_is_a_visible_message_on_the_referral(client, cast, referred):
    _, referral = referred(third_party_personal_data=True)
    client.force_login(cast.chair)
    html = client.get(url(referral)).content.decode()
    assert "This request involves a third party's personal data" in html
    response = client.post(
        referral_url(referral, "advice"), {"advice-question": "Would releasing the scores breach data protection law?"}
    )
    assert response.status_code == 302
    recipient = MessageRecipient.objects.get(message__case=referral)
    assert recipient.user == cast.monitoring_officer
    note = referral.events.get(data__step="advice_asked")
    assert note.summary == (
        "Cllr Charlotte Chair asked the Monitoring Officer (Monica Monitoring) for advice on data protection or "
        "an interest."
    )
    assert notes(cast.monitoring_officer, referral)[-1].subject == "REF-2026-0001: Message from Cllr Charlotte Chair"


def test_advice_is_cited_at_9_3_where_the_protocol_says_so(cast, referred, profile):
    from casework.profiles import profile_apply_preset

    profile_apply_preset(profile=profile, preset="district-joint")
    profile.save()
    _, referral = referred()
    # The district protocol sends referrals to the Monitoring Officer (002 9.3): they decide it.
    assert referral.routed_to == cast.monitoring_officer
    svc.referral_advice_request(referral=referral, asker=cast.councillor, question="May I see it?", now=TUE_NEXT)
    note = referral.events.get(data__step="advice_asked")
    assert (note.clause, note.clause_anchor) == ("9.3", "c-9-3")


def test_an_empty_question_for_the_monitoring_officer_is_refused(client, cast, referred):
    _, referral = referred()
    client.force_login(cast.councillor)
    response = client.post(referral_url(referral, "advice"), {"advice-question": ""})
    assert response.status_code == 400
    assert "Write the question for the Monitoring Officer." in response.content.decode()
    assert not referral.events.filter(kind=CaseEvent.Kind.MESSAGE).exists()
