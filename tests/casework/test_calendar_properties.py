"""Properties of working-day arithmetic that must hold for any start, count, nation and closures."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.calendar import (
    NATIONS,
    WorkingCalendar,
    add_working_days,
    subtract_working_days,
    working_days_between,
)

ONE_DAY = dt.timedelta(days=1)
starts = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=40)
positive_counts = st.integers(min_value=1, max_value=40)
reasons = st.sampled_from(["Christmas shutdown", "Office move", "Staff training day", "Election count"])


@st.composite
def calendars(draw, near=None):
    """A nation plus up to a dozen closure days, mostly close to `near` so they actually matter."""
    nation = draw(st.sampled_from(sorted(NATIONS)))
    if near is None:
        offsets = st.integers(min_value=-3650, max_value=3650)
        near = dt.date(2025, 7, 1)
    else:
        offsets = st.integers(min_value=-70, max_value=70)
    days = draw(st.lists(offsets, max_size=12, unique=True))
    closures = {near + dt.timedelta(days=d): draw(reasons) for d in days}
    return WorkingCalendar(nation, closures)


@st.composite
def cases(draw, count_strategy=counts):
    start = draw(starts)
    return start, draw(count_strategy), draw(calendars(near=start))


def days_in(start: dt.date, end: dt.date):
    """Every day in (start, end]."""
    day = start + ONE_DAY
    while day <= end:
        yield day
        day += ONE_DAY


def last_working_day_on_or_before(day: dt.date, calendar: WorkingCalendar) -> dt.date:
    while not calendar.is_working_day(day):
        day -= ONE_DAY
    return day


def next_working_day_on_or_after(day: dt.date, calendar: WorkingCalendar) -> dt.date:
    while not calendar.is_working_day(day):
        day += ONE_DAY
    return day


PROPERTY = settings(deadline=None, max_examples=150)


@PROPERTY
@given(cases(positive_counts))
def test_the_due_date_is_a_working_day_after_the_start(case):
    start, n, calendar = case
    due = add_working_days(start, n, calendar).due
    assert due > start
    assert calendar.is_working_day(due)


@PROPERTY
@given(cases())
def test_exactly_n_working_days_fall_between_start_and_due(case):
    start, n, calendar = case
    assert working_days_between(start, add_working_days(start, n, calendar).due, calendar) == n


@PROPERTY
@given(cases())
def test_skipped_days_are_exactly_the_non_working_days_passed_over_in_order(case):
    start, n, calendar = case
    result = add_working_days(start, n, calendar)
    expected = [(day, calendar.why_not_working(day)) for day in days_in(start, result.due)]
    assert [(s.date, s.reason) for s in result.skipped] == [
        (d, why) for d, why in expected if why is not None
    ]


@PROPERTY
@given(starts, calendars())
def test_zero_working_days_is_day_zero(start, calendar):
    assert add_working_days(start, 0, calendar).due == start
    assert add_working_days(start, 0, calendar).skipped == ()


@PROPERTY
@given(cases())
def test_one_more_working_day_is_strictly_later(case):
    start, n, calendar = case
    assert add_working_days(start, n, calendar).due < add_working_days(start, n + 1, calendar).due


@PROPERTY
@given(cases(), st.integers(min_value=0, max_value=30))
def test_a_later_start_never_gives_an_earlier_due_date(case, gap):
    start, n, calendar = case
    later = start + dt.timedelta(days=gap)
    assert add_working_days(start, n, calendar).due <= add_working_days(later, n, calendar).due


@PROPERTY
@given(cases(), counts)
def test_adding_in_two_steps_is_adding_once(case, m):
    start, n, calendar = case
    first = add_working_days(start, n, calendar).due
    assert add_working_days(first, m, calendar).due == add_working_days(start, n + m, calendar).due


@PROPERTY
@given(cases())
def test_closures_never_bring_a_deadline_forward(case):
    start, n, calendar = case
    without = WorkingCalendar(calendar.nation)
    assert add_working_days(start, n, calendar).due >= add_working_days(start, n, without).due


@PROPERTY
@given(cases(positive_counts))
def test_subtracting_back_from_the_due_date_lands_on_the_last_working_day_not_after_the_start(case):
    """subtract(add(s, n).due, n) == the latest working day <= s (so == s exactly when s is a working day).

    The n working days counted back from the due date are the due date's n - 1 predecessors in
    (s, due) and then the first working day at or before s.
    """
    start, n, calendar = case
    back = subtract_working_days(add_working_days(start, n, calendar).due, n, calendar)
    assert back == last_working_day_on_or_before(start, calendar)
    assert (back == start) == calendar.is_working_day(start)


@PROPERTY
@given(cases(positive_counts))
def test_adding_forward_from_a_reminder_date_reaches_the_day_or_the_next_working_day(case):
    """add(subtract(d, n), n).due == d when d is a working day, else the first working day after d."""
    day, n, calendar = case
    reminder = subtract_working_days(day, n, calendar)
    assert reminder < day
    assert calendar.is_working_day(reminder)
    assert add_working_days(reminder, n, calendar).due == next_working_day_on_or_after(day, calendar)


@PROPERTY
@given(cases(positive_counts))
def test_working_days_between_a_reminder_and_its_day(case):
    day, n, calendar = case
    reminder = subtract_working_days(day, n, calendar)
    expected = n if calendar.is_working_day(day) else n - 1
    assert working_days_between(reminder, day, calendar) == expected


@PROPERTY
@given(starts, starts, calendars())
def test_working_days_between_is_zero_backwards_and_additive(a, b, calendar):
    start, end = min(a, b), max(a, b)
    assert working_days_between(end, start, calendar) == 0
    middle = start + (end - start) // 2
    total = working_days_between(start, end, calendar)
    assert total == working_days_between(start, middle, calendar) + working_days_between(
        middle, end, calendar
    )
    assert total == sum(calendar.is_working_day(d) for d in days_in(start, end))
