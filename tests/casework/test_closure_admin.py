import datetime as dt

import pytest
import time_machine

from accounts.models import ClosureDay
from casework.calendar import LONDON
from casework.models import CaseEvent

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 27, 10, tzinfo=LONDON), tick=False)
def test_adding_a_closure_day_in_the_admin_moves_running_clocks(admin_client, cast, make_case):
    case = make_case(received_at=dt.datetime(2026, 11, 27, 10, tzinfo=LONDON))
    response = admin_client.post(
        "/admin/accounts/closureday/add/",
        {"council": cast.council.pk, "date": "2026-12-02", "reason": "Staff training"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.deadlines.get().due_on == dt.date(2026, 12, 9)
    closure = ClosureDay.objects.get(council=cast.council)
    response = admin_client.post(f"/admin/accounts/closureday/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert case.deadlines.get().due_on == dt.date(2026, 12, 8)
    assert case.events.filter(kind=CaseEvent.Kind.DEADLINE_RECOMPUTED).count() == 2
