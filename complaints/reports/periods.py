"""Report periods: calendar quarters and from/to dates, counted in London dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.calendar import LONDON


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Period:
    """Every day from `start` to `end`, both included (London dates)."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @property
    def starts_at(self) -> dt.datetime:
        """Midnight in London at the start of the first day."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=LONDON)

    @property
    def ends_before(self) -> dt.datetime:
        """Midnight in London after the last day (exclusive)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)

    @property
    def label(self) -> str:
        return f"{_fmt(self.start)} to {_fmt(self.end)}"

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter (January–March, April–June, ...) that `day` falls in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    if first_month == 10:
        end = dt.date(day.year, 12, 31)
    else:
        end = dt.date(day.year, first_month + 3, 1) - dt.timedelta(days=1)
    return Period(start, end)


def previous_quarter(day: dt.date) -> Period:
    return quarter_of(quarter_of(day).start - dt.timedelta(days=1))


def financial_year_of(day: dt.date) -> Period:
    """The council's financial year, 1 April to 31 March, that `day` falls in."""
    year = day.year if day.month >= 4 else day.year - 1
    return Period(dt.date(year, 4, 1), dt.date(year + 1, 3, 31))


def suggested_periods(today: dt.date) -> list[tuple[str, Period]]:
    """The periods a standards committee usually asks for, for quick links on the report."""
    this_year = financial_year_of(today)
    last_year = financial_year_of(this_year.start - dt.timedelta(days=1))
    return [
        ("This quarter", quarter_of(today)),
        ("Last quarter", previous_quarter(today)),
        (f"This financial year ({this_year.start.year}–{str(this_year.end.year)[2:]})", this_year),
        (f"Last financial year ({last_year.start.year}–{str(last_year.end.year)[2:]})", last_year),
    ]
