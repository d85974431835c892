"""`seed_demo` builds a login for every role and can be run again without changing anything."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import ClosureDay, Council, Membership, OfficeTerm, User
from accounts.selectors import councils_served_by, roles_at
from casework.management.commands.seed_demo import ADMIN_EMAIL, DEMO_PASSWORD
from casework.models import ProtocolClause, ProtocolProfile

MODELS = (User, Council, Membership, OfficeTerm, ClosureDay, ProtocolProfile, ProtocolClause)


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _snapshot() -> dict[str, list[tuple]]:
    """Every seeded row, as values: a second run must leave them all exactly as they were."""
    return {
        model.__name__: sorted(map(tuple, model.objects.order_by("pk").values_list()), key=repr)
        for model in MODELS
    }


@pytest.fixture
def seeded(db):
    return _seed()


def test_second_run_creates_and_changes_nothing(seeded):
    before = _snapshot()
    counts = {name: len(rows) for name, rows in before.items()}
    assert counts["User"] > 0 and counts["Membership"] > 0 and counts["ProtocolProfile"] == 2

    output = _seed()

    assert {name: len(rows) for name, rows in _snapshot().items()} == counts
    assert _snapshot() == before
    assert "nothing to create" in output


def test_every_role_and_office_exists_today(seeded):
    today = timezone.localdate()
    current_roles = set(Membership.objects.current_on(today).values_list("role", flat=True))
    assert current_roles == set(Membership.Role.values)
    offices = set(OfficeTerm.objects.current_on(today).values_list("office", flat=True))
    assert {
        OfficeTerm.Office.CHAIR,
        OfficeTerm.Office.VICE_CHAIR,
        OfficeTerm.Office.MAYOR,
        OfficeTerm.Office.DEPUTY_MAYOR,
        OfficeTerm.Office.COMMITTEE_CHAIR,
        OfficeTerm.Office.GROUP_LEADER,
    } <= offices


def test_each_town_has_a_clerk_two_officers_and_councillors_in_groups(seeded):
    today = timezone.localdate()
    for town in Council.objects.filter(kind=Council.Kind.TOWN):
        members = Membership.objects.current_on(today).filter(council=town)
        assert members.filter(role=Membership.Role.CLERK).count() == 1
        assert members.filter(role=Membership.Role.OFFICER).count() == 2
        councillors = members.filter(role=Membership.Role.COUNCILLOR)
        assert 9 <= councillors.count() <= 12
        groups = set(councillors.values_list("group", flat=True))
        assert "Independent" in groups and len(groups) == 3
        assert all(councillors.values_list("ward", flat=True))
        assert OfficeTerm.objects.current_on(today).filter(council=town, office=OfficeTerm.Office.GROUP_LEADER).count() == 2
        assert ClosureDay.objects.filter(council=town, date__range=("2026-12-29", "2026-12-31")).count() == 3


def test_monitoring_officer_serves_both_towns_and_their_presets_are_right(seeded):
    today = timezone.localdate()
    district = Council.objects.get(kind=Council.Kind.DISTRICT)
    mo = Membership.objects.get(council=district, role=Membership.Role.MONITORING_OFFICER).user
    towns = Council.objects.filter(principal_council=district)
    assert set(councils_served_by(user=mo, on=today)) == {district, *towns}
    presets = {town.slug: town.protocol_profile.preset for town in towns}
    assert presets == {"ashby": ProtocolProfile.Preset.KETTERING, "elmcote": ProtocolProfile.Preset.STOTFOLD}


def test_kettering_town_has_chair_and_vice_chair_and_stotfold_town_has_mayor_and_finance_chair(seeded):
    today = timezone.localdate()
    ashby = Council.objects.get(slug="ashby")
    chair = User.objects.get(email="chair@ashby.example.org")
    assert roles_at(user=chair, council=ashby, on=today).is_chair
    elmcote_offices = {
        term.title for term in OfficeTerm.objects.current_on(today).filter(council__slug="elmcote")
    }
    assert {"Mayor", "Deputy Mayor", "Chair of the Finance Committee"} <= elmcote_offices


def test_printed_logins_all_work_with_the_demo_password(seeded):
    assert DEMO_PASSWORD in seeded
    emails = set(re.findall(r"^\s+(\S+@\S+\.example\.org)\s", seeded, flags=re.MULTILINE))
    assert {"clerk@ashby.example.org", "mo@wexbridge.example.org", "chair@ashby.example.org"} <= emails
    assert "mayor@elmcote.example.org" in emails
    for email in emails | {ADMIN_EMAIL}:
        assert authenticate(username=email, password=DEMO_PASSWORD) is not None, email
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.is_staff
    assert ADMIN_EMAIL in seeded


def test_refuses_to_seed_public_logins_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
