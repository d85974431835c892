"""Demo history for the compliance report (`seed_demo`): answered enquiries over the last few months.

The enquiries area seeds a dozen enquiries in every state around today; this adds a history of
answered ones at Ashby and Elmcote, spread over both political groups and the independents, some
on time, some after an interim reply and some late, so the report's months, officers, councillors
and groups have figures to show. Each is made through the enquiry services at the time it
happened (so its clocks are met or missed exactly as they would have been), and found by its
council and subject before it is made: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Council, User
from casework.calendar import (
    LONDON,
    add_working_days,
    calendar_for_council,
    london_date,
    subtract_working_days,
)
from casework.models import Case
from casework.services.cases import case_assign
from casework.services.enquiries import enquiry_open, enquiry_reply, interim_reply_send


@dataclass(frozen=True)
class PastEnquiry:
    council: str
    subject: str
    councillor: str  # the local part of the councillor's demo email
    received_days_ago: int  # working days before today
    officer: str  # who answered it
    reply_after: int  # working days after receipt (over 7 is late, 000 4.4)
    interim_after: int | None = None  # an interim reply this many working days after receipt
    estimate_after: int = 0  # the date the interim reply gave, in working days after receipt


HISTORY = (
    PastEnquiry("ashby", "Overgrown hedge on Mill Lane", "councillor", 70, "officer", 3),
    PastEnquiry("ashby", "Bus shelter glass broken on High Street", "councillor3", 66, "officer2", 5),
    PastEnquiry("ashby", "Allotment waiting list numbers", "leader-community-first", 62, "officer", 2),
    PastEnquiry("ashby", "Christmas lights switch-on date", "chair", 58, "officer2", 4),
    PastEnquiry("ashby", "Play area inspection report", "councillor2", 64, "officer", 9),
    PastEnquiry("ashby", "Car park charges consultation", "councillor4", 60, "officer2", 12, 6, 11),
    PastEnquiry("ashby", "Dog fouling signs near the school", "leader-civic-alliance", 55, "officer", 6),
    PastEnquiry("ashby", "Flooding at Brook Street culvert", "vice-chair", 50, "officer2", 14, 5, 12),
    PastEnquiry("ashby", "Grant for the youth club", "councillor5", 45, "officer", 4),
    PastEnquiry("ashby", "Bench plaque wording", "independent", 42, "officer2", 7),
    PastEnquiry("ashby", "Street light out on Castle Way", "councillor2", 38, "officer", 10),
    PastEnquiry("ashby", "Cemetery opening hours", "councillor", 30, "officer2", 2),
    PastEnquiry("ashby", "Market stall licence fees", "councillor4", 25, "officer", 8),
    PastEnquiry("ashby", "War memorial cleaning", "councillor3", 20, "officer2", 3),
    PastEnquiry("elmcote", "Village hall booking charges", "councillor", 60, "officer", 4),
    PastEnquiry("elmcote", "Footpath 12 stile repair", "councillor2", 52, "officer2", 9),
    PastEnquiry("elmcote", "Recycling bins at the pavilion", "councillor3", 44, "officer", 5, 3, 6),
    PastEnquiry("elmcote", "Speed watch volunteers", "councillor4", 33, "officer2", 6),
    PastEnquiry("elmcote", "Tree preservation order on Church Lane", "independent", 26, "officer", 11),
)


def _person(local: str, council: Council) -> User:
    return User.objects.get(email__iexact=f"{local}@{council.slug}.example.org")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=LONDON)


def seed(*, councils: dict[str, Council]) -> list[str]:
    """Make the answered enquiries that do not exist yet; return a line for each one made."""
    now = timezone.now()
    today = london_date(now)
    made: list[str] = []
    for plan in HISTORY:
        council = councils.get(plan.council)
        if council is None or not hasattr(council, "protocol_profile"):
            continue
        if Case.objects.filter(council=council, kind=Case.Kind.ENQUIRY, subject=plan.subject).exists():
            continue
        calendar = calendar_for_council(council)
        received_on = subtract_working_days(today, plan.received_days_ago, calendar)
        received = _at(received_on, 9)
        councillor = _person(plan.councillor, council)
        clerk = _person("clerk", council)
        officer = _person(plan.officer, council)
        case = enquiry_open(
            council=council, councillor=councillor, logged_by=councillor, received_at=received, channel="portal",
            subject=plan.subject, details=f"{plan.subject}: could the council look into this, please?", now=received,
        )
        case_assign(case=case, assignee=officer, actor=clerk, now=_at(received_on, 10))
        if plan.interim_after is not None:
            when = _at(add_working_days(received_on, plan.interim_after, calendar).due, 12)
            estimate = add_working_days(received_on, plan.estimate_after, calendar).due
            interim_reply_send(
                case=Case.objects.get(pk=case.pk), officer=officer, now=when, estimated_on=estimate,
                reason="We are waiting for the contractor's report.",
            )
        replied = _at(add_working_days(received_on, plan.reply_after, calendar).due, 15)
        enquiry_reply(case=Case.objects.get(pk=case.pk), officer=officer, now=min(replied, now),
                      body="Thank you for raising this. Here is what we found and what happens next.")
        made.append(f"answered enquiry {case.reference} at {council.name}: {plan.subject}")
    return made
