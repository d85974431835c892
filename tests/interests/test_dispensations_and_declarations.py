"""Dispensations (s.33), declarations on cases and at meetings, and suggestions from the register."""

import datetime as dt
import uuid

import pytest
import time_machine

from casework import hooks
from casework.models import Case, CaseConflict, DomainError, Notification
from interests.models import Category, Declaration, Dispensation, RegistrationObligation
from interests.services.declarations import declaration_record
from interests.services.dispensations import dispensation_decide, dispensation_request
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 11, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _ask(cast, **changes):
    fields = {
        "council": cast.council,
        "councillor": cast.councillor,
        "now": NOW,
        "token": uuid.uuid4(),
        "business": "Setting the 2027/28 precept",
        "grounds": Dispensation.Grounds.INHABITANTS,
        "statement": "Every member pays the precept; I own land in the town.",
        "requested_from": dt.date(2026, 6, 1),
        "requested_until": dt.date(2027, 5, 31),
        **changes,
    }
    return dispensation_request(**fields)


def test_a_written_request_is_a_case_routed_to_the_monitoring_officer(cast, profile):
    dispensation = _ask(cast)
    assert dispensation.case.kind == Case.Kind.DISPENSATION
    assert dispensation.case.routed_to == cast.monitoring_officer
    assert dispensation.case.confidential
    assert Notification.objects.filter(recipient=cast.monitoring_officer, subject__contains="Dispensation").exists()


def test_granting_needs_reasons_and_a_period_and_closes_the_case(cast, profile):
    dispensation = _ask(cast)
    with pytest.raises(DomainError, match="reasons"):
        dispensation_decide(dispensation=dispensation, decider=cast.monitoring_officer, now=NOW, grant=True,
                            reasons=" ", granted_from=dt.date(2026, 6, 1), granted_until=dt.date(2027, 5, 31))
    with pytest.raises(DomainError, match="period"):
        dispensation_decide(dispensation=dispensation, decider=cast.monitoring_officer, now=NOW, grant=True,
                            reasons="Quorum")
    dispensation_decide(dispensation=dispensation, decider=cast.monitoring_officer, now=NOW, grant=True,
                        reasons="Without it the council could not set the precept",
                        granted_from=dt.date(2026, 6, 1), granted_until=dt.date(2027, 5, 31))
    dispensation.refresh_from_db()
    assert dispensation.status == Dispensation.Status.GRANTED
    assert dispensation.in_force_on(dt.date(2026, 6, 1)) and dispensation.in_force_on(dt.date(2027, 5, 31))
    assert not dispensation.in_force_on(dt.date(2027, 6, 1))
    assert dispensation.case.status == Case.Status.CLOSED
    told = Notification.objects.get(recipient=cast.councillor, subject__contains="granted")
    assert "1 June 2026 to 31 May 2027" in told.body


def test_a_dispensation_lasts_at_most_four_years(cast, profile):
    with pytest.raises(DomainError, match="at most 4 years"):
        _ask(cast, requested_from=dt.date(2026, 6, 1), requested_until=dt.date(2030, 6, 1))
    assert _ask(cast, requested_from=dt.date(2026, 6, 1), requested_until=dt.date(2030, 5, 31)).pk


def test_a_period_ending_before_it_starts_is_refused(cast, profile):
    with pytest.raises(DomainError, match="end of the period cannot be before its start"):
        _ask(cast, requested_from=dt.date(2026, 6, 1), requested_until=dt.date(2026, 5, 31))


@pytest.mark.parametrize("who", ["clerk", "chair", "councillor", "outsider"])
def test_only_the_monitoring_officer_decides(cast, profile, who):
    dispensation = _ask(cast)
    with pytest.raises(DomainError, match="Only the Monitoring Officer"):
        dispensation_decide(dispensation=dispensation, decider=getattr(cast, who), now=NOW, grant=False,
                            reasons="No")


def test_a_request_is_decided_once(cast, profile):
    dispensation = _ask(cast)
    dispensation_decide(dispensation=dispensation, decider=cast.monitoring_officer, now=NOW, grant=False,
                        reasons="No grounds")
    with pytest.raises(DomainError, match="already refused"):
        dispensation_decide(dispensation=dispensation, decider=cast.monitoring_officer, now=NOW, grant=False,
                            reasons="No grounds")


def test_the_decision_form_keeps_what_was_typed_and_links_errors(client, cast, profile):
    dispensation = _ask(cast)
    client.force_login(cast.monitoring_officer)
    response = client.post(f"/councils/ashford-market/register/dispensations/{dispensation.pk}/decide",
                           {"decision": "grant", "reasons": "Quorum", "granted_from": "2026-06-01",
                            "granted_until": "2026-05-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end of the period cannot be before its start." in html
    assert 'href="#id_granted_until"' in html
    assert "Quorum" in html


# --- declarations ------------------------------------------------------------------------


def _declare(cast, **changes):
    fields = {
        "council": cast.council,
        "councillor": cast.councillor,
        "now": NOW,
        "token": uuid.uuid4(),
        "occasion": Declaration.Occasion.MEETING,
        "meeting": "Planning Committee",
        "declared_on": dt.date(2026, 5, 11),
        "nature": "My employer is the applicant",
        **changes,
    }
    return declaration_record(**fields)


def test_a_declaration_on_an_enquiry_makes_the_councillor_conflicted_and_shows_on_the_case(cast, make_case):
    case = make_case(received_at=NOW, subject="Planning application at Hartley's yard")
    declaration = _declare(cast, occasion=Declaration.Occasion.CASE, case=case, meeting="")
    assert CaseConflict.objects.filter(case=case, user=cast.councillor).exists()
    assert case.events.filter(summary__contains="declared an interest: My employer is the applicant").exists()
    assert declaration.register.case.events.filter(summary__contains=case.reference).exists()


def test_a_declaration_links_to_the_interest_on_the_register(keep, cast):
    version = keep.publish(NOW)
    entry = version.entries.get()
    declaration = _declare(cast, entry=entry)
    assert declaration.entry_lineage == entry.lineage
    assert declaration.on_register
    assert declaration.is_dpi


def test_an_interest_not_on_the_register_can_start_an_update(keep, cast):
    keep.publish(NOW)
    declaration = _declare(cast, is_dpi=False, start_update=True, declared_on=dt.date(2026, 5, 8))
    assert declaration.obligation.reason == RegistrationObligation.Reason.CHANGE
    assert declaration.obligation.due_on == dt.date(2026, 6, 4)


def test_a_declaration_only_on_the_councillors_own_cases(cast, make_case):
    theirs = make_case(received_at=NOW, raised_by=cast.other_councillor)
    with pytest.raises(DomainError, match="your own"):
        _declare(cast, occasion=Declaration.Occasion.CASE, case=theirs, meeting="")


def test_a_declaration_dated_in_the_future_is_refused(cast, profile):
    with pytest.raises(DomainError, match="future"):
        _declare(cast, declared_on=dt.date(2026, 5, 12))


def test_the_same_declaration_posted_twice_is_recorded_once(cast, profile):
    token = uuid.uuid4()
    assert _declare(cast, token=token) == _declare(cast, token=token)
    assert Declaration.objects.count() == 1


# --- suggestions from the register -------------------------------------------------------------


def test_text_mentioning_an_employer_on_the_register_suggests_a_declaration(keep, cast):
    keep.publish(NOW)
    found = hooks.suggest_interests(councillor=cast.councillor, council=cast.council,
                                    text="Why did hartley & sons surveyors win the car park contract?")
    assert len(found) == 1
    assert "Hartley & Sons Surveyors" in found[0] and "declare the interest" in found[0]


def test_land_on_the_register_is_matched_by_its_street(keep, cast):
    keep.publish(NOW, category=Category.LAND, name="Land at 4 Mill Lane, Ashford")
    found = hooks.suggest_interests(councillor=cast.councillor, council=cast.council,
                                    text="Potholes all along Mill Lane since March")
    assert found and "Mill Lane" in found[0]


def test_unrelated_text_suggests_nothing(keep, cast):
    keep.publish(NOW)
    assert hooks.suggest_interests(councillor=cast.councillor, council=cast.council,
                                   text="Bins not collected on Station Road") == []
    # Another councillor's register is not theirs.
    assert hooks.suggest_interests(councillor=cast.other_councillor, council=cast.council,
                                   text="Hartley & Sons Surveyors") == []


def test_a_sensitive_interest_is_never_suggested(keep, cast):
    version = keep.draft(NOW)
    secret = keep.add(version, NOW, category=Category.LAND, name="17 Quarry Road", sensitive=True,
                      sensitive_reasons="Harassment")
    keep.submit(version, NOW)
    keep.accept(version, NOW, {secret.pk: True})
    assert hooks.suggest_interests(councillor=cast.councillor, council=cast.council,
                                   text="Flooding on Quarry Road") == []
