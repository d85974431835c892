import datetime as dt

import pytest

from accounts.models import ClosureDay
from casework.calendar import LONDON
from casework.models import CaseEvent, Deadline, Heartbeat, Notification
from casework.services.deadlines import (
    deadline_complete,
    deadline_pause,
    deadline_resume,
    deadlines_recompute,
)
from casework.services.escalation import sweep, sweep_one
from tests.factories import AbsenceFactory

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=LONDON)


def test_seven_working_days_from_a_saturday(make_case):
    case = make_case(received_at=at(2026, 1, 3, 15), now=at(2026, 1, 3, 15))
    deadline = case.deadlines.get()
    assert deadline.due_on == dt.date(2026, 1, 13)
    assert deadline.due_at == dt.datetime(2026, 1, 13, 23, 59, 59, 999999, tzinfo=LONDON)
    assert deadline.skipped == [["2026-01-04", "Sunday"], ["2026-01-10", "Saturday"], ["2026-01-11", "Sunday"]]
    assert deadline.clause == "4.4"
    event = case.events.get(kind=CaseEvent.Kind.DEADLINE_SET)
    assert event.summary == (
        "Reply to the councillor: due Tuesday 13 January 2026 — 7 working days after Saturday 3 January 2026 "
        "(day zero), skipping 3 non-working days."
    )


def test_across_christmas_2026_and_a_late_evening_receipt(make_case):
    # Received 23:30 on Christmas Eve: the London date is day zero whatever the hour.
    case = make_case(received_at=at(2026, 12, 24, 23, 30))
    assert case.deadlines.get().due_on == dt.date(2027, 1, 7)


def test_christmas_2027_substitute_days(make_case):
    case = make_case(received_at=at(2027, 12, 23), now=at(2027, 12, 23))
    deadline = case.deadlines.get()
    # Day zero Thu 23 Dec: Fri 24 (1), Mon 27 and Tue 28 substitute days, 29, 30, 31 (2-4),
    # Mon 3 Jan substitute for New Year's Day on a Saturday, then 4, 5, 6 (5-7).
    reasons = dict(deadline.skipped)
    assert reasons["2027-12-27"] == "bank holiday: Christmas Day (substitute day)"
    assert reasons["2027-12-28"] == "bank holiday: Boxing Day (substitute day)"
    assert reasons["2028-01-03"] == "bank holiday: New Year's Day (substitute day)"
    assert deadline.due_on == dt.date(2028, 1, 6)


def test_across_easter_2026(make_case):
    case = make_case(received_at=at(2026, 4, 1), now=at(2026, 4, 1))
    deadline = case.deadlines.get()
    assert deadline.due_on == dt.date(2026, 4, 14)
    assert ["2026-04-03", "bank holiday: Good Friday"] in deadline.skipped
    assert ["2026-04-06", "bank holiday: Easter Monday"] in deadline.skipped


def test_due_instant_across_the_clocks_going_back(make_case):
    case = make_case(received_at=at(2026, 10, 20), now=at(2026, 10, 20))
    deadline = case.deadlines.get()
    assert deadline.due_on == dt.date(2026, 10, 29)
    assert deadline.due_at.utcoffset() == dt.timedelta(0)  # GMT after 25 October
    assert deadline.due_at.astimezone(dt.UTC) == dt.datetime(2026, 10, 29, 23, 59, 59, 999999, tzinfo=dt.UTC)


def test_closure_day_added_after_the_deadline_was_set_moves_it_and_says_why(cast, make_case):
    case = make_case(received_at=at(2026, 11, 27), now=at(2026, 11, 27))
    assert case.deadlines.get().due_on == dt.date(2026, 12, 8)
    ClosureDay.objects.create(council=cast.council, date=dt.date(2026, 12, 2), reason="Staff training")
    moved = deadlines_recompute(council=cast.council, now=at(2026, 11, 30), because="a closure day was added on 2 December 2026")
    assert moved == 1
    deadline = case.deadlines.get()
    assert deadline.due_on == dt.date(2026, 12, 9)
    assert ["2026-12-02", "council closure: Staff training"] in deadline.skipped
    event = case.events.get(kind=CaseEvent.Kind.DEADLINE_RECOMPUTED)
    assert event.summary == (
        "Reply to the councillor: now due Wednesday 9 December 2026 (was Tuesday 8 December 2026) "
        "because a closure day was added on 2 December 2026."
    )
    assert deadlines_recompute(council=cast.council, now=at(2026, 11, 30), because="again") == 0


def test_pause_and_resume_lose_no_elapsed_time(cast, make_case):
    # Received Mon 2 Nov: due Wed 11 Nov. Paused Wed 4 Nov with 5 working days left (5,6,9,10,11).
    case = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    deadline = case.deadlines.get()
    assert deadline.due_on == dt.date(2026, 11, 11)
    deadline_pause(deadline=deadline, reason="Awaiting the councillor's clarification", actor=cast.clerk, now=at(2026, 11, 4, 14))
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.PAUSED
    assert deadline.next_check_at is None
    assert deadline.pauses.get().remaining_working_days == 5
    # Resumed Mon 16 Nov: five working days from then is Mon 23 Nov.
    deadline_resume(deadline=deadline, actor=cast.clerk, now=at(2026, 11, 16, 9))
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.OPEN
    assert deadline.due_on == dt.date(2026, 11, 23)
    resumed = case.events.get(kind=CaseEvent.Kind.DEADLINE_RESUMED)
    assert "now due Monday 23 November 2026 (was Wednesday 11 November 2026)" in resumed.summary
    # A later recompute replays the ledger and agrees.
    assert deadlines_recompute(council=cast.council, now=at(2026, 11, 16, 10), because="check") == 0


def test_reply_on_time_meets_the_clock(cast, make_case):
    case = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    deadline = deadline_complete(deadline=case.deadlines.get(), actor=cast.officer, now=at(2026, 11, 11, 16))
    assert deadline.state == Deadline.State.MET
    assert deadline.next_check_at is None


def test_the_ladder_reminder_overdue_chair_each_once(cast, make_case, mailoutbox):
    # Received Mon 2 Nov 2026, due Wed 11 Nov. Reminder 09:00 Mon 9 Nov; overdue after 11 Nov;
    # the Chair at 09:00 on the fifth working day after, Wed 18 Nov.
    case = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    deadline = case.deadlines.get()
    assert deadline.next_check_at == at(2026, 11, 9, 9)

    assert sweep(now=at(2026, 11, 9, 8, 59)) == 0
    assert sweep(now=at(2026, 11, 9, 9, 0)) == 1
    assert sweep(now=at(2026, 11, 9, 9, 1)) == 0  # run twice: nothing more
    deadline.refresh_from_db()
    assert (deadline.level, deadline.state, deadline.next_check_at) == (1, "open", deadline.due_at)
    reminder = Notification.objects.get(event__escalation_level=1)
    assert reminder.recipient == cast.clerk  # not yet assigned: the Clerk it was routed to

    assert sweep(now=at(2026, 11, 12, 0, 5)) == 1
    deadline.refresh_from_db()
    assert (deadline.level, deadline.state) == (2, "missed")
    overdue = Notification.objects.filter(event__escalation_level=2)
    assert {n.recipient for n in overdue} == {cast.clerk}
    # Overdue at five past midnight: nobody is told at night; it waits for 09:00.
    assert {n.not_before for n in overdue} == {at(2026, 11, 12, 9)}

    assert sweep(now=at(2026, 11, 18, 9)) == 1
    chair_note = Notification.objects.get(event__escalation_level=3)
    assert chair_note.recipient == cast.chair
    deadline.refresh_from_db()
    assert (deadline.level, deadline.next_check_at) == (3, None)
    assert sweep(now=at(2026, 12, 31)) == 0
    levels = list(case.events.filter(kind=CaseEvent.Kind.ESCALATED).values_list("escalation_level", "clause"))
    assert levels == [(1, "4.4"), (2, "4.4"), (3, "4.4")]


def test_down_for_three_days_catches_up_in_due_order_once(cast, make_case):
    early = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))  # due 11 Nov
    late = make_case(received_at=at(2026, 11, 3), now=at(2026, 11, 3))  # due 12 Nov
    # The sweep was down from Sunday 8 to Friday 13 November.
    taken = sweep(now=at(2026, 11, 13, 10))
    assert taken == 4  # reminder and overdue for each
    order = list(
        CaseEvent.objects.filter(kind=CaseEvent.Kind.ESCALATED)
        .order_by("pk")
        .values_list("case__reference", "escalation_level")
    )
    assert order == [(early.reference, 1), (late.reference, 1), (early.reference, 2), (late.reference, 2)]
    # Both reminders were still useful when taken? No: early's reminder was due 9 Nov, taken 13 Nov after its due.
    early_reminder = early.events.get(escalation_level=1)
    assert early_reminder.summary.endswith("reminder not sent — the deadline had already passed when it came due.")
    assert not Notification.objects.filter(event=early_reminder).exists()
    assert sweep(now=at(2026, 11, 13, 10)) == 0


def test_chair_escalation_goes_to_vice_chair_when_chair_absent(cast, make_case):
    case = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    AbsenceFactory(user=cast.chair, starts_on=dt.date(2026, 11, 16), ends_on=dt.date(2026, 11, 30))
    sweep(now=at(2026, 11, 18, 9))
    note = Notification.objects.get(event__escalation_level=3)
    assert note.recipient == cast.vice_chair
    assert "the Chair is absent until 30 November 2026" in case.events.get(escalation_level=3).summary


def test_sweep_records_its_heartbeat_even_when_idle(cast, profile):
    assert sweep(now=at(2026, 11, 23)) == 0
    assert Heartbeat.objects.get(name="deadline-sweep").last_run_at == at(2026, 11, 23)


def test_sweep_one_reads_only_what_is_due(cast, make_case, django_assert_num_queries):
    for _ in range(5):
        make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    # One SELECT, inside its own savepoint (SAVEPOINT and RELEASE are the other two).
    with django_assert_num_queries(3):
        assert sweep_one(now=at(2026, 11, 3)) is False


def test_each_escalation_in_a_batch_costs_three_writes(cast, make_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.services.escalation import SweepContext, sweep_batch

    def overdue_sweep_queries(count):
        cases = [make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2)) for _ in range(count)]
        sweep(now=at(2026, 11, 9, 9))  # their reminders
        with CaptureQueriesContext(connection) as captured:
            assert sweep_batch(now=at(2026, 11, 12, 9), ctx=SweepContext()) == count
        assert all(c.deadlines.get().level == 2 for c in cases)
        return len(captured.captured_queries)

    two = overdue_sweep_queries(2)
    six = overdue_sweep_queries(6)  # the first two are already overdue: only the new six climb
    # The claim, the load, the Clerk and calendar lookups are paid once per batch; each
    # escalation adds its conditional update, its event and its notifications.
    assert (six - two) <= 4 * 3


def test_closure_day_service_recomputes_and_removal_moves_it_back(cast, make_case):
    from casework.services.closures import closure_day_add, closure_day_remove

    case = make_case(received_at=at(2026, 11, 27), now=at(2026, 11, 27))
    closure = closure_day_add(council=cast.council, date=dt.date(2026, 12, 3), reason="Office move", actor=cast.clerk, now=at(2026, 11, 30))
    assert case.deadlines.get().due_on == dt.date(2026, 12, 9)
    closure_day_remove(closure=closure, actor=cast.clerk, now=at(2026, 11, 30))
    assert case.deadlines.get().due_on == dt.date(2026, 12, 8)
    summaries = list(case.events.filter(kind=CaseEvent.Kind.DEADLINE_RECOMPUTED).values_list("summary", flat=True))
    assert summaries == [
        "Reply to the councillor: now due Wednesday 9 December 2026 (was Tuesday 8 December 2026) "
        "because 3 December 2026 was declared a closure day (Office move).",
        "Reply to the councillor: now due Tuesday 8 December 2026 (was Wednesday 9 December 2026) "
        "because 3 December 2026 is no longer a closure day.",
    ]


def test_a_confidential_clock_is_not_shown_to_the_clerk_and_escalates_to_the_monitoring_officer(cast, make_case):
    from casework.models import Case

    case = make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2), kind=Case.Kind.BREACH_REPORT, raised_by=cast.officer)
    assert case.confidential is False or case.routed_to == cast.chair
    Case.objects.filter(pk=case.pk).update(confidential=True)
    sweep(now=at(2026, 11, 18, 9))
    overdue = Notification.objects.filter(event__escalation_level=2)
    assert {n.recipient for n in overdue} == {cast.chair}
    assert Notification.objects.get(event__escalation_level=3).recipient == cast.monitoring_officer


def test_a_registration_duty_reminds_the_councillor_whose_duty_it_is(cast, make_case):
    from casework.models import Case

    make_case(received_at=at(2026, 11, 2), now=at(2026, 11, 2), kind=Case.Kind.REGISTRATION, raised_by=cast.councillor)
    sweep(now=at(2026, 11, 9, 9))
    reminded = {n.recipient for n in Notification.objects.filter(event__escalation_level=1)}
    assert reminded == {cast.councillor, cast.monitoring_officer}
