"""The 28-day clocks: taking office, changes, the annual review, interests disclosed at meetings."""

import datetime as dt

import pytest
import time_machine

from accounts.models import Membership
from casework.models import Case, Deadline, Notification
from casework.services.escalation import sweep
from interests.models import Register, RegisterSettings, RegistrationObligation
from interests.services.obligations import obligations_open_due
from tests.factories import MembershipFactory, UserFactory
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_councillor(cast, profile):
    """Elected at a by-election; the register has been kept in the portal since 1 April 2026."""
    RegisterSettings.objects.create(council=cast.council, obligations_from=dt.date(2026, 4, 1))
    user = UserFactory(email="new@example.org", full_name="Cllr Nadia New")
    membership = MembershipFactory(user=user, council=cast.council, role=Membership.Role.COUNCILLOR,
                                   starts_on=dt.date(2026, 5, 7))
    return membership


def test_taking_office_on_7_may_2026_must_register_by_3_june_2026(new_councillor, cast):
    with time_machine.travel(at(2026, 5, 7, 0, 5), tick=False):
        assert obligations_open_due(now=at(2026, 5, 7, 0, 5)) == 1
    obligation = RegistrationObligation.objects.get()
    assert obligation.reason == RegistrationObligation.Reason.TAKING_OFFICE
    assert obligation.started_on == dt.date(2026, 5, 7)
    assert obligation.due_on == dt.date(2026, 6, 3)
    deadline = obligation.deadline
    assert deadline.rule == "registration"
    assert deadline.calendar_days == 28
    assert deadline.due_on == dt.date(2026, 6, 3)
    case = obligation.register.case
    assert case.kind == Case.Kind.REGISTRATION
    assert case.routed_to == cast.monitoring_officer  # the principal council's MO
    assert case.raised_by == new_councillor.user
    assert case.confidential
    told = Notification.objects.get(recipient=new_councillor.user)
    assert "3 June 2026" in told.body
    assert "beginning with Thursday 7 May 2026 (the start day is day one)" in told.body


def test_the_daily_job_run_twice_opens_one_obligation(new_councillor):
    now = at(2026, 5, 7, 0, 5)
    assert obligations_open_due(now=now) == 1
    assert obligations_open_due(now=now + dt.timedelta(hours=1)) == 0
    assert RegistrationObligation.objects.count() == 1
    assert Register.objects.count() == 1
    assert Deadline.objects.filter(rule="registration").count() == 1


def test_a_job_down_for_three_days_still_counts_from_the_day_office_was_taken(new_councillor):
    assert obligations_open_due(now=at(2026, 5, 10, 9)) == 1
    assert RegistrationObligation.objects.get().due_on == dt.date(2026, 6, 3)


def test_members_before_the_register_was_kept_here_get_no_obligation(cast, profile):
    # cast.councillor has sat since 2020; the portal began keeping the register today.
    assert obligations_open_due(now=at(2026, 5, 7)) == 0
    assert RegisterSettings.objects.get(council=cast.council).obligations_from == dt.date(2026, 5, 7)


def test_a_membership_starting_tomorrow_waits_for_its_day(new_councillor):
    assert obligations_open_due(now=at(2026, 5, 6, 23)) == 0
    assert obligations_open_due(now=at(2026, 5, 7, 0, 1)) == 1


def test_registering_on_the_last_day_is_on_time_and_the_next_day_is_late(new_councillor, cast):
    from interests.services.registers import draft_start, version_submit

    obligations_open_due(now=at(2026, 5, 7, 0, 5))
    user = new_councillor.user
    version = draft_start(council=cast.council, councillor=user, now=at(2026, 6, 3, 9))
    version_submit(version=version, actor=user, now=at(2026, 6, 3, 23, 59))
    obligation = RegistrationObligation.objects.get()
    assert obligation.deadline.state == Deadline.State.MET
    assert obligation.days_late() == 0


def test_registering_a_day_after_the_28_days_is_late_by_one_day(new_councillor, cast):
    from interests.services.registers import draft_start, version_submit

    obligations_open_due(now=at(2026, 5, 7, 0, 5))
    user = new_councillor.user
    version = draft_start(council=cast.council, councillor=user, now=at(2026, 6, 4, 9))
    version_submit(version=version, actor=user, now=at(2026, 6, 4, 9))
    obligation = RegistrationObligation.objects.get()
    assert obligation.deadline.state == Deadline.State.MISSED
    assert obligation.days_late() == 1


def test_the_deadline_engine_reminds_and_escalates_a_registration(new_councillor, cast):
    obligations_open_due(now=at(2026, 5, 7, 0, 5))
    obligation = RegistrationObligation.objects.get()
    # Two working days before 3 June 2026 (a Wednesday) is Monday 1 June: the reminder.
    assert sweep(now=at(2026, 6, 1, 9, 30)) == 1
    assert obligation.register.case.events.filter(summary__contains="reminder").exists()
    assert sweep(now=at(2026, 6, 4, 0, 5)) == 1
    obligation.deadline.refresh_from_db()
    assert obligation.deadline.state == Deadline.State.MISSED
    assert Notification.objects.filter(recipient=cast.monitoring_officer, subject__contains="Overdue").exists()


# --- the annual review ---------------------------------------------------------------------


@pytest.fixture
def annual_review_on_1_may(cast, profile):
    return RegisterSettings.objects.create(
        council=cast.council, obligations_from=dt.date(2026, 1, 1), annual_review_month=5, annual_review_day=1
    )


def test_the_annual_review_opens_a_confirmation_for_every_councillor_on_the_date_the_council_sets(
    annual_review_on_1_may, cast
):
    assert obligations_open_due(now=at(2026, 4, 30, 23)) == 0
    # Councillors at cast.council: the councillor, the other councillor, the Chair and the Vice-Chair.
    assert obligations_open_due(now=at(2026, 5, 1, 0, 5)) == 4
    reviews = RegistrationObligation.objects.filter(reason=RegistrationObligation.Reason.ANNUAL_REVIEW)
    assert {o.register.councillor for o in reviews} == {cast.councillor, cast.other_councillor, cast.chair, cast.vice_chair}
    assert {o.due_on for o in reviews} == {dt.date(2026, 5, 28)}
    assert not RegistrationObligation.objects.filter(register__council=cast.other_council).exists()


def test_the_annual_review_run_twice_opens_each_confirmation_once(annual_review_on_1_may):
    obligations_open_due(now=at(2026, 5, 1, 0, 5))
    assert obligations_open_due(now=at(2026, 5, 1, 1, 5)) == 0
    assert obligations_open_due(now=at(2026, 5, 2, 1, 5)) == 0
    assert RegistrationObligation.objects.count() == 4


def test_an_annual_review_missed_for_three_days_still_counts_from_its_date(annual_review_on_1_may):
    assert obligations_open_due(now=at(2026, 5, 4, 9)) == 4
    assert set(RegistrationObligation.objects.values_list("started_on", "due_on")) == {
        (dt.date(2026, 5, 1), dt.date(2026, 5, 28))
    }


def test_next_year_opens_the_next_annual_review(annual_review_on_1_may):
    obligations_open_due(now=at(2026, 5, 1, 0, 5))
    assert obligations_open_due(now=at(2027, 5, 1, 0, 5)) == 4
    assert RegistrationObligation.objects.filter(started_on=dt.date(2027, 5, 1)).count() == 4


def test_confirming_the_register_fulfils_the_annual_review(annual_review_on_1_may, keep, cast):
    from interests.services.registers import register_confirm

    keep.publish(at(2026, 4, 1))
    obligations_open_due(now=at(2026, 5, 1, 0, 5))
    register_confirm(council=cast.council, councillor=cast.councillor, now=at(2026, 5, 20))
    review = RegistrationObligation.objects.get(register__councillor=cast.councillor)
    assert review.fulfilled_by.confirmation
    assert review.deadline.state == Deadline.State.MET


def test_a_council_with_no_annual_review_date_opens_none(cast, profile):
    RegisterSettings.objects.create(council=cast.council, obligations_from=dt.date(2026, 1, 1))
    assert obligations_open_due(now=at(2026, 12, 31)) == 0


def test_the_beat_runs_the_daily_job_through_the_celery_task(new_councillor):
    from interests.tasks import open_registration_obligations
    from protocol_portal.celery import app

    assert app.conf.beat_schedule["open-registration-obligations"]["task"] == open_registration_obligations.name
    with time_machine.travel(at(2026, 5, 7, 0, 5), tick=False):
        assert open_registration_obligations.delay().get() == 1


# --- an interest disclosed at a meeting (s.31) ------------------------------------------------


def test_a_dpi_declared_at_a_meeting_but_not_registered_must_be_registered_within_28_days(keep, cast):
    import uuid

    from interests.services.declarations import declaration_record

    keep.publish(at(2026, 4, 1))
    declaration = declaration_record(
        council=cast.council,
        councillor=cast.councillor,
        now=at(2026, 6, 10, 21),
        token=uuid.uuid4(),
        occasion="meeting",
        meeting="Planning Committee",
        declared_on=dt.date(2026, 6, 10),
        nature="I own the field next to the application site",
        is_dpi=True,
        start_update=True,
    )
    obligation = declaration.obligation
    assert obligation.reason == RegistrationObligation.Reason.MEETING
    assert obligation.started_on == dt.date(2026, 6, 10)
    assert obligation.due_on == dt.date(2026, 7, 7)
    assert "Planning Committee" in obligation.note


def test_a_membership_starting_at_a_council_without_a_protocol_is_left_alone(cast):
    MembershipFactory(council=cast.district, role=Membership.Role.COUNCILLOR, starts_on=dt.date(2026, 5, 7))
    assert obligations_open_due(now=at(2026, 5, 8)) == 0
