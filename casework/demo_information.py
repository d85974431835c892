"""Demo information requests for `manage.py seed_demo`: one at each stage, at Ashby (Kettering model)
and Elmcote (Stotfold). Each is found by its councillor and subject before it is made, so a second
run creates nothing."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Council, User

from .models import Case, ProtocolProfile
from .services import information as svc


@dataclass(frozen=True)
class Scenario:
    council: str  # slug
    councillor: str  # local part of the email: <local>@<slug>.example.org
    subject: str
    what_wanted: str
    purpose: str
    need_to_know: str
    days_ago: int
    stage: str  # pending | release | referred | refused_by_chair | undertaking | released
    interest: str = ""
    determination: dict = field(default_factory=dict)
    release: dict = field(default_factory=dict)
    copy_from: str = ""  # another councillor who asks for a copy


SCENARIOS = (
    Scenario(
        council="ashby",
        councillor="councillor",
        subject="Play area inspection reports for 2026",
        what_wanted="The annual and monthly inspection reports for the Abbey Fields play area this year.",
        purpose="To answer residents in Castle ward who have reported broken equipment.",
        need_to_know="Residents in my ward have asked me to take it up, and I report to the Amenities Committee.",
        days_ago=1,
        stage="pending",
    ),
    Scenario(
        council="ashby",
        councillor="councillor2",
        subject="Valuation of the Mill Lane allotment site",
        what_wanted="The valuer's report on the Mill Lane allotments commissioned before the proposed sale.",
        purpose="To prepare for the Council's debate on whether to sell the site.",
        need_to_know="The Council will decide the sale and I will vote on it.",
        interest="I rent a plot on the Mill Lane allotments.",
        days_ago=3,
        stage="referred",
        determination={"need_to_know": "demonstrated"},
    ),
    Scenario(
        council="ashby",
        councillor="councillor3",
        subject="Cost of the Christmas lights contract",
        what_wanted="What the Council paid for the Christmas lights contract in each of the last three years.",
        purpose="To scrutinise the renewal at the Finance and General Purposes Committee.",
        need_to_know="I sit on the Finance and General Purposes Committee, which will consider the renewal.",
        days_ago=6,
        stage="released",
        determination={"need_to_know": "presumed", "committee": "Finance and General Purposes Committee"},
        release={
            "body": "2024: £18,400. 2025: £19,150. 2026: £19,900 (all excluding VAT, from the contract register).",
            "notice": "The cost of the Christmas lights contract, 2024 to 2026",
        },
        copy_from="independent",
    ),
    Scenario(
        council="ashby",
        councillor="independent",
        subject="Sickness absence figures for each member of staff",
        what_wanted="The number of days each named member of staff was off sick last year.",
        purpose="To raise staff welfare at a public meeting.",
        need_to_know="I am concerned about staff welfare.",
        days_ago=8,
        stage="refused_by_chair",
        determination={"need_to_know": "not_demonstrated", "third_party_personal_data": True},
    ),
    Scenario(
        council="ashby",
        councillor="councillor",
        subject="Legal advice on the market charter dispute",
        what_wanted="The solicitor's advice to the Council on the market charter dispute with the district.",
        purpose="To understand the risks before the Council's closed session on the dispute.",
        need_to_know="The Council will decide in closed session whether to settle.",
        days_ago=5,
        stage="undertaking",
        determination={"need_to_know": "not_demonstrated"},
        release={
            "body": "Counsel advises that the charter right is likely to be upheld, but that settlement on the "
            "terms offered would avoid costs of about £40,000.",
            "notice": "Legal advice on the market charter dispute",
        },
    ),
    Scenario(
        council="elmcote",
        councillor="councillor",
        subject="Finance Committee budget working papers",
        what_wanted="The working papers behind the draft 2027/28 budget.",
        purpose="To prepare for the Finance Committee's budget meeting.",
        need_to_know="I am a member of the Finance Committee, whose papers these are.",
        days_ago=2,
        stage="released",
        determination={"need_to_know": "presumed", "committee": "Finance Committee"},
        release={
            "body": "The draft budget working papers: precept scenarios at 0%, 2.99% and 4.99%, and the reserves "
            "forecast to March 2028.",
            "notice": "The draft 2027/28 budget working papers",
            "offer_all_groups": True,
        },
    ),
)


def _person(local: str, slug: str) -> User:
    return User.objects.get(email__iexact=f"{local}@{slug}.example.org")


def seed(*, councils: dict[str, Council]) -> list[str]:
    created: list[str] = []
    now = timezone.now()
    for scenario in SCENARIOS:
        council = councils.get(scenario.council)
        if council is None or not ProtocolProfile.objects.filter(council=council).exists():
            continue
        councillor = _person(scenario.councillor, council.slug)
        exists = Case.objects.filter(
            council=council, kind=Case.Kind.INFORMATION_REQUEST, raised_by=councillor, subject=scenario.subject
        ).exists()
        if exists:
            continue
        with transaction.atomic():
            case = _play(scenario, council=council, councillor=councillor, now=now)
        created.append(f"information request {case.reference} at {council} ({scenario.stage.replace('_', ' ')})")
    return created


def _play(scenario: Scenario, *, council: Council, councillor: User, now: dt.datetime) -> Case:
    clerk = _person("clerk", council.slug)
    case = svc.information_request_open(
        council=council,
        councillor=councillor,
        subject=scenario.subject,
        what_wanted=scenario.what_wanted,
        purpose=scenario.purpose,
        need_to_know=scenario.need_to_know,
        interest_declared=bool(scenario.interest),
        interest_nature=scenario.interest,
        received_at=now - dt.timedelta(days=scenario.days_ago),
        now=now,
    )
    if scenario.stage == "pending":
        return case
    found = scenario.determination
    refer = scenario.stage in ("referred", "refused_by_chair", "undertaking")
    svc.information_request_determine(
        case=case,
        officer=clerk,
        publicly_available=False,
        need_to_know=found.get("need_to_know", "demonstrated"),
        committee=found.get("committee", ""),
        third_party_personal_data=found.get("third_party_personal_data", False),
        action=svc.Action.REFER if refer else svc.Action.RELEASE,
        now=now,
    )
    case.refresh_from_db()
    if scenario.stage in ("refused_by_chair", "undertaking"):
        referral = svc.referral_of(case)
        if scenario.stage == "refused_by_chair":
            svc.referral_decide(
                referral=referral,
                decider=referral.routed_to,
                decision="refuse",
                reasons="Figures for named staff are their personal data, and no need to know them has been shown; "
                "the anonymised totals are in the published annual report.",
                now=now,
            )
            return case
        svc.referral_decide(
            referral=referral,
            decider=referral.routed_to,
            decision="release_conditions",
            reasons="Members deciding the settlement need the advice; it is legally privileged.",
            conditions="Not to be copied or discussed outside the closed session.",
            undertaking_required=True,
            now=now,
        )
        case.refresh_from_db()
    if scenario.release:
        svc.information_release(
            case=case,
            officer=clerk,
            body=scenario.release["body"],
            notice=scenario.release["notice"],
            offer_all_groups=scenario.release.get("offer_all_groups", False),
            now=now,
        )
        if scenario.copy_from:
            release = case.information_request.release
            svc.copy_request_open(release=release, councillor=_person(scenario.copy_from, council.slug), now=now)
    return case
