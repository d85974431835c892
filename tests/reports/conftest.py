"""A small seeded council for the report tests: cases with clocks written by the core services.

Each helper does what the area's own service does to a case's clocks (casework.services.enquiries:
a full reply completes the running clock; an interim reply completes it and opens an
"interim_reply" clock to the date given; a withdrawal cancels the clock), so the figures are
computed from the same rows a real council has.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from casework.models import Case, Deadline
from casework.services.cases import case_assign, case_transition
from casework.services.deadlines import deadline_cancel, deadline_complete, deadline_open

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def running(case: Case) -> list[Deadline]:
    return list(case.deadlines.filter(completed_at__isnull=True).exclude(state=Deadline.State.CANCELLED))


class Seeder:
    def __init__(self, cast, make_case):
        self.cast = cast
        self._make_case = make_case

    def case(self, received_at, *, by=None, officer=None, kind=Case.Kind.ENQUIRY, council=None, **kw) -> Case:
        case = self._make_case(
            received_at=received_at, raised_by=by or self.cast.councillor, kind=kind, council=council, **kw
        )
        if officer is not None:
            case_assign(case=case, assignee=officer, actor=self.cast.clerk, now=received_at)
        return case

    def reply(self, case, when) -> None:
        for deadline in running(case):
            deadline_complete(deadline=deadline, actor=self.cast.officer, now=when)

    def interim(self, case, when, estimated_on: dt.date) -> None:
        self.reply(case, when)
        deadline_open(
            case=case,
            rule="interim_reply",
            label="Full reply (the date given in the interim reply)",
            started_on=when.astimezone(LONDON).date(),
            due_on=estimated_on,
            now=when,
            clause="4.4",
            clause_anchor="c-4-4",
        )

    def withdraw(self, case, when) -> None:
        for deadline in running(case):
            deadline_cancel(deadline=deadline, actor=self.cast.clerk, now=when, reason="withdrawn")
        case_transition(case=case, to=Case.Status.WITHDRAWN, actor=self.cast.clerk, now=when, reason="withdrawn")


@pytest.fixture
def seed(cast, make_case):
    return Seeder(cast, make_case)


@pytest.fixture
def six_enquiries(cast, seed):
    """Six enquiries received in October–November 2026 at Ashford Market (seven working days, 000 4.4).

    | case | received        | by | officer | what happened                              | working days |
    | E1   | Thu 1 Oct       | A  | Oscar   | replied Tue 6 Oct (due Mon 12 Oct): on time | 3            |
    | E2   | Mon 5 Oct       | A  | Oscar   | replied Fri 9 Oct (due Wed 14 Oct): on time | 4            |
    | E3   | Mon 12 Oct      | B  | —       | replied the same day: on time               | 0            |
    | E4   | Thu 15 Oct      | B  | Oscar   | interim Wed 21 Oct, full reply Thu 29 Oct   | 10           |
    |      |                 |    |         | (date given Fri 30 Oct): after an interim   |              |
    | E5   | Mon 2 Nov       | A  | Oscar   | replied Fri 13 Nov (due Wed 11 Nov): late   | 9            |
    | E6   | Mon 9 Nov       | B  | —       | open, due Wed 18 Nov: overdue on 23 Nov     | —            |
    A = Cllr Alice Adams (Green), B = Cllr Bob Brown (Labour).
    """
    a, b, oscar = cast.councillor, cast.other_councillor, cast.officer
    e1 = seed.case(at(2026, 10, 1), by=a, officer=oscar, subject="E1")
    seed.reply(e1, at(2026, 10, 6, 15))
    e2 = seed.case(at(2026, 10, 5), by=a, officer=oscar, subject="E2")
    seed.reply(e2, at(2026, 10, 9, 11))
    e3 = seed.case(at(2026, 10, 12, 9), by=b, subject="E3")
    seed.reply(e3, at(2026, 10, 12, 15))
    e4 = seed.case(at(2026, 10, 15), by=b, officer=oscar, subject="E4")
    seed.interim(e4, at(2026, 10, 21), dt.date(2026, 10, 30))
    seed.reply(e4, at(2026, 10, 29, 16))
    e5 = seed.case(at(2026, 11, 2), by=a, officer=oscar, subject="E5")
    seed.reply(e5, at(2026, 11, 13, 12))
    e6 = seed.case(at(2026, 11, 9), by=b, subject="E6")
    return {"E1": e1, "E2": e2, "E3": e3, "E4": e4, "E5": e5, "E6": e6}
