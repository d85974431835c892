"""Every figure of the compliance report on a small council, with the answers worked out by hand.

The six enquiries are described in conftest.six_enquiries; the report is for the quarter
1 October – 31 December 2026, seen on Monday 23 November 2026 at noon.
"""

import datetime as dt

import pytest

from casework.calendar import WorkingCalendar, working_days_between
from casework.models import Case
from complaints.reports.compliance import Outcome, WorkingDayCounter, compliance_report
from complaints.reports.periods import Period, quarter_of
from complaints.reports.scope import Level, ReportScope

from .conftest import at

NOW = at(2026, 11, 23, 12)
Q4 = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def report_for(cast, user=None, level=Level.MONITORING, period=Q4, now=NOW):
    return compliance_report(
        scope=ReportScope(cast.council, level), user=user or cast.monitoring_officer, period=period, now=now
    )


def test_quarter_of_a_november_day_is_october_to_december():
    assert quarter_of(dt.date(2026, 11, 23)) == Q4
    assert quarter_of(dt.date(2026, 1, 1)) == Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quarter_of(dt.date(2026, 6, 30)) == Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def test_each_enquiry_gets_its_outcome_and_working_days(cast, six_enquiries):
    report = report_for(cast)
    rows = {r.reference: r for r in report.rows}
    by_subject = {case.subject: rows[case.reference] for case in six_enquiries.values()}
    assert {s: r.outcome for s, r in by_subject.items()} == {
        "E1": Outcome.ON_TIME,
        "E2": Outcome.ON_TIME,
        "E3": Outcome.ON_TIME,
        "E4": Outcome.AFTER_INTERIM,
        "E5": Outcome.LATE,
        "E6": Outcome.OPEN_OVERDUE,
    }
    assert {s: r.working_days for s, r in by_subject.items()} == {
        "E1": 3, "E2": 4, "E3": 0, "E4": 10, "E5": 9, "E6": None,
    }
    assert by_subject["E1"].due_on == dt.date(2026, 10, 12)
    assert by_subject["E4"].due_on == dt.date(2026, 10, 26)  # the first clock's date, not the interim date
    assert by_subject["E4"].replied_on == dt.date(2026, 10, 29)
    assert by_subject["E4"].interim_replies == 1
    assert by_subject["E5"].on_time is False
    assert by_subject["E6"].replied_on is None


def test_the_council_totals(cast, six_enquiries):
    t = report_for(cast).enquiries
    assert (t.received, t.on_time, t.after_interim, t.late, t.open_overdue, t.open, t.closed) == (6, 3, 1, 1, 1, 0, 0)
    assert t.answered_within == 4
    assert t.overdue == 2  # answered late, and open past the deadline
    assert t.on_time_percent == 67  # 4 of the 6 whose deadline has come
    assert t.median_working_days == 4  # of 0, 3, 4, 9, 10


def test_by_month(cast, six_enquiries):
    october, november, december = report_for(cast).by_month
    assert october.label == "October 2026"
    assert (october.received, october.on_time, october.after_interim, october.late) == (4, 3, 1, 0)
    assert october.median_working_days == 3.5  # of 0, 3, 4, 10
    assert (november.received, november.late, november.open_overdue) == (2, 1, 1)
    assert november.median_working_days == 9
    assert november.on_time_percent == 0
    assert december.received == 0 and december.on_time_percent is None


def test_by_officer(cast, six_enquiries):
    oscar, unassigned = report_for(cast).by_officer
    assert oscar.label == "Oscar Officer"
    assert (oscar.received, oscar.answered_within, oscar.due, oscar.on_time_percent) == (4, 3, 4, 75)
    assert oscar.median_working_days == 6.5  # of 3, 4, 9, 10
    assert unassigned.label == "Not assigned to an officer"
    assert (unassigned.received, unassigned.on_time, unassigned.open_overdue) == (2, 1, 1)
    assert unassigned.median_working_days == 0


def test_by_councillor_and_group_against_the_council(cast, six_enquiries):
    report = report_for(cast)
    alice, bob = report.by_councillor
    assert (alice.tally.label, alice.group) == ("Cllr Alice Adams", "Green")
    assert (alice.tally.received, alice.tally.answered_within, alice.tally.median_working_days) == (3, 2, 4)
    assert (alice.median_difference, alice.share_difference) == (0, 0)
    assert (bob.tally.label, bob.group) == ("Cllr Bob Brown", "Labour")
    assert bob.tally.median_working_days == 5  # of 0 and 10: E6 is still open
    assert bob.median_difference == 1  # Bob's councillors wait a working day longer than the council's median
    green, labour = report.by_group
    assert (green.tally.label, green.tally.received, green.tally.median_working_days) == ("Green", 3, 4)
    assert (labour.tally.label, labour.tally.received, labour.median_difference) == ("Labour", 3, 1)


def test_only_cases_received_in_the_period_at_the_council_count(cast, seed, six_enquiries):
    seed.case(at(2026, 9, 30, 23, 30), subject="the day before the quarter")
    seed.case(at(2027, 1, 1, 0, 10), subject="the day after")
    assert report_for(cast).enquiries.received == 6
    # 00:30 on 1 October in London is still 30 September in UTC: it is received in October.
    seed.case(at(2026, 10, 1, 0, 30), subject="just after midnight")
    assert report_for(cast).enquiries.received == 7


def test_open_not_yet_due_and_withdrawn_are_not_counted_as_due(cast, seed):
    fresh = seed.case(at(2026, 11, 20), subject="received Friday, due Tuesday 1 December")
    withdrawn = seed.case(at(2026, 11, 3), subject="withdrawn")
    seed.withdraw(withdrawn, at(2026, 11, 4))
    t = report_for(cast).enquiries
    assert (t.received, t.open, t.closed, t.due, t.on_time_percent) == (2, 1, 1, 0, None)
    rows = {r.reference: r for r in report_for(cast).rows}
    assert rows[fresh.reference].due_on == dt.date(2026, 12, 1)
    assert rows[withdrawn.reference].outcome == Outcome.CLOSED


def test_an_overdue_enquiry_still_open_later_replied_moves_from_overdue_to_late(cast, seed, six_enquiries):
    seed.reply(six_enquiries["E6"], at(2026, 11, 24, 9))
    t = report_for(cast, now=at(2026, 11, 24, 12)).enquiries
    assert (t.late, t.open_overdue) == (2, 0)
    assert t.median_working_days == 6.5  # of 0, 3, 4, 9, 10 and E6's 11 working days (9 Nov → 24 Nov)


def test_information_requests_are_reported_beside_enquiries(cast, seed, six_enquiries):
    request = seed.case(at(2026, 10, 20), kind=Case.Kind.INFORMATION_REQUEST, subject="Minutes of the Finance Committee")
    seed.reply(request, at(2026, 10, 22, 14))
    report = report_for(cast)
    assert (report.information_requests.received, report.information_requests.on_time) == (1, 1)
    assert report.information_requests.median_working_days == 2
    assert report.correspondence.received == 7
    assert report.correspondence.median_working_days == 3.5  # of 0, 2, 3, 4, 9, 10
    assert report.enquiries.received == 6


def test_working_day_counter_agrees_with_the_calendar_across_christmas():
    calendar = WorkingCalendar("england", {dt.date(2026, 12, 29): "Christmas closure"})
    counter = WorkingDayCounter(calendar)
    start = dt.date(2026, 12, 18)
    for end in (start + dt.timedelta(days=n) for n in range(-2, 30)):
        assert counter.between(start, end) == working_days_between(start, end, calendar)
    # 21, 22, 23, 24 December and 30, 31 December (25, 28 bank holidays; 29 closed) and 4 January.
    assert counter.between(start, dt.date(2027, 1, 4)) == 7


@pytest.mark.parametrize("level", [Level.CHAIR])
def test_the_chair_gets_no_enquiry_figures(cast, six_enquiries, level):
    report = report_for(cast, user=cast.chair, level=level)
    assert report.enquiries is None and report.by_councillor == [] and report.by_month == []
    assert all(r.kind not in (Case.Kind.ENQUIRY, Case.Kind.INFORMATION_REQUEST) for r in report.rows)


def test_a_paused_clock_is_open_not_overdue(cast, seed):
    from casework.services.deadlines import deadline_pause

    request = seed.case(at(2026, 11, 2), kind=Case.Kind.INFORMATION_REQUEST, subject="referred to the Chair")
    deadline_pause(deadline=request.deadlines.get(), reason="awaiting the Chair's decision (9.5)", actor=cast.clerk,
                   now=at(2026, 11, 4))
    t = report_for(cast).information_requests
    assert (t.open, t.open_overdue, t.due) == (1, 0, 0)  # due 11 November had it run; paused, it is not overdue


def test_a_council_with_no_protocol_set_up_still_gets_its_report(client, cast):
    import time_machine
    from django.urls import reverse

    client.force_login(cast.monitoring_officer)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("compliance-report"), {"council": cast.district.slug})
    assert response.status_code == 200
    assert "Compliance report — Northborough District Council" in response.content.decode()
