"""Working days: the calendar every protocol clock counts in.

A working day is Monday to Friday, not a bank holiday in the council's nation and not a
day the council has declared closed (RULES, "Working days and deadlines"). The date of
receipt is day zero, whatever the hour and whatever day it is; a deadline is the end of
the Nth working day after it.

Everything here except `calendar_for_council` is a pure function of `date` objects, so it
can be tested without a database and the clock is always passed in, never read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

# Council.Nation value -> the `holidays` package's GB subdivision. The subdivision matters:
# without it the package returns only the UK-wide days and misses Easter Monday (England,
# Wales, Northern Ireland), the August bank holiday, 2 January and St Andrew's Day (Scotland).
NATIONS: dict[str, str] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

# Not strftime("%A"): that follows the process locale.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OBSERVED = re.compile(r"\s*\(observed\)")


def _readable(name: str) -> str:
    """The package says "Boxing Day (observed)"; the council says "Boxing Day (substitute day)"."""
    return _OBSERVED.sub(" (substitute day)", name)


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> Mapping[dt.date, str]:
    """The bank holidays of one nation in one year, with readable names (read-only, cached)."""
    table = holidays.country_holidays("GB", subdiv=subdivision, years=year, language="en_GB")
    # One day can carry two holidays (Scotland, Mon 2 Jan 2023: "New Year Holiday" and
    # "New Year's Day (observed)"); get_list gives them separately.
    named = {day: " and ".join(_readable(name) for name in table.get_list(day)) for day in table}
    return MappingProxyType(named)


def bank_holiday(day: dt.date, nation: str) -> str | None:
    """The name of the bank holiday on `day` in `nation`, or None."""
    return _bank_holidays(NATIONS[nation], day.year).get(day)


class ClosureMap(Mapping):
    """An immutable, hashable date -> reason mapping, so a WorkingCalendar can be cached and compared."""

    __slots__ = ("_items", "_lookup")

    def __init__(self, closures: Mapping[dt.date, str] | None = None):
        lookup = dict(closures or {})
        for day, reason in lookup.items():
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                raise TypeError(f"A closure must be keyed by a date, not {day!r}")
            if not isinstance(reason, str):
                raise TypeError(f"The reason for closing on {day} must be text, not {reason!r}")
        self._lookup = lookup
        self._items = tuple(sorted(lookup.items()))

    def __getitem__(self, day: dt.date) -> str:
        return self._lookup[day]

    def __iter__(self) -> Iterator[dt.date]:
        return (day for day, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other) -> bool:
        if isinstance(other, ClosureMap):
            return self._items == other._items
        return Mapping.__eq__(self, other)

    def __repr__(self) -> str:
        return f"ClosureMap({dict(self._items)!r})"


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    reason: str  # "Saturday", "bank holiday: Christmas Day (substitute day)", "council closure: Christmas shutdown"


@dataclass(frozen=True)
class DeadlineResult:
    due: dt.date
    # The non-working days passed over between the start (exclusive) and due (inclusive), in order.
    skipped: tuple[SkippedDay, ...] = ()


@dataclass(frozen=True)
class WorkingCalendar:
    """One nation's bank holidays plus one council's closure days."""

    nation: str
    closures: Mapping[dt.date, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.nation not in NATIONS:
            raise ValueError(f"Unknown nation {self.nation!r}; expected one of {', '.join(NATIONS)}")
        if not isinstance(self.closures, ClosureMap):
            object.__setattr__(self, "closures", ClosureMap(self.closures))

    def why_not_working(self, day: dt.date) -> str | None:
        """Why `day` is not a working day, or None when it is one.

        A bank holiday is named even when it falls at a weekend, so that a following
        substitute day makes sense ("Christmas Day" on Saturday 25 December 2027, then
        "Christmas Day (substitute day)" on Monday 27th). A weekend beats a closure: the
        office would have been shut anyway.
        """
        holiday = bank_holiday(day, self.nation)
        if holiday:
            return f"bank holiday: {holiday}"
        if day.weekday() >= 5:
            return WEEKDAYS[day.weekday()]
        closure = self.closures.get(day)
        if closure is not None:
            return f"council closure: {closure}"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.why_not_working(day) is None


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"The number of working days must be a whole number, not {n!r}")
    if n < 0:
        raise ValueError(f"The number of working days cannot be negative ({n})")


def add_working_days(start: dt.date, n: int, calendar: WorkingCalendar) -> DeadlineResult:
    """The Nth working day after `start`, and the non-working days passed over on the way.

    `start` is day zero whatever it is (a Saturday receipt makes Monday day one). n == 0
    gives `start` itself with nothing skipped; a negative n is a ValueError.
    """
    _check_count(n)
    day, counted, skipped = start, 0, []
    one_day = dt.timedelta(days=1)
    while counted < n:
        day += one_day
        reason = calendar.why_not_working(day)
        if reason is None:
            counted += 1
        else:
            skipped.append(SkippedDay(day, reason))
    return DeadlineResult(due=day, skipped=tuple(skipped))


def subtract_working_days(day: dt.date, n: int, calendar: WorkingCalendar) -> dt.date:
    """The working day that is n working days before `day` (n == 0 gives `day` itself).

    For "remind two working days before the due date": subtract_working_days(due, 2, cal).
    For a working day `d` and n >= 1, add_working_days(subtract_working_days(d, n), n).due == d.
    """
    _check_count(n)
    counted = 0
    one_day = dt.timedelta(days=1)
    while counted < n:
        day -= one_day
        if calendar.is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: WorkingCalendar) -> int:
    """How many working days fall in (start, end]; 0 when end is not after start."""
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def end_of_day(day: dt.date) -> dt.datetime:
    """The due instant: 23:59:59.999999 London time on `day` (GMT or BST as that day has it)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=LONDON)


def london_date(moment: dt.datetime) -> dt.date:
    """The calendar date in London of an aware instant: day zero for something received then."""
    if moment.tzinfo is None:
        raise ValueError("london_date needs an aware datetime")
    return moment.astimezone(LONDON).date()


def calendar_for_council(council) -> WorkingCalendar:
    """The council's nation and its declared closure days (one query)."""
    from accounts.models import ClosureDay  # imported here so the rest of the module needs no Django

    closures = dict(ClosureDay.objects.filter(council=council).values_list("date", "reason"))
    return WorkingCalendar(nation=council.nation, closures=closures)
