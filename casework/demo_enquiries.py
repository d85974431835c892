"""Demo councillor enquiries for `seed_demo`: a dozen at Ashby and Elmcote in every state.

Each enquiry is found by its council and subject before it is made, so a second run creates
nothing. They are made through the services, with times relative to now (received so many
working days ago), so the clocks, events and notifications are exactly what real use makes:
new, assigned, an interim reply sent (and one sent twice), overdue, replied, accepted, and one
with a declared interest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Council, User

from .calendar import LONDON, add_working_days, calendar_for_council, london_date, subtract_working_days
from .models import Case
from .services.cases import case_assign
from .services.enquiries import enquiry_accept, enquiry_open, enquiry_reply, interim_reply_send


@dataclass(frozen=True)
class Step:
    """Something that happens to the enquiry `days_ago` working days before today, at `hour`."""

    what: str  # "assign", "interim", "reply", "accept"
    days_ago: int
    by: str = "officer"  # the local part of the person's demo email
    text: str = ""
    estimate_in: int = 0  # for "interim": the estimated date, in working days after that day
    hour: int = 11
    cc: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoEnquiry:
    council: str
    subject: str
    councillor: str
    details: str
    received_days_ago: int
    channel: str = "portal"
    logged_by: str = ""  # blank: the councillor sent it through the portal
    ward: str = ""
    constituent: tuple[str, str] = ("", "")
    urgent: bool = False
    interest: str = ""
    steps: tuple[Step, ...] = field(default_factory=tuple)
    state: str = "new"


ENQUIRIES = (
    DemoEnquiry(
        "ashby", "Pothole outside 14 Station Road", "councillor",
        "A resident reports a deep pothole outside 14 Station Road that has damaged two cars this week.",
        received_days_ago=0, ward="Castle", constituent=("Mrs Joan Fairley", "01632 960101"), state="new",
    ),
    DemoEnquiry(
        "ashby", "Safeguarding concern at the youth club", "independent",
        "A volunteer has raised a safeguarding concern about access to the youth club after 9pm. Please advise "
        "who at the council is responsible and what happens next.",
        received_days_ago=0, channel="phone", logged_by="clerk", ward="Market", urgent=True, state="new, urgent",
    ),
    DemoEnquiry(
        "ashby", "Overgrown hedge on Church Lane", "councillor2",
        "The hedge on the west side of Church Lane blocks the footpath; a resident in a wheelchair cannot pass.",
        received_days_ago=2, channel="phone", logged_by="clerk", ward="Market",
        constituent=("Mr Dev Patel", "dev.patel@example.net"),
        steps=(Step("assign", 2, by="clerk"),), state="assigned",
    ),
    DemoEnquiry(
        "ashby", "Allotment waiting list", "councillor3",
        "How long is the waiting list for an allotment at Abbey Fields, and how is it ordered?",
        received_days_ago=6, ward="Abbey",
        steps=(
            Step("assign", 6, by="clerk"),
            Step("interim", 1, text="The allotments committee reviews the list at its next meeting.", estimate_in=8),
        ),
        state="interim reply sent",
    ),
    DemoEnquiry(
        "ashby", "Broken streetlight on Mill Lane", "councillor",
        "The streetlight opposite the Mill Lane bus stop has been out for a fortnight.",
        received_days_ago=12, channel="email", logged_by="clerk", ward="Castle",
        constituent=("Ms Rita Osei", "rita.osei@example.net"),
        steps=(Step("assign", 11, by="clerk", text="officer2"),), state="overdue",
    ),
    DemoEnquiry(
        "ashby", "Dog fouling signs in Abbey Park", "councillor5",
        "Can the council put up more dog fouling signs near the play area in Abbey Park?",
        received_days_ago=5, ward="Market",
        steps=(
            Step("assign", 5, by="clerk"),
            Step("reply", 1, text="Four new signs have been ordered and will be up by the end of the month.",
                 cc=("councillor3",)),
        ),
        state="replied, copied to another councillor",
    ),
    DemoEnquiry(
        "ashby", "Bus shelter glass on the High Street", "councillor4",
        "The glass in the High Street bus shelter was smashed at the weekend.",
        received_days_ago=9, channel="letter", logged_by="clerk", ward="Castle",
        steps=(
            Step("assign", 9, by="clerk"),
            Step("reply", 6, text="The glass was replaced on Tuesday."),
            Step("accept", 5, by="councillor4"),
        ),
        state="replied and accepted",
    ),
    DemoEnquiry(
        "ashby", "Planning enforcement at 3 Castle Street", "councillor4",
        "Has the district council been asked to look at the extension being built at 3 Castle Street?",
        received_days_ago=1, channel="letter", logged_by="clerk", ward="Castle",
        interest="I live at 5 Castle Street, next door to the extension.",
        steps=(Step("assign", 1, by="clerk", text="clerk"),), state="personal interest declared",
    ),
    DemoEnquiry(
        "elmcote", "Graffiti on the war memorial", "councillor",
        "Graffiti appeared on the war memorial on Sunday night. Can it be removed before Remembrance Sunday?",
        received_days_ago=0, ward="Brook", constituent=("Mr Alan Birch", "01632 960555"), state="new",
    ),
    DemoEnquiry(
        "elmcote", "Street market pitch fees", "councillor2",
        "Traders ask why the Saturday market pitch fee went up, and whether it can be paid monthly.",
        received_days_ago=12, channel="email", logged_by="clerk", ward="Brook",
        steps=(
            Step("assign", 12, by="clerk"),
            Step("interim", 6, text="The finance committee has not yet set next year's fees.", estimate_in=4),
            Step("interim", 1, text="The finance committee meeting was postponed.", estimate_in=5),
        ),
        state="a second interim reply, escalated to the Clerk",
    ),
    DemoEnquiry(
        "elmcote", "Flooding on Brook Lane", "independent",
        "Brook Lane flooded again after Tuesday's rain. Have the drains been cleared this year?",
        received_days_ago=10, channel="in_person", logged_by="clerk", ward="Church",
        constituent=("Residents of 2–12 Brook Lane", ""),
        steps=(Step("assign", 10, by="clerk", text="officer2"),), state="overdue",
    ),
    DemoEnquiry(
        "elmcote", "Christmas lights switch-on", "councillor3",
        "When is the Christmas lights switch-on this year, and is the road closed?",
        received_days_ago=4, ward="Mill",
        steps=(Step("reply", 2, by="clerk", text="Saturday 28 November at 5pm; Church Street closes from 3pm."),),
        state="replied by the Clerk",
    ),
)


def _person(email: str) -> User:
    return User.objects.get(email__iexact=email)


def _moment(day: dt.date, hour: int, now: dt.datetime) -> dt.datetime:
    return min(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=LONDON), now)


def seed(*, councils: dict[str, Council]) -> list[str]:
    """Make the demo enquiries that do not exist yet; return a line for each one made."""
    now = timezone.now()
    today = london_date(now)
    made: list[str] = []
    for plan in ENQUIRIES:
        council = councils.get(plan.council)
        if council is None or not hasattr(council, "protocol_profile"):
            continue
        if Case.objects.filter(council=council, kind=Case.Kind.ENQUIRY, subject=plan.subject).exists():
            continue
        calendar = calendar_for_council(council)

        def email(local: str, council=council) -> str:
            return f"{local}@{council.slug}.example.org"

        def day_of(days_ago: int, calendar=calendar) -> dt.date:
            return subtract_working_days(today, days_ago, calendar) if days_ago else today

        councillor = _person(email(plan.councillor))
        received = _moment(day_of(plan.received_days_ago), 9, now)
        case = enquiry_open(
            council=council,
            councillor=councillor,
            logged_by=_person(email(plan.logged_by)) if plan.logged_by else councillor,
            received_at=received,
            channel=plan.channel,
            subject=plan.subject,
            details=plan.details,
            ward=plan.ward,
            constituent_name=plan.constituent[0],
            constituent_contact=plan.constituent[1],
            urgent=plan.urgent,
            has_interest=bool(plan.interest),
            interest_nature=plan.interest,
            now=received,
        )
        for step in plan.steps:
            when = max(_moment(day_of(step.days_ago), step.hour, now), received)
            actor = _person(email(step.by))
            case = Case.objects.get(pk=case.pk)
            if step.what == "assign":
                case_assign(case=case, assignee=_person(email(step.text or "officer")), actor=actor, now=when)
            elif step.what == "interim":
                answerer = case.assigned_to or actor
                estimate = add_working_days(london_date(when), step.estimate_in, calendar).due
                interim_reply_send(case=case, officer=answerer, reason=step.text, estimated_on=estimate, now=when)
            elif step.what == "reply":
                answerer = case.assigned_to or actor
                cc = [_person(email(local)) for local in step.cc]
                enquiry_reply(case=case, officer=answerer, body=step.text, cc=cc, now=when)
            elif step.what == "accept":
                enquiry_accept(case=case, councillor=actor, now=when)
        made.append(f"enquiry {case.reference} at {council.name}: {plan.subject} ({plan.state})")
    return made
