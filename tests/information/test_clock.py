"""The response clock pauses on the ledger while a referral awaits its decision, and resumes with the
working days that were left; the referral's own clock climbs the escalation ladder if nobody decides."""

import datetime as dt

import pytest

from casework.calendar import LONDON
from casework.models import Case, CaseEvent, Deadline, DeadlinePause
from casework.services import information as svc
from casework.services.escalation import sweep
from tests.information.conftest import THU, TUE_NEXT, notes

pytestmark = pytest.mark.django_db


def test_referral_pauses_the_response_clock_with_four_working_days_left(cast, referred):
    request, referral = referred()  # received Mon 2 Nov (due Wed 11 Nov), referred Thu 5 Nov
    response = svc.response_deadline(request)
    assert response.state == Deadline.State.PAUSED
    pause = DeadlinePause.objects.get(deadline=response)
    assert pause.paused_at == THU
    assert pause.resumed_at is None
    assert pause.remaining_working_days == 4  # Fri 6, Mon 9, Tue 10, Wed 11
    assert pause.reason == "Awaiting the Chair's decision on referral REF-2026-0001"
    assert request.status == Case.Status.ON_HOLD
    assert request.due_at is None  # a paused clock has no due instant, so the queue says "Clock paused"
    # The referral's own clock: five working days from Thursday 5 November.
    decision_clock = referral.deadlines.get()
    assert decision_clock.rule == svc.REFERRAL_RULE
    assert decision_clock.due_on == dt.date(2026, 11, 12)
    assert (decision_clock.clause, decision_clock.clause_anchor) == ("9.5", "c-9-5")
    paused = request.events.get(kind=CaseEvent.Kind.DEADLINE_PAUSED)
    assert paused.summary == (
        "Respond to the information request: clock paused with 4 working days to run. "
        "Reason: Awaiting the Chair's decision on referral REF-2026-0001"
    )


def test_the_decision_resumes_the_clock_from_the_day_of_the_decision(cast, referred):
    request, referral = referred()
    svc.referral_decide(referral=referral, decider=cast.chair, decision="release", reasons="Needed", now=TUE_NEXT)
    response = svc.response_deadline(request)
    assert response.state == Deadline.State.OPEN
    # Tue 10 Nov + the 4 working days left = Mon 16 Nov.
    assert response.due_on == dt.date(2026, 11, 16)
    pause = DeadlinePause.objects.get(deadline=response)
    assert (pause.paused_at, pause.resumed_at) == (THU, TUE_NEXT)
    resumed = request.events.get(kind=CaseEvent.Kind.DEADLINE_RESUMED)
    assert "now due Monday 16 November 2026 (was Wednesday 11 November 2026)" in resumed.summary
    request.refresh_from_db()
    assert request.status == Case.Status.OPEN
    assert request.due_at == dt.datetime.combine(dt.date(2026, 11, 16), dt.time.max, tzinfo=LONDON)
    decision_clock = referral.deadlines.get()
    assert decision_clock.state == Deadline.State.MET
    referral.refresh_from_db()
    assert referral.status == Case.Status.CLOSED


def test_a_late_decision_misses_the_referral_clock_and_still_resumes_the_request(cast, referred):
    request, referral = referred()
    late = dt.datetime(2026, 11, 17, 10, tzinfo=LONDON)  # the decision was due by the end of Thu 12 Nov
    svc.referral_decide(referral=referral, decider=cast.chair, decision="release", reasons="Needed", now=late)
    assert referral.deadlines.get().state == Deadline.State.MISSED
    # Tue 17 Nov + 4 working days = Mon 23 Nov.
    assert svc.response_deadline(request).due_on == dt.date(2026, 11, 23)


def test_an_onward_referral_keeps_the_clock_paused_until_the_outcome(cast, referred):
    request, referral = referred()
    svc.referral_decide(
        referral=referral, decider=cast.chair, decision="refer_council", reasons="A matter for the Council",
        now=TUE_NEXT,
    )
    assert svc.response_deadline(request).state == Deadline.State.PAUSED
    request.refresh_from_db()
    assert request.status == Case.Status.ON_HOLD
    outcome_at = dt.datetime(2026, 11, 18, 10, tzinfo=LONDON)
    svc.information_request_onward_outcome(
        case=request, officer=cast.clerk, release=True, reasons="The Council resolved on 17 November to release it.",
        now=outcome_at,
    )
    # Wed 18 Nov + 4 working days = Tue 24 Nov.
    assert svc.response_deadline(request).due_on == dt.date(2026, 11, 24)
    assert request.information_request.outcome == "release"


def test_an_undecided_referral_climbs_the_ladder_to_the_monitoring_officer(cast, referred):
    _, referral = referred()
    # Reminder two working days before Thu 12 Nov: Tue 10 Nov at 09:00, to the Chair.
    assert sweep(now=dt.datetime(2026, 11, 10, 9, 30, tzinfo=LONDON)) == 1
    # Overdue after the end of Thu 12 Nov: told only to the Chair (a referral is confidential).
    assert sweep(now=dt.datetime(2026, 11, 13, 9, 0, tzinfo=LONDON)) == 1
    # Five working days overdue, Thu 19 Nov: the Monitoring Officer, as the Chair's own office has it.
    assert sweep(now=dt.datetime(2026, 11, 19, 9, 30, tzinfo=LONDON)) == 1
    steps = [
        (e.at.astimezone(LONDON).date().isoformat(), e.data.get("step"), e.clause)
        for e in referral.events.filter(kind=CaseEvent.Kind.ESCALATED).order_by("at")
    ]
    assert steps == [("2026-11-10", "reminder", "9.5"), ("2026-11-13", "overdue", "9.5"), ("2026-11-19", "chair", "9.5")]
    assert [n.subject for n in notes(cast.chair, referral)][-2:] == [
        "REF-2026-0001: Reminder: due Thursday 12 November 2026",
        "REF-2026-0001: Overdue",
    ]
    assert [n.subject for n in notes(cast.monitoring_officer, referral)] == ["REF-2026-0001: 5 working days overdue"]
    assert notes(cast.clerk, referral) == []
    # A second sweep finds nothing more to do.
    assert sweep(now=dt.datetime(2026, 11, 19, 9, 31, tzinfo=LONDON)) == 0


def test_referring_an_overdue_request_leaves_its_clock_missed_and_says_so(cast, open_request, determine):
    request = open_request()
    sweep(now=dt.datetime(2026, 11, 12, 9, 0, tzinfo=LONDON))  # the response was due by the end of Wed 11 Nov
    determine(request, at=dt.datetime(2026, 11, 12, 10, tzinfo=LONDON))
    response = svc.response_deadline(request)
    assert response.state == Deadline.State.MISSED
    assert not DeadlinePause.objects.exists()
    note = request.events.filter(kind=CaseEvent.Kind.NOTE, deadline=response).get()
    assert note.summary == "Respond to the information request: not paused for the referral — the clock is missed."
