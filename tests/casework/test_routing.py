import datetime as dt

import pytest

from accounts.models import OfficeTerm
from casework.models import Case, CaseConflict
from casework.profiles import profile_create_from_preset
from casework.routing import route
from tests.factories import AbsenceFactory, CouncilFactory, MembershipFactory, OfficeTermFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


def _case(cast, kind, **kw):
    return Case(council=cast.council, kind=kind, subject="x", **kw)


def test_breach_report_goes_to_the_chair(cast, profile):
    decision = route(_case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.officer), on=DAY)
    assert (decision.office, decision.person) == ("chair", cast.chair)
    assert decision.clause.startswith("18")
    assert decision.reason.startswith("Chair: the protocol sends a protocol breach report to the Chair — protocol 18")


def test_breach_report_goes_to_vice_chair_when_chair_absent(cast, profile):
    AbsenceFactory(user=cast.chair, starts_on=DAY, ends_on=DAY + dt.timedelta(days=3))
    decision = route(_case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.officer), on=DAY)
    assert decision.person == cast.vice_chair
    assert "the Chair is absent until 26 November 2026" in decision.reason


def test_breach_report_about_the_chair_goes_to_vice_chair(cast, profile):
    decision = route(_case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.officer, subject_person=cast.chair), on=DAY)
    assert decision.person == cast.vice_chair
    assert decision.reason.startswith("Vice-Chair: the Chair is the subject of this protocol breach report")


def test_breach_report_by_the_chair_goes_to_vice_chair(cast, profile):
    decision = route(_case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.chair), on=DAY)
    assert decision.person == cast.vice_chair
    assert "the Chair raised this protocol breach report" in decision.reason


def test_chair_who_declared_an_interest_is_passed_over(cast, profile):
    case = _case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.officer, received_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    case.reference, case.created_at, case.updated_at = "BRE-2026-0009", case.received_at, case.received_at
    case.save()
    CaseConflict.objects.create(case=case, user=cast.chair, reason="has declared an interest in this case")
    decision = route(case, on=DAY)
    assert decision.person == cast.vice_chair
    assert "the Chair has declared an interest in this case" in decision.reason


def test_nobody_available_says_so(cast, profile):
    decision = route(_case(cast, Case.Kind.BREACH_REPORT, raised_by=cast.chair, subject_person=cast.vice_chair), on=DAY)
    assert decision.person is None
    assert decision.reason.startswith("Nobody can take this case")


def test_code_complaint_goes_to_the_principal_councils_monitoring_officer(cast, profile):
    decision = route(_case(cast, Case.Kind.COMPLAINT, subject_person=cast.councillor), on=DAY)
    assert decision.person == cast.monitoring_officer


def test_code_complaint_goes_to_the_deputy_when_the_mo_is_conflicted(cast, profile):
    decision = route(
        _case(cast, Case.Kind.COMPLAINT, subject_person=cast.councillor, raised_by=cast.monitoring_officer), on=DAY
    )
    assert decision.person == cast.deputy_monitoring_officer
    assert "Deputy Monitoring Officer" in decision.reason


def test_concern_about_the_clerk_at_brackley_goes_to_the_mayor(db):
    council = CouncilFactory(slug="brackley-test")
    profile_create_from_preset(council=council, preset="brackley")
    mayor, clerk = UserFactory(full_name="Cllr May Mayor"), UserFactory(full_name="Clara Clerk")
    MembershipFactory(user=clerk, council=council, role="clerk")
    OfficeTermFactory(council=council, office=OfficeTerm.Office.MAYOR, holder=mayor)
    decision = route(Case(council=council, kind=Case.Kind.CLERK_CONCERN, subject="x", subject_person=clerk), on=DAY)
    assert decision.person == mayor
    assert decision.clause == "10.2.1"


def test_enquiry_goes_to_the_clerk(cast, profile):
    assert route(_case(cast, Case.Kind.ENQUIRY, raised_by=cast.councillor), on=DAY).person == cast.clerk
