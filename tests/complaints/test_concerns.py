"""Concerns about an officer go to the Clerk; about the Clerk to the offices the protocol names — never the
Clerk, who cannot see them; grievances go to the chair of the Staffing Committee."""

import pytest
from django.urls import reverse

from accounts.models import OfficeTerm
from casework.models import Case, CaseEvent, DomainError, Notification
from casework.profiles import profile_create_from_preset
from complaints.models import Concern
from complaints.services.concerns import concern_decide, concern_raise, grievance_lodge
from tests.complaints.conftest import NOW, at
from tests.factories import AbsenceFactory, CouncilFactory, MembershipFactory, OfficeTermFactory, UserFactory

pytestmark = pytest.mark.django_db


def _routed(case):
    return case.events.get(kind=CaseEvent.Kind.ROUTED).summary


def test_concern_about_an_officer_goes_to_the_clerk(cast, profile):
    case = concern_raise(council=cast.council, raiser=cast.councillor, about="officer", subject_person=cast.officer,
                         details="No replies for a month.", now=NOW)
    assert (case.kind, case.routed_to, case.confidential) == (Case.Kind.OFFICER_CONCERN, cast.clerk, True)
    assert "protocol 10.1" in _routed(case)
    assert Notification.objects.filter(case=case, recipient=cast.clerk).exists()
    # 10 working days (the portal default) from Monday 23 November 2026.
    assert str(case.deadlines.get(rule="concern_response").due_on) == "2026-12-07"
    assert case.concern.told_offices == ["Clerk"]


def test_the_clerk_cannot_be_named_as_an_officer(cast, profile):
    with pytest.raises(DomainError, match="choose 'the Clerk'"):
        concern_raise(council=cast.council, raiser=cast.councillor, about="officer", subject_person=cast.clerk,
                      details="x", now=NOW)


def test_concern_about_the_clerk_goes_to_the_chair_and_vice_chair_never_the_clerk(client, cast, profile):
    case = concern_raise(council=cast.council, raiser=cast.councillor, about="clerk", details="Minutes altered.",
                         now=NOW)
    assert (case.kind, case.subject_person, case.routed_to) == (Case.Kind.CLERK_CONCERN, cast.clerk, cast.chair)
    assert case.concern.told_offices == ["Chair", "Vice-Chair"]
    told = set(Notification.objects.filter(case=case).values_list("recipient", flat=True))
    assert told == {cast.chair.pk, cast.vice_chair.pk}
    # Both offices can open it (the message to them shows every recipient); the Clerk cannot.
    url = reverse("case-detail", args=["ashford-market", case.reference])
    for person in (cast.chair, cast.vice_chair, cast.councillor, cast.monitoring_officer):
        client.force_login(person)
        assert client.get(url).status_code == 200, person
    for person in (cast.clerk, cast.officer, cast.other_councillor, cast.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(cast.clerk)
    assert case.reference not in client.get("/councils/ashford-market/").content.decode()
    assert case.reference not in client.get(reverse("complaints-hub", args=["ashford-market"])).content.decode()
    assert client.get(reverse("concern-outcome", args=["ashford-market", case.reference])).status_code == 404


def test_the_clerk_cannot_raise_a_concern_about_themselves(cast, profile):
    with pytest.raises(DomainError, match="cannot be raised by the Clerk"):
        concern_raise(council=cast.council, raiser=cast.clerk, about="clerk", details="x", now=NOW)


def _council_with(preset, slug):
    council = CouncilFactory(slug=slug, name=f"{slug.title()} Town Council")
    profile_create_from_preset(council=council, preset=preset)
    clerk = UserFactory(email=f"clerk@{slug}.example.org", full_name=f"Clerk of {slug}")
    councillor = UserFactory(email=f"cllr@{slug}.example.org", full_name=f"Cllr of {slug}")
    MembershipFactory(user=clerk, council=council, role="clerk")
    MembershipFactory(user=councillor, council=council)
    return council, clerk, councillor


def _office(council, office, name, committee=""):
    user = UserFactory(email=f"{office}@{council.slug}.example.org", full_name=name)
    MembershipFactory(user=user, council=council)
    OfficeTermFactory(council=council, office=office, committee=committee, holder=user)
    return user


def test_brackley_concern_about_the_clerk_goes_to_the_mayor_and_the_finance_committee_chair(db):
    council, clerk, councillor = _council_with("brackley", "brackley")
    mayor = _office(council, OfficeTerm.Office.MAYOR, "Cllr May Mayor")
    finance = _office(council, OfficeTerm.Office.COMMITTEE_CHAIR, "Cllr Fin Ance", "Finance Committee")
    case = concern_raise(council=council, raiser=councillor, about="clerk", details="x", now=NOW)
    assert case.routed_to == mayor
    assert case.concern.told_offices == ["Mayor", "Chair of the Finance Committee"]
    assert set(case.messages.get().recipients.values_list("user", flat=True)) == {mayor.pk, finance.pk}
    assert "protocol 10.2.1" in _routed(case)
    assert not Notification.objects.filter(recipient=clerk).exists()


def test_stotfold_concern_about_the_clerk_goes_to_the_mayor_and_or_vice_mayor(db):
    council, clerk, councillor = _council_with("stotfold", "stotfold")
    mayor = _office(council, OfficeTerm.Office.MAYOR, "Cllr May Mayor")
    deputy = _office(council, OfficeTerm.Office.DEPUTY_MAYOR, "Cllr Dee Deputy")
    case = concern_raise(council=council, raiser=councillor, about="clerk", details="x", now=NOW)
    assert case.concern.told_offices == ["Mayor", "Deputy Mayor"]
    assert {mayor.pk, deputy.pk} == set(Notification.objects.filter(case=case).values_list("recipient", flat=True))

    AbsenceFactory(user=mayor, starts_on=NOW.date(), ends_on=NOW.date())
    second = concern_raise(council=council, raiser=councillor, about="clerk", details="y", now=NOW)
    assert second.routed_to == deputy
    assert "the Mayor is absent until 23 November 2026" in _routed(second)
    assert second.concern.told_offices == ["Deputy Mayor"]


def test_grievance_goes_to_the_chair_of_the_staffing_committee(cast, profile):
    chair = _office(cast.council, OfficeTerm.Office.COMMITTEE_CHAIR, "Cllr Sam Staffing", "Staffing Committee")
    case = grievance_lodge(council=cast.council, raiser=cast.officer, details="Overtime unpaid.", now=NOW)
    assert (case.kind, case.routed_to, case.routed_office) == (
        Case.Kind.GRIEVANCE, chair, "committee_chair:Staffing Committee")
    assert "Chair of the Staffing Committee: the protocol sends a grievance" in _routed(case)
    assert case.deadlines.get().label == "Chair of the Staffing Committee to respond"


def test_grievance_with_nobody_chairing_the_staffing_committee_says_so(cast, profile):
    case = grievance_lodge(council=cast.council, raiser=cast.officer, details="Overtime unpaid.", now=NOW)
    assert case.routed_to is None
    assert "nobody holds the office of Chair of the Staffing Committee on 23 November 2026" in _routed(case)
    assert case.concern.told_offices == []


def test_only_staff_lodge_grievances(cast, profile):
    with pytest.raises(DomainError, match="staff"):
        grievance_lodge(council=cast.council, raiser=cast.councillor, details="x", now=NOW)


def test_outcome_by_whoever_it_was_raised_with_closes_it_and_tells_the_raiser(cast, profile):
    case = concern_raise(council=cast.council, raiser=cast.councillor, about="clerk", details="x", now=NOW)
    with pytest.raises(DomainError, match="Only those this concern about the clerk was raised with"):
        concern_decide(case=case, decider=cast.other_councillor, outcome="resolved", reasons="x", now=at(24))
    # The Vice-Chair was told too, so may record it.
    concern_decide(case=case, decider=cast.vice_chair, outcome="resolved", reasons="Spoke to the Clerk.", now=at(24))
    case.refresh_from_db()
    assert case.status == "closed"
    assert Concern.objects.get(pk=case.pk).outcome == "resolved"
    assert case.deadlines.get().state == "met"
    told = Notification.objects.filter(case=case, recipient=cast.councillor).last()
    assert "Resolved" in told.body and "Spoke to the Clerk." in told.body


def test_concern_outcome_page_keeps_what_was_typed_and_records_it(client, cast, profile, frozen):
    case = concern_raise(council=cast.council, raiser=cast.councillor, about="officer", subject_person=cast.officer,
                         details="x", now=NOW)
    url = reverse("concern-outcome", args=["ashford-market", case.reference])
    client.force_login(cast.clerk)
    bad = client.post(url, {"version": case.version, "outcome": "", "reasons": "Talked it through."})
    assert bad.status_code == 400 and "Choose the outcome." in bad.content.decode()
    assert "Talked it through." in bad.content.decode()
    good = client.post(url, {"version": case.version, "outcome": "resolved", "reasons": "Talked it through."})
    assert good.status_code == 302
    client.force_login(cast.councillor)
    assert client.get(url).status_code == 404  # the raiser does not decide it


def test_concern_form_pages(client, cast, profile, frozen):
    client.force_login(cast.councillor)
    url = reverse("concern-new", args=["ashford-market"])
    bad = client.post(url, {"about": "officer", "subject_person": "", "details": "Rude on the phone."})
    assert bad.status_code == 400
    assert "Choose the officer your concern is about." in bad.content.decode()
    assert "Rude on the phone." in bad.content.decode()
    ok = client.post(url, {"about": "clerk", "details": "Rude on the phone."}, follow=True)
    assert "has been raised with: Chair, Vice-Chair" in ok.content.decode()
    # An officer may raise a concern about the Clerk only.
    client.force_login(cast.officer)
    choices = [c[0] for c in client.get(url).context["form"].fields["about"].choices]
    assert choices == ["clerk"]
    client.force_login(cast.officer)
    grievance = client.post(reverse("grievance-new", args=["ashford-market"]), {"details": "Overtime."}, follow=True)
    assert "Your grievance GRV-2026-0001 is recorded." in grievance.content.decode()
