"""CSV exports of the compliance report's rows, streamed.

One row per case the person may open (scope.export_cases), whatever its size: the rows are
read in chunks (compliance.iter_rows) and written as they come, so a year of a large council
never sits in memory. A cell a spreadsheet would read as a formula (beginning with = + - @, a
tab or a carriage return) is written with a leading single quote (OWASP, "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from casework.models import Case

from .reports.compliance import DECISION_WORDS, CaseRow, Outcome, iter_rows
from .reports.periods import Period
from .reports.scope import ReportScope

HEADER = (
    "Reference",
    "Kind",
    "Received",
    "Councillor",
    "Group",
    "Officer",
    "Due",
    "Replied or decided",
    "On time",
    "Outcome",
    "Decision",
    "Interim replies",
    "Working days to reply",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text, with a leading ' if a spreadsheet would otherwise run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def row_cells(row: CaseRow, *, name_councillors_in_decisions: bool) -> list[str]:
    """A report row as CSV cells. A breach report's or referral's councillor is named only to the MO."""
    named = row.is_correspondence or name_councillors_in_decisions
    on_time = {True: "yes", False: "no", None: ""}[row.on_time]
    outcome = Outcome(row.outcome).label
    if not row.is_correspondence:
        outcome = DECISION_WORDS[row.outcome]
    cells = [
        row.reference,
        Case.Kind(row.kind).label,
        _day(row.received_on),
        row.councillor if named else "",
        row.group if named else "",
        row.officer,
        _day(row.due_on),
        _day(row.replied_on),
        on_time,
        outcome,
        row.decision,
        row.interim_replies if row.is_correspondence else "",
        row.working_days if row.working_days is not None else "",
    ]
    return [safe_cell(c) for c in cells]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[CaseRow], *, name_councillors_in_decisions: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so a spreadsheet opens the file as UTF-8 (names with accents)
    yield writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow(row_cells(row, name_councillors_in_decisions=name_councillors_in_decisions))


def export_filename(scope: ReportScope, period: Period) -> str:
    return f"compliance-{scope.council.slug}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"


def compliance_csv_response(*, cases, scope: ReportScope, period: Period, now: dt.datetime) -> StreamingHttpResponse:
    rows = iter_rows(cases, scope=scope, period=period, now=now)
    response = StreamingHttpResponse(
        csv_lines(rows, name_councillors_in_decisions=scope.sees_councillors_in_decisions),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(scope, period)}"'
    response["Cache-Control"] = "private, no-store"
    return response
