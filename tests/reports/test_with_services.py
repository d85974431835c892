"""The report reads what the areas' own services write: an enquiry answered after an interim reply,
one answered late, and an information request still awaiting its response."""

import datetime as dt

import time_machine

from casework.models import Case
from casework.services.enquiries import enquiry_open, enquiry_reply, interim_reply_send
from casework.services.information import information_request_open
from complaints.reports.compliance import Outcome, compliance_report
from complaints.reports.periods import Period
from complaints.reports.scope import Level, ReportScope

from .conftest import at


def _enquiry(cast, received, subject):
    return enquiry_open(
        council=cast.council, councillor=cast.councillor, logged_by=cast.clerk, received_at=received,
        channel="email", subject=subject, details="Please look into it.", now=received,
    )


def test_outcomes_from_the_enquiry_and_information_services(cast, profile):
    with time_machine.travel(at(2026, 10, 1, 9), tick=False):
        interim = _enquiry(cast, at(2026, 10, 1, 9), "Interim then full reply")
        late = _enquiry(cast, at(2026, 10, 1, 9), "Answered late")
    with time_machine.travel(at(2026, 10, 8, 10), tick=False):  # due Monday 12 October
        interim_reply_send(case=interim, officer=cast.clerk, reason="Waiting for the contractor.",
                           estimated_on=dt.date(2026, 10, 16), now=at(2026, 10, 8, 10))
    with time_machine.travel(at(2026, 10, 15, 16), tick=False):
        enquiry_reply(case=Case.objects.get(pk=interim.pk), officer=cast.clerk, body="Done.", now=at(2026, 10, 15, 16))
        enquiry_reply(case=Case.objects.get(pk=late.pk), officer=cast.clerk, body="Sorry.", now=at(2026, 10, 15, 16))
    with time_machine.travel(at(2026, 11, 20, 9), tick=False):
        request = information_request_open(
            council=cast.council, councillor=cast.councillor, subject="Finance papers", what_wanted="The papers",
            purpose="To prepare for the meeting", need_to_know="I sit on the committee",
            received_at=at(2026, 11, 20, 9), now=at(2026, 11, 20, 9),
        )
    report = compliance_report(
        scope=ReportScope(cast.council, Level.MONITORING), user=cast.monitoring_officer,
        period=Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), now=at(2026, 11, 23, 12),
    )
    rows = {r.reference: r for r in report.rows}
    assert rows[interim.reference].outcome == Outcome.AFTER_INTERIM
    assert (rows[interim.reference].interim_replies, rows[interim.reference].working_days) == (1, 10)
    assert rows[late.reference].outcome == Outcome.LATE
    assert rows[request.reference].outcome == Outcome.OPEN
    assert report.enquiries.median_working_days == 10
