"""Receiving an enquiry: the case, the reply clock from the profile, the acknowledgement, the rules on interests."""

import datetime as dt

import pytest

from casework.models import Case, CaseConflict, CaseEvent, Deadline, Enquiry, Notification
from casework.profiles import profile_create_from_preset
from casework.routing import route
from casework.services.enquiries import EnquiryRefused, short_clause
from tests.enquiries.conftest import NOW, at

pytestmark = pytest.mark.django_db


def test_clerk_logs_a_phone_enquiry_due_in_seven_working_days_and_the_councillor_is_told(cast, open_enquiry):
    case = open_enquiry(channel="phone", received_at=at(2026, 11, 23, 9, 15))

    assert case.kind == Case.Kind.ENQUIRY
    assert case.reference == "ENQ-2026-0001"
    assert case.raised_by == cast.councillor
    assert case.routed_to == cast.clerk  # 000 10.1: staff are approached via the Town Clerk
    enquiry = Enquiry.objects.get(case=case)
    assert enquiry.channel == Enquiry.Channel.PHONE
    assert enquiry.logged_by == cast.clerk
    deadline = case.deadlines.get()
    assert deadline.rule == "enquiry_reply"
    assert deadline.due_on == dt.date(2026, 12, 2)
    assert (deadline.clause, deadline.clause_anchor) == ("4.4", "c-4-4")
    assert case.due_at == deadline.due_at

    note = Notification.objects.get(recipient=cast.councillor)
    assert note.subject == "ENQ-2026-0001: Enquiry received — reply due Wednesday 2 December 2026"
    assert "Its reference is ENQ-2026-0001." in note.body
    assert "received on Monday 23 November 2026 by phone" in note.body
    assert "Why this date: 7 working days after Monday 23 November 2026 (day zero), skipping 2 non-working days." in note.body
    assert "(protocol 4.4)" in note.body
    assert case.events.filter(kind=CaseEvent.Kind.NOTE, summary__startswith="Receipt acknowledged to Cllr Alice Adams").exists()


def test_a_councillors_own_enquiry_tells_the_clerk_it_has_arrived(cast, open_enquiry):
    case = open_enquiry(logged_by=cast.councillor, channel="portal")
    assert Notification.objects.filter(recipient=cast.clerk, case=case, subject__contains="New enquiry from Cllr Alice Adams").exists()
    assert Notification.objects.filter(recipient=cast.councillor, case=case).count() == 1


def test_the_clerk_logging_it_is_not_told_of_their_own_entry(cast, open_enquiry):
    case = open_enquiry()
    assert not Notification.objects.filter(recipient=cast.clerk, case=case).exists()


def test_received_earlier_counts_from_the_day_it_arrived(open_enquiry):
    # Received on Saturday 3 January 2026, logged on the Monday: Saturday is day zero.
    case = open_enquiry(received_at=at(2026, 1, 3, 15), now=at(2026, 1, 5, 9))
    assert case.deadlines.get().due_on == dt.date(2026, 1, 13)
    assert case.received_at == at(2026, 1, 3, 15)


def test_received_in_the_future_is_refused_and_nothing_is_written(open_enquiry):
    with pytest.raises(EnquiryRefused) as refused:
        open_enquiry(received_at=NOW + dt.timedelta(minutes=5))
    assert refused.value.field == "received_at"
    assert "cannot be in the future" in str(refused.value)
    assert not Case.objects.exists()


@pytest.mark.parametrize("channel", ["phone", "in_person"])
def test_an_interest_declared_on_a_spoken_enquiry_is_refused(open_enquiry, channel):
    with pytest.raises(EnquiryRefused) as refused:
        open_enquiry(channel=channel, has_interest=True, interest_nature="I live next door")
    assert refused.value.field == "channel"
    assert "accepted only in writing (protocol 4.3(a))" in str(refused.value)
    assert not Case.objects.exists()


@pytest.mark.parametrize("channel", ["portal", "email", "letter"])
def test_an_interest_declared_in_writing_is_accepted_and_makes_the_councillor_conflicted(cast, open_enquiry, channel):
    case = open_enquiry(channel=channel, has_interest=True, interest_nature="I own the house next to the pothole")
    enquiry = Enquiry.objects.get(case=case)
    assert enquiry.has_interest and enquiry.interest_nature == "I own the house next to the pothole"
    conflict = CaseConflict.objects.get(case=case)
    assert conflict.user == cast.councillor
    event = case.events.get(kind=CaseEvent.Kind.NOTE, data__interest=True)
    assert (event.clause, event.clause_anchor) == ("4.3(a)", "c-4-3")
    assert "declared a personal interest: I own the house next to the pothole" in event.summary
    # Routing treats the councillor as conflicted.
    assert cast.councillor.pk not in {route(case, on=NOW.date()).person.pk}


def test_an_interest_needs_its_nature(open_enquiry):
    with pytest.raises(EnquiryRefused) as refused:
        open_enquiry(has_interest=True, interest_nature="  ")
    assert refused.value.field == "interest_nature"


def test_an_urgent_enquiry_gets_the_shorter_clock(open_enquiry):
    case = open_enquiry(urgent=True)
    deadline = case.deadlines.get()
    assert case.urgent
    assert deadline.working_days == 2
    assert deadline.due_on == dt.date(2026, 11, 25)
    assert deadline.label == "Reply to the councillor (urgent)"
    # The Kettering model is silent on urgency, so the reply clause is cited.
    assert deadline.clause == "4.4"


def test_an_urgent_enquiry_cites_the_councils_own_urgency_clause(cast, open_enquiry):
    district = cast.other_council
    profile_create_from_preset(council=district, preset="district-joint")
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    MembershipFactory(user=cast.councillor, council=district, role=Membership.Role.COUNCILLOR)
    case = open_enquiry(council=district, urgent=True, logged_by=cast.other_clerk)
    deadline = case.deadlines.get()
    assert (deadline.clause, deadline.clause_anchor) == ("5.5", "c-5-5")  # 002 5.5: e.g. safeguarding


def test_only_a_councillor_of_the_council_can_be_the_sender(cast, open_enquiry):
    with pytest.raises(EnquiryRefused) as refused:
        open_enquiry(councillor=cast.officer)
    assert refused.value.field == "councillor"


def test_an_unnumbered_protocol_section_is_cited_shortly_with_its_anchor(cast, open_enquiry):
    council = cast.other_council
    profile_create_from_preset(council=council, preset="stotfold")
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    MembershipFactory(user=cast.councillor, council=council, role=Membership.Role.COUNCILLOR)
    case = open_enquiry(council=council, logged_by=cast.other_clerk)
    deadline = case.deadlines.get()
    assert deadline.clause == "Expectations — All Councillors can expect"
    assert len(deadline.clause) <= Deadline._meta.get_field("clause").max_length
    assert deadline.clause_anchor == "c-all-councillors-can-expect"


def test_short_clause_keeps_numbers_and_headings_and_cuts_a_long_heading_at_a_word():
    assert short_clause("4.3(a)") == "4.3(a)"
    assert short_clause("Expectations — All Councillors can expect") == "Expectations — All Councillors can expect"
    assert short_clause("Expectations — All Councillors can expect", limit=20) == "Expectations — All…"


def test_every_step_is_on_the_timeline(open_enquiry):
    case = open_enquiry(has_interest=True, interest_nature="My sister's shop")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        CaseEvent.Kind.OPENED,
        CaseEvent.Kind.ROUTED,
        CaseEvent.Kind.NOTE,  # the interest
        CaseEvent.Kind.DEADLINE_SET,
        CaseEvent.Kind.NOTE,  # the acknowledgement
    ]


def test_the_same_form_sent_twice_makes_one_enquiry(cast, open_enquiry):
    import uuid

    key = uuid.uuid4()
    first = open_enquiry(submission_key=key)
    second = open_enquiry(submission_key=key)
    assert second.pk == first.pk
    assert Case.objects.count() == 1
    assert Notification.objects.filter(recipient=cast.councillor).count() == 1


def test_someone_elses_used_form_key_is_refused(cast, open_enquiry):
    import uuid

    from casework.models import DomainError

    key = uuid.uuid4()
    open_enquiry(submission_key=key)
    with pytest.raises(DomainError, match="already been used"):
        open_enquiry(submission_key=key, logged_by=cast.councillor, channel="portal")


def test_the_ward_is_the_councillors_own_unless_another_is_given(cast, open_enquiry):
    assert Enquiry.objects.get(case=open_enquiry(ward="")).ward == "North"
    assert Enquiry.objects.get(case=open_enquiry(ward="South")).ward == "South"
