"""Close personal relationships (002 6.5–6.7): disclosed to the MO only; routing treats the pair as conflicted."""

import datetime as dt

import pytest
import time_machine

from casework.models import Case, DomainError, Notification
from casework.services.cases import case_open
from interests.models import RelationshipDisclosure
from interests.services.relationships import relationship_acknowledge, relationship_disclose, relationship_end
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 11, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _disclose(cast, discloser=None, other=None, **kw):
    return relationship_disclose(
        council=cast.council,
        discloser=discloser or cast.chair,
        other_person=other or cast.clerk,
        nature=kw.pop("nature", "partner"),
        details=kw.pop("details", "We live together"),
        began_on=kw.pop("began_on", dt.date(2025, 1, 1)),
        now=NOW,
    )


def test_a_disclosure_is_a_confidential_case_with_the_monitoring_officer(cast, profile):
    disclosure = _disclose(cast)
    case = disclosure.case
    assert case.kind == Case.Kind.RELATIONSHIP
    assert case.confidential
    assert case.routed_to == cast.monitoring_officer
    told = Notification.objects.get(recipient=cast.monitoring_officer)
    assert "Cllr Charlotte Chair" in told.body
    assert "Carol Clerk" not in told.body  # the email says who disclosed, not with whom


def test_routing_passes_over_the_other_person_for_a_case_raised_by_one_of_the_pair(cast, profile, make_case):
    # A breach report raised by the Clerk would go to the Chair; the Chair disclosed a relationship with the Clerk.
    _disclose(cast, discloser=cast.chair, other=cast.clerk)
    case = make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.clerk, working_days=10)
    assert case.routed_to == cast.vice_chair
    # The reason shown on the case does not reveal the relationship.
    reason = case.events.get(kind="routed").summary
    assert "conflict of interest recorded with the Monitoring Officer" in reason
    assert "relationship" not in reason.lower() and "partner" not in reason.lower()


def test_routing_passes_over_the_other_person_for_a_case_about_one_of_the_pair(cast, profile, make_case):
    _disclose(cast, discloser=cast.clerk, other=cast.chair)
    case = make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.officer,
                     subject_person=cast.clerk, working_days=10)
    assert case.routed_to == cast.vice_chair


def test_an_open_case_already_with_the_other_person_is_routed_again(cast, profile, make_case):
    case = make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.clerk, working_days=10)
    assert case.routed_to == cast.chair
    _disclose(cast, discloser=cast.chair, other=cast.clerk)
    case.refresh_from_db()
    assert case.routed_to == cast.vice_chair


def test_once_the_relationship_has_ended_routing_is_as_before(cast, profile, make_case):
    disclosure = _disclose(cast, discloser=cast.chair, other=cast.clerk)
    relationship_end(disclosure=disclosure, actor=cast.chair, now=NOW, reason="We have separated")
    case = make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.clerk, working_days=10)
    assert case.routed_to == cast.chair


def test_a_disclosure_at_another_council_does_not_affect_this_one(cast, profile, make_case):
    from casework.profiles import profile_create_from_preset

    profile_create_from_preset(council=cast.other_council, preset="kettering")
    disclosure = _disclose(cast, discloser=cast.chair, other=cast.clerk)
    RelationshipDisclosure.objects.filter(pk=disclosure.pk).update(council=cast.other_council)
    case = make_case(received_at=NOW, kind=Case.Kind.BREACH_REPORT, raised_by=cast.clerk, working_days=10)
    assert case.routed_to == cast.chair


def test_a_monitoring_officer_in_a_relationship_with_the_councillor_is_passed_over_for_their_complaint(
    cast, profile
):
    from django.db import transaction

    from casework.models import Case as C
    from tests.factories import MembershipFactory

    # The MO's own membership at the town (e.g. as an officer) lets them disclose there.
    MembershipFactory(user=cast.monitoring_officer, council=cast.council, role="officer")
    _disclose(cast, discloser=cast.monitoring_officer, other=cast.councillor)
    with transaction.atomic():
        case, decision = case_open(council=cast.council, kind=C.Kind.COMPLAINT, subject="About a councillor",
                                   received_at=NOW, now=NOW, actor=cast.clerk, raised_by=cast.clerk,
                                   subject_person=cast.councillor)
    assert decision.person == cast.deputy_monitoring_officer


def test_disclosing_twice_keeps_one_disclosure(cast, profile):
    assert _disclose(cast) == _disclose(cast)
    assert RelationshipDisclosure.objects.count() == 1


def test_the_other_person_must_be_at_the_council(cast, profile):
    with pytest.raises(DomainError, match="Both people"):
        _disclose(cast, other=cast.other_clerk)
    with pytest.raises(DomainError, match="other person"):
        _disclose(cast, other=cast.chair)


def test_the_monitoring_officer_acknowledges_and_only_they_can(cast, profile):
    disclosure = _disclose(cast)
    with pytest.raises(DomainError, match="Only the Monitoring Officer"):
        relationship_acknowledge(disclosure=disclosure, officer=cast.clerk, now=NOW)
    relationship_acknowledge(disclosure=disclosure, officer=cast.monitoring_officer, now=NOW,
                             note="Neither of you should sit on the Staffing Committee for the other.")
    disclosure.refresh_from_db()
    assert disclosure.status == RelationshipDisclosure.Status.ACKNOWLEDGED
    assert disclosure.case.events.filter(summary__contains="Staffing Committee").exists()


# --- who can see a disclosure ----------------------------------------------------------------


def test_the_discloser_and_the_monitoring_officer_see_it(client, cast, profile):
    disclosure = _disclose(cast)
    url = f"/councils/ashford-market/register/relationships/{disclosure.pk}/"
    for who in (cast.chair, cast.monitoring_officer):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert "We live together" in response.content.decode()


@pytest.mark.parametrize("who", ["clerk", "councillor", "officer", "vice_chair", "other_clerk", "outsider"])
def test_nobody_else_sees_it_not_even_the_other_person(client, cast, profile, who):
    disclosure = _disclose(cast)  # the Chair, with the Clerk
    client.force_login(getattr(cast, who))
    assert client.get(f"/councils/ashford-market/register/relationships/{disclosure.pk}/").status_code == 404
    assert client.get(f"/councils/ashford-market/cases/{disclosure.case.reference}/").status_code == 404


def test_the_disclosure_form_offers_people_at_the_council_and_keeps_what_was_typed(client, cast, profile):
    client.force_login(cast.officer)
    page = client.get("/councils/ashford-market/register/relationships/new").content.decode()
    assert "Carol Clerk" in page and "Cllr Alice Adams" in page
    assert "Beryl Beckby" not in page and "Oscar Officer</option>" not in page
    response = client.post("/councils/ashford-market/register/relationships/new",
                           {"other_person": "", "nature": "friendship", "details": "Old school friends"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the other person in the relationship." in html
    assert "Old school friends" in html
