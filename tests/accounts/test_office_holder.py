import datetime as dt

import pytest

from accounts.selectors import office_holder, roles_at
from tests.factories import AbsenceFactory

DAY = dt.date(2026, 11, 23)


@pytest.mark.django_db
def test_chair_holds_office_when_present(cast):
    holding = office_holder(council=cast.council, office="chair", on=DAY, stand_ins=["vice_chair"])
    assert holding.person == cast.chair
    assert not holding.is_stand_in
    assert holding.reason == "Cllr Charlotte Chair holds the office of Chair."


@pytest.mark.django_db
def test_vice_chair_acts_when_chair_absent(cast):
    AbsenceFactory(user=cast.chair, starts_on=dt.date(2026, 11, 20), ends_on=dt.date(2026, 11, 27))
    holding = office_holder(council=cast.council, office="chair", on=DAY, stand_ins=["vice_chair"])
    assert holding.person == cast.vice_chair
    assert holding.acting_office == "vice_chair"
    assert holding.reason == "Cllr Victor Vice acts as Vice-Chair: the Chair is absent until 27 November 2026."


@pytest.mark.django_db
def test_absence_that_has_ended_does_not_pass_the_chair_over(cast):
    AbsenceFactory(user=cast.chair, starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 22))
    assert office_holder(council=cast.council, office="chair", on=DAY, stand_ins=["vice_chair"]).person == cast.chair


@pytest.mark.django_db
def test_conflicted_chair_is_passed_over_with_the_reason(cast):
    holding = office_holder(
        council=cast.council,
        office="chair",
        on=DAY,
        stand_ins=["vice_chair"],
        conflicted={cast.chair.pk: "is the subject of this report"},
    )
    assert holding.person == cast.vice_chair
    assert "the Chair is the subject of this report" in holding.reason


@pytest.mark.django_db
def test_nobody_can_act_when_whole_chain_is_conflicted(cast):
    holding = office_holder(
        council=cast.council,
        office="chair",
        on=DAY,
        stand_ins=["vice_chair"],
        conflicted={cast.chair.pk: "is the reporter", cast.vice_chair.pk: "has declared an interest"},
    )
    assert holding.person is None
    assert holding.reason.startswith("Nobody can act as Chair")


@pytest.mark.django_db
def test_office_held_on_a_past_date_by_former_holder(cast):
    from accounts.models import OfficeTerm
    from tests.factories import OfficeTermFactory, UserFactory

    term = OfficeTerm.objects.get(council=cast.council, office="chair")
    term.starts_on = dt.date(2026, 5, 1)
    term.save()
    former = UserFactory(full_name="Cllr Former Chair")
    OfficeTermFactory(
        council=cast.council, office="chair", holder=former, starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2026, 4, 30)
    )
    assert office_holder(council=cast.council, office="chair", on=dt.date(2026, 1, 5)).person == former
    assert office_holder(council=cast.council, office="chair", on=DAY).person == cast.chair


@pytest.mark.django_db
def test_monitoring_officer_of_principal_council_has_a_role_at_the_town(cast):
    roles = roles_at(user=cast.monitoring_officer, council=cast.council, on=DAY)
    assert roles.is_monitoring_officer
    assert roles.membership is None
    assert not roles_at(user=cast.outsider, council=cast.council, on=DAY).is_member
    assert not roles_at(user=cast.other_clerk, council=cast.council, on=DAY).is_member
