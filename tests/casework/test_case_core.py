import datetime as dt

import pytest
import time_machine
from django.db import transaction

from casework.calendar import LONDON
from casework.models import AppendOnlyError, Case, CaseEvent, DomainError
from casework.services.cases import StaleCase, case_assign, case_open, case_record_view, case_transition

pytestmark = pytest.mark.django_db

MON = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def test_references_count_per_council_prefix_and_year(cast, make_case, profile):
    first = make_case(received_at=MON)
    second = make_case(received_at=MON)
    assert (first.reference, second.reference) == ("ENQ-2026-0001", "ENQ-2026-0002")
    next_year = make_case(received_at=dt.datetime(2027, 1, 4, 10, tzinfo=LONDON), now=dt.datetime(2027, 1, 4, 11, tzinfo=LONDON))
    assert next_year.reference == "ENQ-2027-0001"
    breach = make_case(received_at=MON, kind=Case.Kind.BREACH_REPORT, working_days=None)
    assert breach.reference == "BRE-2026-0001"


def test_reference_uses_the_london_date_of_receipt(cast, make_case):
    # 23:30 UTC on 31 December 2026 is still 31 December in London (GMT), so 2026.
    case = make_case(received_at=dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), now=dt.datetime(2027, 1, 1, 9, tzinfo=dt.UTC))
    assert case.reference == "ENQ-2026-0001"


def test_a_case_received_in_the_future_is_refused(cast, profile):
    with pytest.raises(DomainError, match="future"), transaction.atomic():
        case_open(
            council=cast.council,
            kind=Case.Kind.ENQUIRY,
            subject="x",
            received_at=MON + dt.timedelta(hours=1),
            now=MON,
            actor=cast.clerk,
        )
    assert not Case.objects.exists()


def test_opening_routes_an_enquiry_to_the_clerk_citing_the_clause(cast, make_case):
    case = make_case(received_at=MON)
    assert case.routed_to == cast.clerk
    routed = case.events.get(kind=CaseEvent.Kind.ROUTED)
    assert routed.clause == "10.1"
    assert "Clerk" in routed.summary
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["opened", "routed", "deadline_set"]


def test_case_events_are_append_only_in_the_model_layer(cast, make_case):
    case = make_case(received_at=MON)
    event = case.events.first()
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(summary="gone")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).delete()
    assert CaseEvent.objects.get(pk=event.pk).summary != "rewritten"


def test_a_move_the_table_does_not_allow_changes_nothing(cast, make_case):
    case = make_case(received_at=MON)
    case_transition(case=case, to=Case.Status.WITHDRAWN, actor=cast.clerk, now=MON)
    before = case.events.count()
    with pytest.raises(DomainError, match="withdrawn cannot become open"):
        case_transition(case=case, to=Case.Status.OPEN, actor=cast.clerk, now=MON)
    case.refresh_from_db()
    assert case.status == Case.Status.WITHDRAWN
    assert case.events.count() == before


def test_allowed_moves_are_recorded(cast, make_case):
    case = make_case(received_at=MON)
    case_transition(case=case, to=Case.Status.RESPONDED, actor=cast.officer, now=MON, reason="Replied by email")
    event = case.events.get(kind=CaseEvent.Kind.STATUS)
    assert event.summary == "Open → Responded: Replied by email"
    assert event.actor == cast.officer


def test_a_stale_form_loses_and_is_told_what_changed(cast, make_case):
    case = make_case(received_at=MON)
    seen = case.version
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=MON, expected_version=seen)
    stale_copy = Case.objects.get(pk=case.pk)
    stale_copy.version = seen  # the second person's page still shows the old version
    with pytest.raises(StaleCase) as caught:
        case_transition(case=stale_copy, to=Case.Status.CLOSED, actor=cast.clerk, now=MON, expected_version=seen)
    assert [e.summary for e in caught.value.changes] == ["Assigned to Oscar Officer"]
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_reassignment_keeps_the_deadline(cast, make_case):
    case = make_case(received_at=MON)
    due = case.deadlines.get().due_on
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=MON)
    case_assign(case=case, assignee=cast.clerk, actor=cast.clerk, now=MON)
    assert case.deadlines.get().due_on == due
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).last().summary == "Assigned to Carol Clerk (was Oscar Officer)"


def test_opening_a_confidential_case_records_who_viewed_it(cast, make_case):
    breach = make_case(received_at=MON, kind=Case.Kind.COMPLAINT, working_days=None, subject_person=cast.other_councillor)
    assert breach.confidential
    case_record_view(case=breach, viewer=cast.monitoring_officer, now=MON)
    viewed = breach.events.get(kind=CaseEvent.Kind.VIEWED)
    assert viewed.actor == cast.monitoring_officer
    enquiry = make_case(received_at=MON)
    assert case_record_view(case=enquiry, viewer=cast.clerk, now=MON) is None


@time_machine.travel(MON, tick=False)
def test_assignment_notifies_the_officer_after_commit(cast, make_case, django_capture_on_commit_callbacks, mailoutbox):
    case = make_case(received_at=MON)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=MON)
        assert mailoutbox == []
    assert mailoutbox == []  # nothing leaves before the commit's callbacks run
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "ENQ-2026-0001: Assigned to you" in mailoutbox[0].subject
