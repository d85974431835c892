"""The five protocols as ready-made profiles: every setting, and the clause each one comes from.

A preset is keyed by `ProtocolProfile.Preset`. Its `settings` fill every ProtocolProfile setting and
its `sources` say, per setting, which clause of that protocol it comes from:
{"clause": "4.4", "anchor": "c-4-4", "note": "..."}. Where the protocol says nothing the clause and
anchor are blank and the note begins with SILENT_NOTE; the portal default then applies.

For an unnumbered protocol (Stotfold) "clause" is the heading of the section cited.
Anchors are those `casework.protocol_text.parse_protocol` gives for the preset's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from casework.models import ProtocolProfile
from casework.protocol_text import ParsedClause, parse_protocol

TEXTS_DIR = Path(__file__).resolve().parent / "protocol_texts"

SILENT_NOTE = "The protocol is silent; the portal default applies."

SETTING_NAMES: tuple[str, ...] = (
    "reply_working_days",
    "urgent_reply_working_days",
    "reminder_working_days_before",
    "chair_escalation_working_days",
    "reopen_working_days",
    "information_request_working_days",
    "referral_decision_working_days",
    "breach_review_working_days",
    "registration_days",
    "gift_threshold",
    "breach_route",
    "referral_route",
    "officer_concern_route",
    "clerk_concern_route",
    "stand_in_order",
)

ROUTE_SETTINGS = ("breach_route", "referral_route", "officer_concern_route", "clerk_concern_route")

# Routes the portal fixes for every council (casework.routing.FIXED_ROUTES): they are not profile
# settings, but the routing engine cites their source from `sources` all the same.
FIXED_ROUTE_NAMES: tuple[str, ...] = (
    "enquiry_route",
    "information_route",
    "complaint_route",
    "relationship_route",
    "grievance_route",
)
SOURCE_NAMES: tuple[str, ...] = SETTING_NAMES + FIXED_ROUTE_NAMES

# What applies where a protocol is silent: the model's defaults, and for the routes (whose model
# default is an empty list) the portal's rules: breaches and referrals to the Chair, then the
# Vice-Chair; concerns about an officer to the Clerk; concerns about the Clerk to the Chair and
# Vice-Chair.
PORTAL_DEFAULTS: dict[str, Any] = {
    "reply_working_days": 7,
    "urgent_reply_working_days": 2,
    "reminder_working_days_before": 2,
    "chair_escalation_working_days": 5,
    "reopen_working_days": 5,
    "information_request_working_days": 7,
    "referral_decision_working_days": 5,
    "breach_review_working_days": 10,
    "registration_days": 28,
    "gift_threshold": Decimal("50.00"),
    "breach_route": ["chair", "vice_chair"],
    "referral_route": ["chair", "vice_chair"],
    "officer_concern_route": ["role:clerk"],
    "clerk_concern_route": ["chair", "vice_chair"],
    "stand_in_order": {"chair": ["vice_chair"], "mayor": ["deputy_mayor"]},
}

# Where a protocol is silent on these, the figure comes from the law or the Code, not the portal.
_SILENT_NOTES = {
    "registration_days": (
        f"{SILENT_NOTE} Interests are registered within 28 days under the Localism Act 2011 (ss.30–31) "
        "and the council's Code of Conduct, not under this protocol."
    ),
    "gift_threshold": (
        f"{SILENT_NOTE} The £50 threshold for registering gifts and hospitality comes from the "
        "council's adopted Code of Conduct, not from this protocol."
    ),
    "enquiry_route": f"{SILENT_NOTE} A councillor's enquiry goes to the Clerk.",
    "information_route": f"{SILENT_NOTE} A request for information goes to the Clerk.",
    "complaint_route": (
        f"{SILENT_NOTE} Under the Localism Act 2011 a Code of Conduct complaint goes to the Monitoring "
        "Officer of the principal council, or a Deputy when the Monitoring Officer is conflicted."
    ),
    "relationship_route": (
        f"{SILENT_NOTE} A close personal relationship between a councillor and an officer is disclosed "
        "to the Monitoring Officer."
    ),
}


def silent(setting: str) -> dict[str, str]:
    """The source of a setting the protocol says nothing about."""
    return {"clause": "", "anchor": "", "note": _SILENT_NOTES.get(setting, SILENT_NOTE)}


def cite(clause: str, anchor: str, note: str) -> dict[str, str]:
    return {"clause": clause, "anchor": anchor, "note": note}


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    source_file: str
    settings: dict[str, Any]
    sources: dict[str, dict[str, str]]

    def text(self) -> str:
        return (TEXTS_DIR / self.source_file).read_text(encoding="utf-8")

    def clauses(self) -> list[ParsedClause]:
        return parse_protocol(self.text())


def _preset(
    key: str,
    *,
    title: str,
    source_file: str,
    cited: dict[str, tuple[Any, dict[str, str]]],
    fixed_routes: dict[str, dict[str, str]] | None = None,
) -> Preset:
    """A preset: the settings the protocol gives (with their sources), the portal defaults for the rest.

    `fixed_routes` cites the clauses behind the portal's fixed routes, where the protocol has one.
    """
    fixed_routes = fixed_routes or {}
    unknown = (set(cited) - set(SETTING_NAMES)) | (set(fixed_routes) - set(FIXED_ROUTE_NAMES))
    if unknown:
        raise ValueError(f"Unknown settings in preset {key}: {sorted(unknown)}")
    settings: dict[str, Any] = {}
    sources: dict[str, dict[str, str]] = {}
    for name in SETTING_NAMES:
        if name in cited:
            settings[name], sources[name] = cited[name]
        else:
            settings[name], sources[name] = PORTAL_DEFAULTS[name], silent(name)
    for name in FIXED_ROUTE_NAMES:
        sources[name] = fixed_routes.get(name) or silent(name)
    return Preset(key=key, title=title, source_file=source_file, settings=settings, sources=sources)


P = ProtocolProfile.Preset
_SEVEN_DAYS_DEFAULT = "no period is stated, so the portal default of seven working days applies."

PRESETS: dict[str, Preset] = {
    P.KETTERING.value: _preset(
        P.KETTERING.value,
        title="Protocol on Councillor and Staff Relations (Kettering model)",
        source_file="000_be3d78af6379668d.txt",
        cited={
            "reply_working_days": (
                7,
                cite(
                    "4.4",
                    "c-4-4",
                    "Staff reply to a Councillor's enquiry within seven working days of receipt, or send an "
                    "interim reply saying why a full reply is not yet possible and estimating when it will come.",
                ),
            ),
            "information_request_working_days": (
                7,
                cite(
                    "9.4",
                    "c-9-4",
                    "Staff respond promptly to requests for information; no period is stated, so the seven "
                    "working days of 4.4 apply.",
                ),
            ),
            "referral_route": (
                ["chair", "vice_chair"],
                cite(
                    "9.5",
                    "c-9-5",
                    "A request for information that is not public, where the Councillor seems to have an "
                    "interest or no demonstrable need to know, is referred to the Chair or Vice-Chair to advise.",
                ),
            ),
            "breach_route": (
                ["chair", "vice_chair"],
                cite(
                    "18.1",
                    "c-18-1",
                    "A suspected failure to comply with the protocol is brought to the Chair of the Council, or "
                    "to the Vice Chair in the Chair's absence (18.2 says the same for staff).",
                ),
            ),
            "officer_concern_route": (
                ["role:clerk"],
                cite(
                    "10.1",
                    "c-10-1",
                    "Councillors approach staff only via the Town Clerk, so a concern about a member of staff "
                    "goes to the Clerk.",
                ),
            ),
            "stand_in_order": (
                {"chair": ["vice_chair"], "mayor": ["deputy_mayor"]},
                cite(
                    "18.1",
                    "c-18-1",
                    "The Vice Chair acts in the absence of the Chair; the Mayor's stand-in is the portal default.",
                ),
            ),
        },
        fixed_routes={
            "enquiry_route": cite(
                "10.1",
                "c-10-1",
                "Councillors approach staff only via the Town Clerk, so an enquiry goes to the Clerk.",
            ),
            "information_route": cite(
                "10.1",
                "c-10-1",
                "Councillors approach staff only via the Town Clerk, so a request for information goes to the Clerk.",
            ),
            "complaint_route": cite(
                "4.6",
                "c-4-6",
                "Staff may report a suspected breach of the Councillors' Code of Conduct to the Monitoring "
                "Officer without reference to the Council.",
            ),
            "grievance_route": cite(
                "18.2",
                "c-18-2",
                "Nothing in the protocol prevents a member of staff from lodging a grievance.",
            ),
        },
    ),
    P.BRACKLEY.value: _preset(
        P.BRACKLEY.value,
        title="Protocol between Councillors and Council Employees (Brackley model)",
        source_file="001_decf6268279817f6.txt",
        cited={
            "reply_working_days": (
                7,
                cite(
                    "7.1",
                    "c-7-1",
                    f"Councillors can expect a timely response from Officers to enquiries; {_SEVEN_DAYS_DEFAULT}",
                ),
            ),
            "officer_concern_route": (
                ["role:clerk"],
                cite(
                    "10.2.1",
                    "c-10-2-1",
                    "A Councillor dissatisfied with the conduct, behaviour or performance of an employee raises "
                    "it with the Clerk in the first instance.",
                ),
            ),
            "clerk_concern_route": (
                ["mayor", "committee_chair:Finance Committee"],
                cite(
                    "10.2.1",
                    "c-10-2-1",
                    "Where the employee concerned is the Clerk, the matter is raised with the Mayor and the "
                    "Chair of the Finance Committee.",
                ),
            ),
        },
        fixed_routes={
            "enquiry_route": cite(
                "8",
                "c-8",
                "Council business is transacted via Officers' council email addresses or telephone in office "
                "hours, and staff other than the Clerk are managed by the Clerk.",
            ),
        },
    ),
    P.DISTRICT_JOINT.value: _preset(
        P.DISTRICT_JOINT.value,
        title="Joint Protocol on Councillor and Officer Relationships",
        source_file="002_06d15bd61652a17d.txt",
        cited={
            "reply_working_days": (
                7,
                cite(
                    "6.9",
                    "c-6-9",
                    f"Officers do their best to give timely responses to Councillors' enquiries; {_SEVEN_DAYS_DEFAULT}",
                ),
            ),
            "urgent_reply_working_days": (
                2,
                cite(
                    "5.5",
                    "c-5-5",
                    "Response times may vary with the topic, and urgent matters such as the safeguarding of "
                    "vulnerable adults or children need a prompter response; the portal's two days is the default.",
                ),
            ),
            "breach_route": (
                ["role:monitoring_officer"],
                cite(
                    "3.7",
                    "c-3-7",
                    "A breach of the protocol by a Councillor may lead to a complaint to the Monitoring Officer "
                    "if the Code of Conduct is also breached; a breach by an Officer may lead to disciplinary action.",
                ),
            ),
            "referral_route": (
                ["role:monitoring_officer"],
                cite(
                    "9.3",
                    "c-9-3",
                    "A Councillor seeks the Monitoring Officer's advice before access to information that may "
                    "breach data protection law or in which they have a personal or disclosable pecuniary interest.",
                ),
            ),
            "officer_concern_route": (
                ["role:clerk"],
                cite(
                    "10.2",
                    "c-10-2-2",
                    "An unresolved concern about an Officer's conduct goes to the Officer's Assistant Director or "
                    "Strategic Director; the portal has no such office, so it goes to the Clerk.",
                ),
            ),
            "stand_in_order": (
                {"chair": ["vice_chair"], "mayor": ["deputy_mayor"]},
                cite(
                    "14.1",
                    "c-14-1",
                    "The Deputy Mayor represents the Council in the Mayor's absence; the Chair's stand-in is the "
                    "portal default.",
                ),
            ),
        },
        fixed_routes={
            "enquiry_route": cite(
                "6.8",
                "c-6-8",
                "Except for purely factual enquiries, Councillors direct requests and concerns to a senior "
                "Officer, or an Officer the senior Officer has said may be approached.",
            ),
            "information_route": cite(
                "9.2",
                "c-9-2",
                "Councillors may ask Senior Officers for the information they reasonably need; information for "
                "a third party is given only if public and not barred by law such as data protection.",
            ),
            "complaint_route": cite(
                "3.7",
                "c-3-7",
                "A breach by a Councillor that also breaches the Code of Conduct may lead to a complaint to the "
                "Monitoring Officer.",
            ),
            "relationship_route": cite(
                "6.5",
                "c-6-5",
                "Councillors and Officers who form a close personal relationship disclose it to the Monitoring "
                "Officer.",
            ),
        },
    ),
    P.TOWN_2016.value: _preset(
        P.TOWN_2016.value,
        title="Protocol on Officer and Member Relationships (2016)",
        source_file="003_512089cfc3757461.txt",
        # The 2016 protocol sets no periods and names no route for breaches or concerns (12.1 gives
        # the Town Clerk the interpretation of the protocol, after consulting the Monitoring Officer).
        cited={},
        fixed_routes={
            "information_route": cite(
                "7.2",
                "c-7-2",
                "Members ask the Town Clerk for factual information; other members are told it was given "
                "(unless minor) and may have a copy on request.",
            ),
        },
    ),
    P.STOTFOLD.value: _preset(
        P.STOTFOLD.value,
        title="Member Officer Protocol (Stotfold model)",
        source_file="004_0599d1cf393288ac.txt",
        cited={
            "reply_working_days": (
                7,
                cite(
                    "Expectations — All Councillors can expect",
                    "c-all-councillors-can-expect",
                    f"Councillors can expect a timely response from Officers to enquiries; {_SEVEN_DAYS_DEFAULT}",
                ),
            ),
            "referral_route": (
                ["role:clerk"],
                cite(
                    "Councillors' access to information and to council documents",
                    "c-councillors-access-to-information-and-to-council-documents",
                    "The Officer decides a Councillor's need to know: presumed for a committee member on that "
                    "committee's documents, while third parties' personal information needs specific justification.",
                ),
            ),
            "breach_route": (
                ["chair", "vice_chair"],
                cite(
                    "The Relationship: General",
                    "c-the-relationship-general",
                    "A Councillor unhappy with an Officer's actions takes it up with the Chairperson, while a formal "
                    "Code of Conduct complaint goes to the principal council's Monitoring Officer (If things go wrong).",
                ),
            ),
            "officer_concern_route": (
                ["role:clerk"],
                cite(
                    "If things go wrong — Procedure for Officers",
                    "c-procedure-for-officers",
                    "A Member's concern about the performance of an Officer is raised with the Town Clerk in the "
                    "first instance.",
                ),
            ),
            "clerk_concern_route": (
                ["mayor", "deputy_mayor"],
                cite(
                    "If things go wrong — Procedure for Officers",
                    "c-procedure-for-officers",
                    "A concern about the Town Clerk is reported to the Mayor and/or Vice Mayor (the portal's "
                    "Deputy Mayor).",
                ),
            ),
        },
        fixed_routes={
            "enquiry_route": cite(
                "General Principles",
                "c-general-principles",
                "Communications are made directly with the Proper Officer (the Clerk) unless the Proper Officer "
                "agrees otherwise for a particular matter.",
            ),
            "information_route": cite(
                "Councillors' access to information and to council documents",
                "c-councillors-access-to-information-and-to-council-documents",
                "Requests for information are normally directed to the Officer, who decides the Councillor's "
                "need to know.",
            ),
            "complaint_route": cite(
                "If things go wrong — Procedure for Officers",
                "c-procedure-for-officers",
                "A formal written complaint alleging a breach of the Councillors' Code of Conduct goes first to "
                "the principal council's Monitoring Officer, in line with the Localism Act 2011.",
            ),
        },
    ),
}


def get_preset(key: str) -> Preset:
    try:
        return PRESETS[key]
    except KeyError:
        raise ValueError(f"No such protocol preset: {key!r}") from None
