"""The five presets, the services that make a profile from one, and the admin that uses them."""

import json
from decimal import Decimal

import pytest

from accounts.models import OfficeTerm, User
from casework.models import ProtocolClause, ProtocolProfile
from casework.presets import (
    FIXED_ROUTE_NAMES,
    PORTAL_DEFAULTS,
    PRESETS,
    ROUTE_SETTINGS,
    SETTING_NAMES,
    SILENT_NOTE,
    get_preset,
)
from casework.profiles import profile_create_from_preset, profile_reload_clauses
from casework.protocol_text import parse_protocol

PRESET_KEYS = sorted(PRESETS)
OFFICES = set(OfficeTerm.Office.values)


def _clauses(key):
    return {c.anchor: c for c in parse_protocol(get_preset(key).text())}


def test_a_preset_for_every_choice_and_each_reads_its_own_file():
    assert set(PRESETS) == set(ProtocolProfile.Preset.values)
    files = {key: get_preset(key).source_file for key in PRESETS}
    assert files == {
        "kettering": "000_be3d78af6379668d.txt",
        "brackley": "001_decf6268279817f6.txt",
        "district-joint": "002_06d15bd61652a17d.txt",
        "town-2016": "003_512089cfc3757461.txt",
        "stotfold": "004_0599d1cf393288ac.txt",
    }


def test_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="No such protocol preset"):
        get_preset("nowhere")


def test_setting_names_are_the_models_settings():
    model_fields = {f.name for f in ProtocolProfile._meta.get_fields()}
    assert set(SETTING_NAMES) <= model_fields
    assert set(PORTAL_DEFAULTS) == set(SETTING_NAMES)
    for name in SETTING_NAMES:
        if name in ROUTE_SETTINGS:
            continue
        default = ProtocolProfile._meta.get_field(name).get_default()
        assert PORTAL_DEFAULTS[name] == default, name


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_every_setting_has_a_source(key):
    preset = get_preset(key)
    assert set(preset.settings) == set(SETTING_NAMES)
    # the routing engine also cites the portal's fixed routes from the same sources
    assert set(preset.sources) == set(SETTING_NAMES) | set(FIXED_ROUTE_NAMES)
    for name, source in preset.sources.items():
        assert set(source) == {"clause", "anchor", "note"}, name
        assert len(source["note"]) > 30, name
        json.dumps(source)  # stored in a JSONField


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_every_cited_clause_exists_in_that_protocol(key):
    preset = get_preset(key)
    clauses = _clauses(key)
    for name, source in preset.sources.items():
        if not source["clause"]:
            continue
        clause = clauses.get(source["anchor"])
        assert clause is not None, f"{key}.{name} cites {source['anchor']}, which the text does not have"
        assert source["clause"] == (clause.number or clause.heading), f"{key}.{name}"
        assert clause.text, f"{key}.{name} cites a heading with no text"


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_silent_settings_say_so_and_take_the_portal_default(key):
    preset = get_preset(key)
    for name, source in preset.sources.items():
        if source["clause"]:
            assert source["anchor"], name
            assert not source["note"].startswith(SILENT_NOTE), name
        else:
            assert source["anchor"] == "", name
            assert source["note"].startswith(SILENT_NOTE), name
            if name in SETTING_NAMES:
                assert preset.settings[name] == PORTAL_DEFAULTS[name], name


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_statutory_figures_are_not_credited_to_the_protocol(key):
    preset = get_preset(key)
    assert preset.settings["registration_days"] == 28
    assert preset.settings["gift_threshold"] == Decimal("50.00")
    assert "Localism Act 2011" in preset.sources["registration_days"]["note"]
    assert "Code of Conduct" in preset.sources["gift_threshold"]["note"]


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_routes_name_real_offices(key):
    preset = get_preset(key)
    for name in ROUTE_SETTINGS:
        route = preset.settings[name]
        assert route, f"{key}.{name} is empty"
        for entry in route:
            office, _, body = entry.partition(":")
            if office == "role":
                assert body in {"clerk", "monitoring_officer"}, entry
            elif office in {"committee_chair", "group_leader"}:
                assert body, entry
            else:
                assert entry in OFFICES, entry
    for office, stand_ins in preset.settings["stand_in_order"].items():
        assert office in OFFICES
        assert all(s in OFFICES for s in stand_ins)


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_preset_settings_pass_the_models_validation(key):
    preset = get_preset(key)
    profile = ProtocolProfile(preset=key, title=preset.title, sources=preset.sources, **preset.settings)
    profile.clean()  # raises on a malformed route or stand-in mapping


def test_kettering_preset():
    preset = get_preset("kettering")
    clauses = _clauses("kettering")
    s, src = preset.settings, preset.sources
    assert s["reply_working_days"] == 7
    assert src["reply_working_days"]["clause"] == "4.4"
    assert "seven working days" in clauses[src["reply_working_days"]["anchor"]].text
    assert s["referral_route"] == ["chair", "vice_chair"]
    assert src["referral_route"]["clause"] == "9.5"
    assert s["breach_route"] == ["chair", "vice_chair"]
    assert src["breach_route"]["clause"] == "18.1"
    assert s["officer_concern_route"] == ["role:clerk"]
    assert src["officer_concern_route"]["clause"] == "10.1"
    assert s["clerk_concern_route"] == ["chair", "vice_chair"]
    assert src["clerk_concern_route"]["clause"] == ""
    assert s["stand_in_order"] == {"chair": ["vice_chair"], "mayor": ["deputy_mayor"]}
    # the fixed routes the routing engine cites
    assert src["enquiry_route"]["clause"] == "10.1"
    assert src["complaint_route"]["clause"] == "4.6"
    assert src["relationship_route"]["clause"] == ""


def test_fixed_route_sources_where_the_protocol_has_them():
    district = get_preset("district-joint").sources
    assert (district["relationship_route"]["clause"], district["relationship_route"]["anchor"]) == (
        "6.5",
        "c-6-5",
    )
    assert district["complaint_route"]["clause"] == "3.7"
    assert get_preset("town-2016").sources["information_route"]["clause"] == "7.2"
    stotfold = get_preset("stotfold").sources
    assert stotfold["complaint_route"]["anchor"] == "c-procedure-for-officers"
    assert "principal council's Monitoring Officer" in stotfold["complaint_route"]["note"]


def test_brackley_preset():
    preset = get_preset("brackley")
    clauses = _clauses("brackley")
    s, src = preset.settings, preset.sources
    assert s["officer_concern_route"] == ["role:clerk"]
    assert s["clerk_concern_route"] == ["mayor", "committee_chair:Finance Committee"]
    assert src["officer_concern_route"]["clause"] == src["clerk_concern_route"]["clause"] == "10.2.1"
    assert src["clerk_concern_route"]["anchor"] == "c-10-2-1"
    assert "Mayor & Chair of the Finance Committee" in clauses["c-10-2-1"].text


def test_district_joint_preset():
    preset = get_preset("district-joint")
    s, src = preset.settings, preset.sources
    assert s["breach_route"] == ["role:monitoring_officer"]
    assert src["breach_route"]["clause"] == "3.7"
    assert s["referral_route"] == ["role:monitoring_officer"]
    assert src["referral_route"]["clause"] == "9.3"
    assert src["urgent_reply_working_days"]["clause"] == "5.5"
    # the second of the two clauses numbered 10.2
    assert src["officer_concern_route"]["anchor"] == "c-10-2-2"
    assert s["clerk_concern_route"] == ["chair", "vice_chair"]


def test_town_2016_preset_is_silent_on_every_setting():
    preset = get_preset("town-2016")
    assert all(preset.sources[name]["clause"] == "" for name in SETTING_NAMES)
    assert preset.settings["clerk_concern_route"] == ["chair", "vice_chair"]
    assert preset.settings["officer_concern_route"] == ["role:clerk"]


def test_stotfold_preset():
    preset = get_preset("stotfold")
    clauses = _clauses("stotfold")
    s, src = preset.settings, preset.sources
    assert s["clerk_concern_route"] == ["mayor", "deputy_mayor"]
    assert src["clerk_concern_route"]["anchor"] == "c-procedure-for-officers"
    assert "Mayor and/or Vice Mayor" in clauses["c-procedure-for-officers"].text
    assert s["officer_concern_route"] == ["role:clerk"]
    assert "principal council's Monitoring Officer" in src["breach_route"]["note"]
    assert src["referral_route"]["anchor"] == "c-councillors-access-to-information-and-to-council-documents"


# --- services ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_create_from_preset_copies_settings_and_loads_clauses(cast):
    profile = profile_create_from_preset(council=cast.council, preset="brackley")
    profile.refresh_from_db()
    preset = get_preset("brackley")
    assert profile.preset == "brackley"
    assert profile.title == preset.title
    for name in SETTING_NAMES:
        assert getattr(profile, name) == preset.settings[name], name
    assert profile.sources == preset.sources
    assert profile.clerk_concern_route == ["mayor", "committee_chair:Finance Committee"]
    assert profile.sources["clerk_concern_route"]["clause"] == "10.2.1"

    parsed = parse_protocol(preset.text())
    stored = list(profile.clauses.order_by("position"))
    assert [(c.number, c.anchor, c.position) for c in stored] == [
        (c.number, c.anchor, c.position) for c in parsed
    ]
    clause = profile.clauses.get(anchor="c-10-2-1")
    assert clause.number == "10.2.1"
    assert clause.text.startswith("If a Councillor is dissatisfied with the conduct")


@pytest.mark.django_db
def test_profile_settings_are_copies_not_the_preset_itself(cast):
    profile = profile_create_from_preset(council=cast.council, preset="kettering")
    profile.breach_route.append("leader")
    profile.sources["breach_route"]["note"] = "changed"
    assert get_preset("kettering").settings["breach_route"] == ["chair", "vice_chair"]
    assert get_preset("kettering").sources["breach_route"]["note"] != "changed"


@pytest.mark.django_db
def test_a_second_profile_for_the_same_council_is_refused(cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    with pytest.raises(ValueError, match="already has a protocol profile"):
        profile_create_from_preset(council=cast.council, preset="stotfold")
    assert ProtocolProfile.objects.get(council=cast.council).preset == "kettering"
    assert (
        ProtocolClause.objects.filter(profile__council=cast.council, anchor="c-correspondence").count() == 0
    )


@pytest.mark.django_db
def test_unknown_preset_creates_nothing(cast):
    with pytest.raises(ValueError):
        profile_create_from_preset(council=cast.council, preset="nowhere")
    assert not ProtocolProfile.objects.filter(council=cast.council).exists()


@pytest.mark.django_db
def test_profile_reload_clauses_replaces_them(cast):
    profile = profile_create_from_preset(council=cast.council, preset="town-2016")
    expected = len(parse_protocol(get_preset("town-2016").text()))
    profile.clauses.filter(anchor="c-12-1").update(text="Edited by hand")
    ProtocolClause.objects.create(profile=profile, number="99", anchor="c-99", text="Stray", position=999)
    assert profile_reload_clauses(profile=profile) == expected
    assert profile.clauses.count() == expected
    assert not profile.clauses.filter(anchor="c-99").exists()
    assert profile.clauses.get(anchor="c-12-1").text.startswith(
        "When necessary, the Town Clerk will arbitrate"
    )


# --- admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_in(client, db):
    user = User.objects.create_superuser("admin@example.org", "pw-irrelevant", full_name="Ada Admin")
    client.force_login(user)
    return client


ADD_URL = "/admin/casework/protocolprofile/add/"


def _post_data_from(response):
    """The change form's current values, as the browser would post them back."""
    data = {}

    def add_form(form):
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list):
                data[form.add_prefix(name)] = value
            else:
                data[form.add_prefix(name)] = str(value)

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add_form(formset.management_form)
        for form in formset.forms:
            add_form(form)
    return data


@pytest.mark.django_db
def test_admin_add_needs_only_council_and_preset(admin_in, cast):
    page = admin_in.get(ADD_URL)
    assert page.status_code == 200
    assert set(page.context["adminform"].form.fields) == {"council", "preset"}

    response = admin_in.post(ADD_URL, {"council": cast.council.pk, "preset": "brackley"})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    profile = ProtocolProfile.objects.get(council=cast.council)
    assert profile.title == get_preset("brackley").title
    assert profile.clerk_concern_route == ["mayor", "committee_chair:Finance Committee"]
    assert profile.sources["clerk_concern_route"]["anchor"] == "c-10-2-1"
    assert profile.clauses.count() == len(parse_protocol(get_preset("brackley").text()))
    assert profile.clauses.filter(anchor="c-10-2-1", number="10.2.1").exists()


@pytest.mark.django_db
def test_admin_add_refuses_a_second_profile(admin_in, cast):
    profile_create_from_preset(council=cast.council, preset="kettering")
    response = admin_in.post(ADD_URL, {"council": cast.council.pk, "preset": "stotfold"})
    assert response.status_code == 200
    assert "council" in response.context["adminform"].form.errors
    assert ProtocolProfile.objects.get(council=cast.council).preset == "kettering"


@pytest.mark.django_db
def test_admin_change_page_lists_sources_and_settings_can_change(admin_in, cast):
    profile = profile_create_from_preset(council=cast.council, preset="kettering")
    url = f"/admin/casework/protocolprofile/{profile.pk}/change/"
    page = admin_in.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/councils/ashford-market/protocol#c-4-4">4.4</a>' in html
    assert "Reply working days</strong> = 7" in html
    assert "The protocol is silent; the portal default applies." in html

    data = _post_data_from(page)
    data["reply_working_days"] = "10"
    data["clerk_concern_route"] = json.dumps(["mayor"])
    response = admin_in.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    profile.refresh_from_db()
    assert profile.reply_working_days == 10
    assert profile.clerk_concern_route == ["mayor"]
    assert profile.preset == "kettering"
    assert profile.clauses.count() == len(parse_protocol(get_preset("kettering").text()))
    assert profile.sources["reply_working_days"]["clause"] == "4.4"

    html = admin_in.get(url).content.decode()
    assert "Reply working days</strong> = 10" in html
    assert "(changed here: the preset gives 7)" in html


@pytest.mark.django_db
def test_admin_can_edit_a_section_clause_that_has_no_text(admin_in, cast):
    profile = profile_create_from_preset(council=cast.council, preset="kettering")
    section = profile.clauses.get(anchor="c-4")
    assert section.text == ""
    response = admin_in.post(
        f"/admin/casework/protocolclause/{section.pk}/change/",
        {
            "profile": profile.pk,
            "number": "4",
            "anchor": "c-4",
            "heading": "Casework and enquiries",
            "text": "",
            "position": section.position,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.heading == "Casework and enquiries"


@pytest.mark.django_db
def test_admin_action_reloads_clauses_from_the_text(admin_in, cast):
    profile = profile_create_from_preset(council=cast.council, preset="kettering")
    profile.clauses.filter(anchor="c-4-4").delete()
    response = admin_in.post(
        "/admin/casework/protocolprofile/",
        {"action": "reload_clauses", "_selected_action": [profile.pk]},
    )
    assert response.status_code == 302
    assert profile.clauses.get(anchor="c-4-4").text.startswith("Respond promptly to enquiries")
    assert profile.clauses.count() == len(parse_protocol(get_preset("kettering").text()))
