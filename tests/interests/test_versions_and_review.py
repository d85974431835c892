"""Every version kept; submit, return with comments, correct, accept; accepted entries are published."""

import datetime as dt

import pytest
import time_machine

from casework.models import CaseEvent, DomainError, Notification
from interests.models import Category, RegisterEntry, RegisterVersion, RegistrationObligation
from interests.services.registers import draft_start, entry_remove, version_return
from tests.interests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 11, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_every_version_is_kept_through_return_correction_and_acceptance(keep, cast):
    v1 = keep.draft(NOW)
    keep.add(v1, NOW, name="Hartley & Sons")
    keep.submit(v1, NOW)
    version_return(version=v1, reviewer=cast.monitoring_officer, now=at(2026, 5, 12),
                   comments="Give your job title, please.")
    v2 = keep.draft(at(2026, 5, 13))
    assert v2.number == 2 and v2.based_on == v1
    entry = v2.entries.get()
    keep.add(v2, at(2026, 5, 13), entry=entry, details="Chartered surveyor")  # corrected
    keep.submit(v2, at(2026, 5, 13))
    keep.accept(v2, at(2026, 5, 14))

    versions = {v.number: v for v in RegisterVersion.objects.all()}
    assert versions[1].status == RegisterVersion.Status.RETURNED
    assert versions[1].review_comments == "Give your job title, please."
    assert versions[1].entries.get().details == "Chartered surveyor, salaried"  # as it was returned
    assert versions[2].status == RegisterVersion.Status.ACCEPTED
    register = v2.register
    register.refresh_from_db()
    assert register.published_version == versions[2]
    assert register.published_at == at(2026, 5, 14)


def test_return_tells_the_councillor_the_comments_and_accept_tells_them_it_is_published(keep, cast):
    v1 = keep.draft(NOW)
    keep.add(v1, NOW)
    keep.submit(v1, NOW)
    version_return(version=v1, reviewer=cast.monitoring_officer, now=NOW, comments="Add the start date.")
    returned = Notification.objects.get(recipient=cast.councillor, subject__contains="returned")
    assert "Add the start date." in returned.body
    v2 = keep.draft(NOW)
    keep.submit(v2, NOW)
    keep.accept(v2, NOW)
    assert Notification.objects.filter(recipient=cast.councillor, subject__contains="published").exists()


def test_each_step_is_recorded_on_the_register_file(keep, cast):
    v1 = keep.publish(NOW)
    summaries = list(v1.register.case.events.values_list("summary", flat=True))
    assert any("Version 1 started" in s for s in summaries)
    assert any("Version 1 submitted for review" in s for s in summaries)
    assert any("Version 1 accepted and published" in s for s in summaries)
    assert v1.register.case.events.filter(kind=CaseEvent.Kind.NOTE, actor=cast.monitoring_officer).exists()


def test_only_a_draft_changes(keep, cast):
    v1 = keep.draft(NOW)
    entry = keep.add(v1, NOW)
    keep.submit(v1, NOW)
    with pytest.raises(DomainError, match="only a draft can change"):
        keep.add(v1, NOW, entry=entry, name="Something else")
    with pytest.raises(DomainError, match="only a draft can change"):
        entry_remove(entry=entry, actor=cast.councillor, now=NOW)


def test_nothing_changes_while_a_version_is_under_review(keep):
    v1 = keep.draft(NOW)
    keep.submit(v1, NOW)
    with pytest.raises(DomainError, match="with the Monitoring Officer"):
        keep.draft(NOW)


def test_starting_a_draft_twice_gives_the_same_draft(keep):
    assert keep.draft(NOW) == keep.draft(NOW)
    assert RegisterVersion.objects.count() == 1


def test_a_version_is_reviewed_once(keep, cast):
    v1 = keep.draft(NOW)
    keep.submit(v1, NOW)
    keep.accept(v1, NOW)
    with pytest.raises(DomainError, match="accepted and published and cannot become returned"):
        version_return(version=v1, reviewer=cast.monitoring_officer, now=NOW, comments="Too late")


@pytest.mark.parametrize("who", ["clerk", "chair", "councillor", "outsider"])
def test_only_the_monitoring_officer_reviews(keep, cast, who):
    v1 = keep.draft(NOW)
    keep.submit(v1, NOW)
    with pytest.raises(DomainError, match="Only the Monitoring Officer"):
        version_return(version=v1, reviewer=getattr(cast, who), now=NOW, comments="No")


def test_another_councillor_cannot_change_my_draft(keep, cast):
    v1 = keep.draft(NOW)
    with pytest.raises(DomainError, match="own register"):
        keep.add(v1, NOW, who=cast.other_councillor)


def test_a_change_after_publication_needs_the_date_of_becoming_aware(keep):
    keep.publish(NOW)
    v2 = keep.draft(at(2026, 6, 1))
    with pytest.raises(DomainError, match="became aware"):
        keep.add(v2, at(2026, 6, 1), category=Category.LAND, name="4 Mill Lane, Ashford")


def test_a_change_is_late_after_28_days_from_becoming_aware(keep):
    keep.publish(NOW)
    v2 = keep.draft(at(2026, 6, 1))
    keep.add(v2, at(2026, 6, 1), category=Category.LAND, name="4 Mill Lane, Ashford",
             aware_on=dt.date(2026, 5, 4))
    change = RegistrationObligation.objects.get(reason=RegistrationObligation.Reason.CHANGE)
    assert change.started_on == dt.date(2026, 5, 4)
    assert change.due_on == dt.date(2026, 5, 31)  # 4 May is day one, 31 May day 28
    keep.submit(v2, at(2026, 6, 2, 9))
    change.refresh_from_db()
    assert change.days_late() == 2
    assert change.deadline.state == "missed"


def test_a_change_registered_on_day_28_is_on_time(keep):
    keep.publish(NOW)
    v2 = keep.draft(at(2026, 5, 31))
    keep.add(v2, at(2026, 5, 31), category=Category.LAND, name="4 Mill Lane", aware_on=dt.date(2026, 5, 4))
    keep.submit(v2, at(2026, 5, 31, 22))
    change = RegistrationObligation.objects.get(reason=RegistrationObligation.Reason.CHANGE)
    assert change.days_late() == 0
    assert change.deadline.state == "met"


def test_a_corrected_date_of_becoming_aware_stops_the_old_clock(keep):
    keep.publish(NOW)
    v2 = keep.draft(at(2026, 6, 1))
    entry = keep.add(v2, at(2026, 6, 1), category=Category.LAND, name="4 Mill Lane", aware_on=dt.date(2026, 5, 4))
    keep.add(v2, at(2026, 6, 1), entry=entry, category=Category.LAND, name="4 Mill Lane", aware_on=dt.date(2026, 5, 20))
    keep.submit(v2, at(2026, 6, 2))
    by_start = {o.started_on: o for o in RegistrationObligation.objects.filter(reason="change")}
    assert by_start[dt.date(2026, 5, 4)].deadline.state == "cancelled"
    assert by_start[dt.date(2026, 5, 20)].deadline.state == "met"


def test_an_unchanged_entry_carried_into_a_new_version_needs_no_date(keep):
    keep.publish(NOW)
    v2 = keep.draft(at(2026, 6, 1))
    assert v2.entries.count() == 1
    keep.submit(v2, at(2026, 6, 1))
    assert not RegistrationObligation.objects.filter(reason="change").exists()


def test_end_date_before_start_date_is_refused(keep):
    v1 = keep.draft(NOW)
    with pytest.raises(DomainError, match="end date cannot be before the start date"):
        keep.add(v1, NOW, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30))
    assert not RegisterEntry.objects.exists()


def test_a_category_that_does_not_exist_is_refused(keep):
    v1 = keep.draft(NOW)
    with pytest.raises(DomainError, match="seven statutory categories"):
        keep.add(v1, NOW, category="lottery_winnings")


def test_confirming_an_unchanged_register_submits_a_confirmation(keep, cast):
    from interests.services.registers import register_confirm

    keep.publish(NOW)
    version = register_confirm(council=cast.council, councillor=cast.councillor, now=at(2026, 6, 1))
    assert version.number == 2
    assert version.confirmation
    assert version.status == RegisterVersion.Status.SUBMITTED
    assert version.entries.count() == 1


def test_confirming_with_nothing_published_is_refused(keep, cast):
    from interests.services.registers import register_confirm

    with pytest.raises(DomainError, match="no published register"):
        register_confirm(council=cast.council, councillor=cast.councillor, now=NOW)


def test_a_councillor_of_another_council_keeps_no_register_here(cast, profile):
    with pytest.raises(DomainError, match="Only a councillor"):
        draft_start(council=cast.council, councillor=cast.clerk, now=NOW)
