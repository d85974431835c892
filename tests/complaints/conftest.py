"""Helpers for the complaints tests: time frozen on Monday 23 November 2026, 10:00 in London."""

import datetime as dt
import uuid

import pytest
import time_machine

from casework.calendar import LONDON
from casework.models import ProtocolClause
from complaints.models import Complaint
from complaints.services.breaches import breach_report_open
from complaints.services.complaints import complaint_submit

NOW = dt.datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday


def at(day: int, month: int = 11, year: int = 2026, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def clause(profile, number: str) -> ProtocolClause:
    return profile.clauses.get(number=number)


@pytest.fixture
def report(cast, profile):
    """Open a breach report at cast.council (Kettering model): by the officer about a councillor by default."""

    def _report(*, reporter=None, subject=None, now=NOW, numbers=("10.1",), **kw):
        return breach_report_open(
            council=kw.pop("council", cast.council),
            reporter=reporter or cast.officer,
            subject_person=subject or cast.other_councillor,
            details=kw.pop("details", "Asked an officer directly to change a committee report."),
            occurred_on=kw.pop("occurred_on", dt.date(2026, 11, 20)),
            clauses=[clause(profile, n) for n in numbers],
            now=now,
            **kw,
        )

    return _report


@pytest.fixture
def complain(cast, profile):
    """Submit a Code of Conduct complaint from a member of the public about cast.councillor."""

    def _complain(*, subject=None, now=NOW, name="Pat Public", email="pat@example.com", **kw) -> Complaint:
        complaint, created = complaint_submit(
            council=kw.pop("council", cast.council),
            subject_person=subject or cast.councillor,
            complainant_kind=kw.pop("complainant_kind", Complaint.ComplainantKind.PUBLIC),
            name=name,
            email=email,
            details=kw.pop("details", "Shouted at me at the allotments meeting."),
            token=kw.pop("token", uuid.uuid4()),
            now=now,
            **kw,
        )
        assert created
        return complaint

    return _complain
