"""Replies, interim replies (000 4.4), accepting and reopening, and the escalation ladder on enquiry clocks."""

import datetime as dt

import pytest

from casework.models import Case, CaseEvent, Deadline, Enquiry, MessageRecipient, Notification
from casework.services.cases import StaleCase, case_assign
from casework.services.enquiries import (
    EnquiryRefused,
    enquiry_accept,
    enquiry_reopen,
    enquiry_reply,
    interim_reply_send,
)
from casework.services.escalation import sweep
from tests.enquiries.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(cast, open_enquiry):
    """Received Monday 23 November 2026 (reply due Wednesday 2 December), assigned to the officer."""
    case = open_enquiry()
    return case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 23, 11))


def _fresh(case):
    return Case.objects.get(pk=case.pk)


def test_a_reply_in_time_meets_the_clock_and_opens_a_five_working_day_reopen_window(cast, assigned):
    message = enquiry_reply(case=assigned, officer=cast.officer, body="The pothole is booked for repair.", now=at(2026, 12, 1, 15))

    case = _fresh(assigned)
    assert case.status == Case.Status.RESPONDED
    assert case.due_at is None
    deadline = case.deadlines.get()
    assert deadline.state == Deadline.State.MET
    assert deadline.completed_at == at(2026, 12, 1, 15)
    enquiry = Enquiry.objects.get(case=case)
    assert enquiry.replied_at == at(2026, 12, 1, 15)
    assert enquiry.reopen_until == dt.date(2026, 12, 8)
    assert [r.user for r in message.recipients.all()] == [cast.councillor]
    assert Notification.objects.filter(recipient=cast.councillor, subject__contains="Message from Oscar Officer").exists()
    assert case.events.filter(summary="Reply to the councillor: full reply sent on time.").exists()
    assert case.events.filter(summary__contains="reopen the enquiry with a reason until the end of Tuesday 8 December 2026").exists()


def test_a_late_reply_is_recorded_as_missed(cast, assigned):
    enquiry_reply(case=assigned, officer=cast.officer, body="Sorry for the delay.", now=at(2026, 12, 3, 9))
    deadline = assigned.deadlines.get()
    assert deadline.state == Deadline.State.MISSED
    assert deadline.completed_at == at(2026, 12, 3, 9)
    assert assigned.events.filter(
        summary="Reply to the councillor: full reply sent late (it was due Wednesday 2 December 2026)."
    ).exists()


def test_the_clerk_may_answer_it_themselves(cast, open_enquiry):
    case = open_enquiry()
    enquiry_reply(case=case, officer=cast.clerk, body="Answered.", now=at(2026, 11, 24))
    assert _fresh(case).status == Case.Status.RESPONDED


def test_copying_another_councillor_in_is_shown_to_the_councillor_who_raised_it(cast, assigned):
    message = enquiry_reply(
        case=assigned, officer=cast.officer, body="Repair booked.", cc=[cast.other_councillor], now=at(2026, 11, 30)
    )
    kinds = {(r.user, r.kind) for r in message.recipients.all()}
    assert kinds == {(cast.councillor, MessageRecipient.Kind.TO), (cast.other_councillor, MessageRecipient.Kind.CC)}
    note = Notification.objects.get(recipient=cast.councillor, subject__contains="Message from")
    assert "Copied to: Cllr Bob Brown" in note.body
    assert assigned.events.filter(summary="Oscar Officer wrote to Cllr Alice Adams; copied to Cllr Bob Brown").exists()


def test_an_empty_reply_is_refused(cast, assigned):
    with pytest.raises(EnquiryRefused) as refused:
        enquiry_reply(case=assigned, officer=cast.officer, body="  ", now=at(2026, 11, 30))
    assert refused.value.field == "body"
    assert _fresh(assigned).status == Case.Status.OPEN


def test_a_replied_enquiry_cannot_be_replied_to_twice(cast, assigned):
    enquiry_reply(case=assigned, officer=cast.officer, body="Done.", now=at(2026, 11, 30))
    with pytest.raises(EnquiryRefused, match="is responded, so it cannot be replied to again"):
        enquiry_reply(case=assigned, officer=cast.officer, body="Done again.", now=at(2026, 11, 30, 10, 1))
    assert assigned.messages.count() == 1


def test_a_stale_form_is_refused_not_applied(cast, assigned):
    seen = _fresh(assigned).version
    case_assign(case=_fresh(assigned), assignee=cast.clerk, actor=cast.clerk, now=at(2026, 11, 24))
    with pytest.raises(StaleCase):
        enquiry_reply(case=assigned, officer=cast.officer, body="Done.", now=at(2026, 11, 30), expected_version=seen)
    assert not assigned.messages.exists()


# --- interim replies (000 4.4) ---------------------------------------------------------


def test_an_interim_reply_meets_the_clock_and_its_date_becomes_the_tracked_deadline(cast, assigned):
    interim = interim_reply_send(
        case=assigned,
        officer=cast.officer,
        reason="The highways authority has not replied yet.",
        estimated_on=dt.date(2026, 12, 11),
        now=at(2026, 11, 27, 14),
    )

    first, second = assigned.deadlines.order_by("pk")
    assert (first.rule, first.state) == ("enquiry_reply", Deadline.State.MET)
    assert (second.rule, second.state) == ("interim_reply", Deadline.State.OPEN)
    assert second.due_on == dt.date(2026, 12, 11)
    assert (second.clause, second.clause_anchor) == ("4.4", "c-4-4")
    case = _fresh(assigned)
    assert case.status == Case.Status.OPEN
    assert case.due_at == second.due_at
    assert interim.message.body.startswith("Interim reply (protocol 4.4).")
    assert "A full reply is not yet possible: The highways authority has not replied yet." in interim.message.body
    assert "The full reply is expected by Friday 11 December 2026." in interim.message.body
    assert case.events.filter(summary="Reply to the councillor: answered by an interim reply on time.").exists()
    assert case.events.filter(summary__startswith="Interim reply sent to Cllr Alice Adams: the full reply is now expected by Friday 11 December 2026").exists()
    # One interim reply is not escalated.
    assert not case.events.filter(kind=CaseEvent.Kind.ESCALATED).exists()
    assert not Notification.objects.filter(recipient=cast.clerk, subject__contains="interim").exists()


def test_a_second_interim_reply_is_escalated_to_the_clerk(cast, assigned):
    interim_reply_send(case=assigned, officer=cast.officer, reason="Awaiting the contractor.",
                       estimated_on=dt.date(2026, 12, 11), now=at(2026, 11, 27))
    interim_reply_send(case=assigned, officer=cast.officer, reason="The contractor has gone bust.",
                       estimated_on=dt.date(2026, 12, 18), now=at(2026, 12, 10))

    escalated = assigned.events.get(kind=CaseEvent.Kind.ESCALATED)
    assert escalated.summary == "This is the second interim reply on this enquiry. The Clerk has been told."
    assert escalated.data["step"] == "repeat_interim"
    note = Notification.objects.get(recipient=cast.clerk, subject__contains="Second interim reply")
    assert "The full reply is now expected by Friday 18 December 2026." in note.body
    tracked = assigned.deadlines.filter(completed_at__isnull=True).get()
    assert tracked.due_on == dt.date(2026, 12, 18)
    assert assigned.deadlines.filter(rule="interim_reply", state=Deadline.State.MET).count() == 1


def test_the_full_reply_after_an_interim_reply_meets_the_new_date(cast, assigned):
    interim_reply_send(case=assigned, officer=cast.officer, reason="Awaiting quotes.",
                       estimated_on=dt.date(2026, 12, 11), now=at(2026, 11, 27))
    enquiry_reply(case=assigned, officer=cast.officer, body="Here is the answer.", now=at(2026, 12, 9))
    interim = assigned.deadlines.get(rule="interim_reply")
    assert interim.state == Deadline.State.MET
    assert _fresh(assigned).status == Case.Status.RESPONDED


@pytest.mark.parametrize(
    ("reason", "estimated_on", "field", "message"),
    [
        ("", dt.date(2026, 12, 11), "reason", "Say why a full reply is not yet possible"),
        ("Waiting", None, "estimated_on", "Enter the date you expect to send the full reply."),
        ("Waiting", dt.date(2026, 11, 27), "estimated_on", "The estimated date must be after today (Friday 27 November 2026)"),
        ("Waiting", dt.date(2026, 11, 20), "estimated_on", "The estimated date must be after today"),
        (
            "Waiting",
            dt.date(2026, 11, 28),
            "estimated_on",
            "Saturday 28 November 2026 is not a working day (Saturday). Choose a working day, such as Monday 30 November 2026.",
        ),
        (
            "Waiting",
            dt.date(2026, 12, 25),
            "estimated_on",
            "Friday 25 December 2026 is not a working day (bank holiday: Christmas Day).",
        ),
    ],
)
def test_a_bad_interim_reply_is_refused_next_to_its_field(cast, assigned, reason, estimated_on, field, message):
    with pytest.raises(EnquiryRefused) as refused:
        interim_reply_send(case=assigned, officer=cast.officer, reason=reason, estimated_on=estimated_on, now=at(2026, 11, 27))
    assert refused.value.field == field
    assert message in str(refused.value)
    assert not assigned.deadlines.filter(rule="interim_reply").exists()
    assert not assigned.messages.exists()


# --- the councillor accepts or reopens -------------------------------------------------


@pytest.fixture
def replied(cast, assigned):
    enquiry_reply(case=assigned, officer=cast.officer, body="Repair booked for Friday.", now=at(2026, 12, 1, 15))
    return _fresh(assigned)


def test_the_councillor_accepts_the_reply_and_the_enquiry_closes(cast, replied):
    enquiry_accept(case=replied, councillor=cast.councillor, now=at(2026, 12, 2, 9))
    case = _fresh(replied)
    assert case.status == Case.Status.CLOSED
    assert Enquiry.objects.get(case=case).accepted_at == at(2026, 12, 2, 9)
    assert Notification.objects.filter(recipient=cast.officer, subject__contains="Reply accepted").exists()


def test_the_councillor_reopens_within_the_window_and_a_new_clock_runs_from_that_day(cast, replied):
    enquiry_reopen(case=replied, councillor=cast.councillor, reason="It does not say when.", now=at(2026, 12, 7, 10))
    case = _fresh(replied)
    assert case.status == Case.Status.OPEN
    clock = case.deadlines.get(completed_at__isnull=True)
    assert clock.rule == "enquiry_reply"
    assert clock.started_on == dt.date(2026, 12, 7)
    assert clock.due_on == dt.date(2026, 12, 16)
    assert clock.label == "Reply to the reopened enquiry"
    assert case.due_at == clock.due_at
    assert case.events.filter(summary="Responded → Open: reopened by the councillor: It does not say when.").exists()
    note = Notification.objects.get(recipient=cast.officer, subject__contains="Enquiry reopened")
    assert "It does not say when." in note.body


def test_reopening_on_the_last_day_of_the_window_is_allowed(cast, replied):
    enquiry_reopen(case=replied, councillor=cast.councillor, reason="Still broken.", now=at(2026, 12, 8, 23, 30))
    assert _fresh(replied).status == Case.Status.OPEN


def test_reopening_after_the_window_is_refused_with_the_date_it_ended(cast, replied):
    with pytest.raises(EnquiryRefused) as refused:
        enquiry_reopen(case=replied, councillor=cast.councillor, reason="Still broken.", now=at(2026, 12, 9, 9))
    assert str(refused.value) == (
        "The time to reopen this enquiry ended on Tuesday 8 December 2026. "
        "Send a new enquiry instead, quoting ENQ-2026-0001."
    )
    assert _fresh(replied).status == Case.Status.RESPONDED


def test_reopening_needs_a_reason(cast, replied):
    with pytest.raises(EnquiryRefused) as refused:
        enquiry_reopen(case=replied, councillor=cast.councillor, reason=" ", now=at(2026, 12, 2))
    assert refused.value.field == "reason"


def test_an_accepted_reply_cannot_be_reopened(cast, replied):
    enquiry_accept(case=replied, councillor=cast.councillor, now=at(2026, 12, 2, 9))
    with pytest.raises(EnquiryRefused, match="You accepted the reply on Wednesday 2 December 2026"):
        enquiry_reopen(case=replied, councillor=cast.councillor, reason="Changed my mind.", now=at(2026, 12, 3))


def test_only_the_councillor_who_raised_it_may_accept_or_reopen(cast, replied):
    from casework.models import DomainError

    with pytest.raises(DomainError):
        enquiry_accept(case=replied, councillor=cast.other_councillor, now=at(2026, 12, 2))
    with pytest.raises(DomainError):
        enquiry_reopen(case=replied, councillor=cast.other_councillor, reason="Mine too", now=at(2026, 12, 2))
    assert _fresh(replied).status == Case.Status.RESPONDED


def test_an_open_enquiry_cannot_be_accepted(cast, assigned):
    with pytest.raises(EnquiryRefused, match="only a reply can be accepted"):
        enquiry_accept(case=assigned, councillor=cast.councillor, now=at(2026, 11, 24))


# --- the escalation ladder applies -------------------------------------------------------


def test_an_overdue_enquiry_escalates_to_the_assignee_and_the_clerk_once(cast, assigned):
    # Reminder two working days before (Monday 30 November), overdue after Wednesday 2 December.
    assert sweep(now=at(2026, 11, 30, 9, 30)) == 1
    assert sweep(now=at(2026, 12, 3, 0, 5)) == 1
    assert sweep(now=at(2026, 12, 3, 0, 6)) == 0
    deadline = assigned.deadlines.get()
    assert deadline.state == Deadline.State.MISSED
    overdue = assigned.events.get(kind=CaseEvent.Kind.ESCALATED, data__step="overdue")
    assert overdue.clause == "4.4"
    told = set(Notification.objects.filter(event=overdue).values_list("recipient__email", flat=True))
    assert told == {cast.officer.email, cast.clerk.email}


def test_after_an_interim_reply_the_ladder_follows_the_new_date(cast, assigned):
    interim_reply_send(case=assigned, officer=cast.officer, reason="Awaiting quotes.",
                       estimated_on=dt.date(2026, 12, 11), now=at(2026, 11, 27))
    # The old date passes without an escalation: that clock was met by the interim reply.
    assert sweep(now=at(2026, 12, 3, 9)) == 0
    assert sweep(now=at(2026, 12, 12, 9)) == 2  # the reminder (too late to send) and overdue
    escalated = assigned.events.filter(kind=CaseEvent.Kind.ESCALATED, data__step="overdue").get()
    assert "due by the end of Friday 11 December 2026" in escalated.summary
