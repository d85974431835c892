"""Working days, bank holidays and closures, with exact dates (RULES: "Working days and deadlines")."""

import datetime as dt

import pytest

from casework.calendar import (
    NATIONS,
    DeadlineResult,
    SkippedDay,
    WorkingCalendar,
    add_working_days,
    bank_holiday,
    calendar_for_council,
    end_of_day,
    london_date,
    subtract_working_days,
    working_days_between,
)
from tests.factories import ClosureDayFactory, CouncilFactory

D = dt.date
ENGLAND = WorkingCalendar("england")
WALES = WorkingCalendar("wales")
SCOTLAND = WorkingCalendar("scotland")
NORTHERN_IRELAND = WorkingCalendar("northern-ireland")


# --- The worked examples in RULES.md (England, 7 working days) ------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 1, 3), D(2026, 1, 13)),  # Saturday: Monday is day one
        (D(2025, 12, 24), D(2026, 1, 7)),  # Christmas, Boxing Day, New Year's Day
        (D(2026, 7, 10), D(2026, 7, 21)),
        (D(2026, 11, 27), D(2026, 12, 8)),
    ],
)
def test_worked_examples_from_the_rules(received, due):
    assert add_working_days(received, 7, ENGLAND).due == due


def test_saturday_receipt_skips_the_weekends_with_reasons():
    assert add_working_days(D(2026, 1, 3), 7, ENGLAND) == DeadlineResult(
        due=D(2026, 1, 13),
        skipped=(
            SkippedDay(D(2026, 1, 4), "Sunday"),
            SkippedDay(D(2026, 1, 10), "Saturday"),
            SkippedDay(D(2026, 1, 11), "Sunday"),
        ),
    )


def test_christmas_eve_2025_skips_christmas_and_new_year_in_order():
    result = add_working_days(D(2025, 12, 24), 7, ENGLAND)
    assert result.skipped == (
        SkippedDay(D(2025, 12, 25), "bank holiday: Christmas Day"),
        SkippedDay(D(2025, 12, 26), "bank holiday: Boxing Day"),
        SkippedDay(D(2025, 12, 27), "Saturday"),
        SkippedDay(D(2025, 12, 28), "Sunday"),
        SkippedDay(D(2026, 1, 1), "bank holiday: New Year's Day"),
        SkippedDay(D(2026, 1, 3), "Saturday"),
        SkippedDay(D(2026, 1, 4), "Sunday"),
    )


# --- Counting rules ------------------------------------------------------------------------


def test_zero_working_days_is_the_start_itself_even_at_a_weekend():
    assert add_working_days(D(2026, 1, 3), 0, ENGLAND) == DeadlineResult(due=D(2026, 1, 3), skipped=())


def test_one_working_day_from_friday_is_monday():
    result = add_working_days(D(2026, 1, 9), 1, ENGLAND)
    assert result.due == D(2026, 1, 12)
    assert [s.date for s in result.skipped] == [D(2026, 1, 10), D(2026, 1, 11)]


def test_a_working_day_start_is_still_day_zero():
    assert add_working_days(D(2026, 1, 5), 1, ENGLAND).due == D(2026, 1, 6)


@pytest.mark.parametrize("function", [add_working_days, subtract_working_days])
def test_negative_working_days_are_refused(function):
    with pytest.raises(ValueError):
        function(D(2026, 1, 5), -1, ENGLAND)


def test_unknown_nation_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar("cornwall")


def test_nations_map_to_holidays_subdivisions():
    assert NATIONS == {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


# --- Christmas --------------------------------------------------------------------------------


def test_christmas_2026_boxing_day_on_saturday_gives_monday_28th_as_substitute():
    result = add_working_days(D(2026, 12, 24), 3, ENGLAND)
    assert result.due == D(2026, 12, 31)
    assert result.skipped == (
        SkippedDay(D(2026, 12, 25), "bank holiday: Christmas Day"),
        SkippedDay(D(2026, 12, 26), "bank holiday: Boxing Day"),
        SkippedDay(D(2026, 12, 27), "Sunday"),
        SkippedDay(D(2026, 12, 28), "bank holiday: Boxing Day (substitute day)"),
    )
    assert ENGLAND.is_working_day(D(2026, 12, 29))


def test_christmas_2027_falls_at_the_weekend_so_27th_and_28th_are_substitute_days():
    result = add_working_days(D(2027, 12, 24), 1, ENGLAND)
    assert result.due == D(2027, 12, 29)
    assert result.skipped == (
        SkippedDay(D(2027, 12, 25), "bank holiday: Christmas Day"),
        SkippedDay(D(2027, 12, 26), "bank holiday: Boxing Day"),
        SkippedDay(D(2027, 12, 27), "bank holiday: Christmas Day (substitute day)"),
        SkippedDay(D(2027, 12, 28), "bank holiday: Boxing Day (substitute day)"),
    )


@pytest.mark.parametrize("calendar", [ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND])
def test_christmas_substitute_days_apply_in_every_nation(calendar):
    assert not calendar.is_working_day(D(2027, 12, 27))
    assert not calendar.is_working_day(D(2027, 12, 28))


# --- Easter 2026 --------------------------------------------------------------------------


@pytest.mark.parametrize("calendar", [ENGLAND, WALES, NORTHERN_IRELAND])
def test_easter_2026_good_friday_and_easter_monday_outside_scotland(calendar):
    assert calendar.why_not_working(D(2026, 4, 3)) == "bank holiday: Good Friday"
    assert calendar.why_not_working(D(2026, 4, 6)) == "bank holiday: Easter Monday"
    assert add_working_days(D(2026, 4, 2), 1, calendar).due == D(2026, 4, 7)


def test_easter_monday_is_not_a_bank_holiday_in_scotland():
    assert SCOTLAND.why_not_working(D(2026, 4, 3)) == "bank holiday: Good Friday"
    assert SCOTLAND.why_not_working(D(2026, 4, 6)) is None
    assert add_working_days(D(2026, 4, 2), 1, SCOTLAND).due == D(2026, 4, 6)


# --- Scotland and Northern Ireland ----------------------------------------------------------


def test_scotland_has_2_january_and_england_does_not():
    assert SCOTLAND.why_not_working(D(2026, 1, 2)) == "bank holiday: New Year Holiday"
    assert ENGLAND.is_working_day(D(2026, 1, 2))
    assert add_working_days(D(2025, 12, 31), 1, SCOTLAND).due == D(2026, 1, 5)
    assert add_working_days(D(2025, 12, 31), 1, ENGLAND).due == D(2026, 1, 2)


def test_scotland_2_january_2027_on_saturday_moves_to_monday_4th():
    assert SCOTLAND.why_not_working(D(2027, 1, 4)) == "bank holiday: New Year Holiday (substitute day)"
    assert ENGLAND.is_working_day(D(2027, 1, 4))


def test_st_andrews_day_2026_monday_is_a_bank_holiday_in_scotland_only():
    assert SCOTLAND.why_not_working(D(2026, 11, 30)) == "bank holiday: Saint Andrew's Day"
    assert ENGLAND.is_working_day(D(2026, 11, 30))
    # The RULES example Fri 27 November 2026 → Tue 8 December in England is a day later in Scotland.
    assert add_working_days(D(2026, 11, 27), 7, SCOTLAND).due == D(2026, 12, 9)


def test_st_andrews_day_2025_on_sunday_gives_monday_1_december():
    assert SCOTLAND.why_not_working(D(2025, 11, 30)) == "bank holiday: Saint Andrew's Day"
    assert SCOTLAND.why_not_working(D(2025, 12, 1)) == "bank holiday: Saint Andrew's Day (substitute day)"
    assert ENGLAND.is_working_day(D(2025, 12, 1))


def test_scotland_has_the_summer_holiday_in_early_august_not_late_august():
    assert SCOTLAND.why_not_working(D(2026, 8, 3)) == "bank holiday: Summer Bank Holiday"
    assert SCOTLAND.is_working_day(D(2026, 8, 31))
    assert ENGLAND.why_not_working(D(2026, 8, 31)) == "bank holiday: Late Summer Bank Holiday"
    assert ENGLAND.is_working_day(D(2026, 8, 3))


def test_scotland_world_cup_bank_holiday_15_june_2026():
    # One-off, proclaimed February 2026; only holidays releases after that know it.
    assert not SCOTLAND.is_working_day(D(2026, 6, 15))
    assert ENGLAND.is_working_day(D(2026, 6, 15))


def test_a_day_with_two_holidays_names_both():
    # Sun 1 Jan 2023: New Year's Day moves to Mon 2 Jan, which is also Scotland's New Year Holiday.
    assert bank_holiday(D(2023, 1, 2), "scotland") == "New Year Holiday and New Year's Day (substitute day)"
    assert bank_holiday(D(2023, 1, 3), "scotland") == "New Year Holiday (substitute day)"


def test_northern_ireland_st_patricks_day_and_the_twelfth():
    assert NORTHERN_IRELAND.why_not_working(D(2026, 3, 17)) == "bank holiday: Saint Patrick's Day"
    assert (
        NORTHERN_IRELAND.why_not_working(D(2026, 7, 13))
        == "bank holiday: Battle of the Boyne (substitute day)"
    )
    assert ENGLAND.is_working_day(D(2026, 3, 17))


def test_wales_follows_england():
    for day in (D(2026, 1, 1), D(2026, 4, 6), D(2026, 8, 31), D(2026, 12, 28)):
        assert WALES.why_not_working(day) == ENGLAND.why_not_working(day)


# --- Closures -------------------------------------------------------------------------------


def test_a_closure_day_is_skipped_with_its_reason():
    calendar = WorkingCalendar(
        "england", {D(2026, 12, 29): "Christmas shutdown", D(2026, 12, 30): "Christmas shutdown"}
    )
    result = add_working_days(D(2026, 12, 24), 2, calendar)  # Thu 31 December, then Mon 4 January
    assert result.due == D(2027, 1, 4)
    assert result.skipped == (
        SkippedDay(D(2026, 12, 25), "bank holiday: Christmas Day"),
        SkippedDay(D(2026, 12, 26), "bank holiday: Boxing Day"),
        SkippedDay(D(2026, 12, 27), "Sunday"),
        SkippedDay(D(2026, 12, 28), "bank holiday: Boxing Day (substitute day)"),
        SkippedDay(D(2026, 12, 29), "council closure: Christmas shutdown"),
        SkippedDay(D(2026, 12, 30), "council closure: Christmas shutdown"),
        SkippedDay(D(2027, 1, 1), "bank holiday: New Year's Day"),
        SkippedDay(D(2027, 1, 2), "Saturday"),
        SkippedDay(D(2027, 1, 3), "Sunday"),
    )


def test_a_bank_holiday_or_weekend_is_named_before_a_closure_on_the_same_day():
    calendar = WorkingCalendar(
        "england", {D(2026, 12, 25): "Christmas shutdown", D(2026, 12, 27): "Christmas shutdown"}
    )
    assert calendar.why_not_working(D(2026, 12, 25)) == "bank holiday: Christmas Day"
    assert calendar.why_not_working(D(2026, 12, 27)) == "Sunday"


def test_a_bank_holiday_at_a_weekend_is_named_as_the_holiday():
    assert ENGLAND.why_not_working(D(2027, 12, 25)) == "bank holiday: Christmas Day"


def test_calendars_are_hashable_and_compare_by_value():
    a = WorkingCalendar("england", {D(2026, 12, 29): "Christmas shutdown"})
    b = WorkingCalendar("england", {D(2026, 12, 29): "Christmas shutdown"})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, ENGLAND}) == 2
    assert a.closures[D(2026, 12, 29)] == "Christmas shutdown"
    assert a.closures == {D(2026, 12, 29): "Christmas shutdown"}


def test_changing_the_dict_afterwards_does_not_change_the_calendar():
    closures = {D(2026, 12, 29): "Christmas shutdown"}
    calendar = WorkingCalendar("england", closures)
    closures[D(2026, 12, 30)] = "Christmas shutdown"
    assert calendar.is_working_day(D(2026, 12, 30))


@pytest.mark.django_db
def test_calendar_for_council_uses_its_nation_and_closures_in_one_query(django_assert_num_queries):
    council = CouncilFactory(slug="glenbrae", nation="scotland")
    ClosureDayFactory(council=council, date=D(2026, 12, 29), reason="Christmas shutdown")
    ClosureDayFactory(date=D(2026, 12, 30), reason="Another council's closure")
    with django_assert_num_queries(1):
        calendar = calendar_for_council(council)
    assert calendar == WorkingCalendar("scotland", {D(2026, 12, 29): "Christmas shutdown"})


# --- Backwards and between -----------------------------------------------------------------


def test_two_working_days_before_a_tuesday_is_the_friday():
    assert subtract_working_days(D(2026, 1, 13), 2, ENGLAND) == D(2026, 1, 9)


def test_working_days_before_new_year_skip_christmas():
    assert subtract_working_days(D(2025, 12, 29), 2, ENGLAND) == D(2025, 12, 23)
    assert subtract_working_days(D(2026, 1, 2), 2, ENGLAND) == D(2025, 12, 30)


def test_subtracting_zero_is_the_day_itself():
    assert subtract_working_days(D(2026, 1, 3), 0, ENGLAND) == D(2026, 1, 3)


def test_working_days_between_counts_the_half_open_interval():
    assert working_days_between(D(2026, 1, 3), D(2026, 1, 13), ENGLAND) == 7
    assert working_days_between(D(2025, 12, 24), D(2026, 1, 7), ENGLAND) == 7
    assert working_days_between(D(2026, 1, 5), D(2026, 1, 5), ENGLAND) == 0
    assert working_days_between(D(2026, 1, 13), D(2026, 1, 3), ENGLAND) == 0
    assert working_days_between(D(2026, 1, 4), D(2026, 1, 5), ENGLAND) == 1


# --- The due instant --------------------------------------------------------------------------


def test_end_of_day_in_winter_is_gmt():
    due = end_of_day(D(2026, 1, 13))
    assert due.utcoffset() == dt.timedelta(0)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 1, 13, 23, 59, 59, 999999, tzinfo=dt.UTC)


def test_end_of_day_on_the_day_clocks_go_forward_is_bst():
    due = end_of_day(D(2026, 3, 29))
    assert (due.hour, due.minute, due.second, due.microsecond) == (23, 59, 59, 999999)
    assert due.utcoffset() == dt.timedelta(hours=1)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 22, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2026, 3, 28)).utcoffset() == dt.timedelta(0)


def test_end_of_day_on_the_day_clocks_go_back_is_gmt():
    due = end_of_day(D(2026, 10, 25))
    assert due.utcoffset() == dt.timedelta(0)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 23, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2026, 10, 24)).utcoffset() == dt.timedelta(hours=1)


def test_end_of_day_is_the_last_instant_of_the_london_day():
    due = end_of_day(D(2026, 7, 21))
    assert london_date(due) == D(2026, 7, 21)
    assert london_date(due + dt.timedelta(microseconds=1)) == D(2026, 7, 22)


def test_received_just_after_midnight_bst_is_that_london_day():
    # 23:30 UTC on 10 July is 00:30 BST on 11 July: day zero is the 11th.
    assert london_date(dt.datetime(2026, 7, 10, 23, 30, tzinfo=dt.UTC)) == D(2026, 7, 11)
