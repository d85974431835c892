"""Referrals to the Chair and breach reports: outcomes, timeliness, and who sees which.

Seen on Monday 23 November 2026 at noon, for the quarter 1 October – 31 December 2026:

| case | received   | about / by              | clock           | what happened                               |
| B1   | Mon 5 Oct  | Bob, by the officer     | 10 wd: 19 Oct   | informal resolution Thu 15 Oct: on time, 8 wd |
| B2   | Mon 12 Oct | Alice, by Bob           | 10 wd: 26 Oct   | referred to the MO Mon 2 Nov: late, 15 wd    |
| B3   | Mon 2 Nov  | the Chair, by the Clerk | 10 wd: 16 Nov   | undecided: overdue                          |
| R1   | Tue 20 Oct | Alice's request         | 5 wd: 27 Oct    | released Fri 23 Oct: on time, 3 wd          |
| R2   | Mon 16 Nov | Bob's request           | 5 wd: 23 Nov    | undecided, due today: not yet overdue       |
"""

import datetime as dt

import pytest

from casework.models import Case, CaseConflict, ReferralDecision
from complaints.models import BreachReport
from complaints.reports.compliance import compliance_report
from complaints.reports.periods import Period
from complaints.reports.scope import Level, ReportScope

from .conftest import at

NOW = at(2026, 11, 23, 12)
Q4 = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def breach(seed, cast, received, *, about, by, decision="", decided=None):
    case = seed.case(received, by=by, kind=Case.Kind.BREACH_REPORT, subject_person=about, working_days=10,
                     subject="Breach report")
    BreachReport.objects.create(
        case=case,
        subject_role=BreachReport.SubjectRole.COUNCILLOR,
        details="Pressed an officer for a decision outside working hours.",
        occurred_on=received.date() - dt.timedelta(days=1),
        decision=decision,
        decision_reasons="Considered the evidence." if decision else "",
        decided_at=decided,
        decided_by=cast.chair if decision else None,
    )
    if decided:
        seed.reply(case, decided)
    return case


def referral(seed, cast, received, *, by, decision="", decided=None):
    case = seed.case(received, by=by, kind=Case.Kind.REFERRAL, working_days=5, subject="Referral")
    if decision:
        ReferralDecision.objects.create(
            referral=case, decision=decision, reasons="They need it for the committee.", decided_by=cast.chair,
            decided_at=decided,
        )
        seed.reply(case, decided)
    return case


@pytest.fixture
def decisions(cast, seed):
    alice, bob = cast.councillor, cast.other_councillor
    return {
        "B1": breach(seed, cast, at(2026, 10, 5), about=bob, by=cast.officer,
                     decision=BreachReport.Decision.INFORMAL_RESOLUTION, decided=at(2026, 10, 15, 14)),
        "B2": breach(seed, cast, at(2026, 10, 12), about=alice, by=bob,
                     decision=BreachReport.Decision.REFER_MONITORING_OFFICER, decided=at(2026, 11, 2, 14)),
        "B3": breach(seed, cast, at(2026, 11, 2), about=cast.chair, by=cast.clerk),
        "R1": referral(seed, cast, at(2026, 10, 20), by=alice, decision=ReferralDecision.Decision.RELEASE,
                       decided=at(2026, 10, 23, 11)),
        "R2": referral(seed, cast, at(2026, 11, 16), by=bob),
    }


def report(cast, user, level):
    return compliance_report(scope=ReportScope(cast.council, level), user=user, period=Q4, now=NOW)


def test_breach_reports_by_outcome_and_timeliness(cast, decisions):
    figures = report(cast, cast.monitoring_officer, Level.MONITORING).breach_reports
    assert dict(figures.outcomes) == {
        "No further action": 0,
        "Informal resolution": 1,
        "Refer to the Monitoring Officer (Code of Conduct)": 1,
        "Refer to the Council": 0,
        "Refer to the staffing committee": 0,
        "Awaiting a decision": 1,
    }
    t = figures.tally
    assert (t.received, t.answered_within, t.late, t.open_overdue, t.open) == (3, 1, 1, 1, 0)
    assert t.median_working_days == 11.5  # of 8 and 15
    assert (figures.decided, figures.awaiting) == (2, 1)
    october, november, _ = figures.by_month
    assert (october.received, october.answered_within, october.late) == (2, 1, 1)
    assert (november.received, november.open_overdue) == (1, 1)


def test_referrals_by_outcome_and_timeliness(cast, decisions):
    figures = report(cast, cast.monitoring_officer, Level.MONITORING).referrals
    assert dict(figures.outcomes)["Release"] == 1
    assert dict(figures.outcomes)["Awaiting a decision"] == 1
    t = figures.tally
    assert (t.received, t.answered_within, t.open, t.open_overdue, t.median_working_days) == (2, 1, 1, 0, 3)


def test_only_the_monitoring_officer_sees_breach_reports_and_referrals_by_councillor(cast, decisions):
    named = report(cast, cast.monitoring_officer, Level.MONITORING).decisions_by_councillor
    assert [(p.councillor, p.group, p.breach_reports_about, p.breach_reports_made, p.referrals) for p in named] == [
        ("Cllr Alice Adams", "Green", 1, 0, 1),
        ("Cllr Bob Brown", "Labour", 1, 1, 1),
        ("Cllr Charlotte Chair", "Green", 1, 0, 0),
    ]
    assert report(cast, cast.clerk, Level.CLERK).decisions_by_councillor == []
    assert report(cast, cast.chair, Level.CHAIR).decisions_by_councillor == []


def test_the_chair_does_not_count_a_report_about_themselves(cast, decisions):
    chair = report(cast, cast.chair, Level.CHAIR)
    assert chair.breach_reports.tally.received == 2
    assert chair.breach_reports.awaiting == 0  # B3, about the Chair, is not in their figures
    assert decisions["B3"].reference not in {r.reference for r in chair.rows}
    vice = report(cast, cast.vice_chair, Level.CHAIR)
    assert vice.breach_reports.tally.received == 3


def test_a_chair_with_a_declared_interest_does_not_count_that_report(cast, decisions):
    CaseConflict.objects.create(case=decisions["B1"], user=cast.vice_chair)
    vice = report(cast, cast.vice_chair, Level.CHAIR)
    assert vice.breach_reports.tally.received == 2
    assert decisions["B1"].reference not in {r.reference for r in vice.rows}


def test_the_by_councillor_table_counts_only_enquiries_and_information_requests(cast, seed, decisions):
    seed.case(at(2026, 10, 7), by=cast.councillor, subject="An enquiry")
    for who, level in ((cast.clerk, Level.CLERK), (cast.monitoring_officer, Level.MONITORING)):
        r = report(cast, who, level)
        assert [(g.tally.label, g.tally.received) for g in r.by_councillor] == [("Cllr Alice Adams", 1)]
        assert [(g.tally.label, g.tally.received) for g in r.by_group] == [("Green", 1)]
