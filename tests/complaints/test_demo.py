"""The demo complaints and concerns: made once, found again on a second run."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Council
from casework.models import Case
from complaints import demo
from complaints.models import Complaint, DecisionNotice

pytestmark = pytest.mark.django_db


def test_demo_makes_each_kind_once_and_a_second_run_makes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    kinds = dict.fromkeys(("breach_report", "complaint", "officer_concern", "clerk_concern", "grievance"), 0)
    for kind in Case.objects.filter(kind__in=kinds).values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds == {"breach_report": 2, "complaint": 3, "officer_concern": 1, "clerk_concern": 1, "grievance": 1}
    assert DecisionNotice.objects.filter(published_at__isnull=False).count() == 1
    assert set(Complaint.objects.values_list("stage", flat=True)) == {"received", "acknowledged", "concluded"}
    clerk_concern = Case.objects.get(kind="clerk_concern")
    assert clerk_concern.concern.told_offices == ["Mayor", "Deputy Mayor"]
    assert clerk_concern.subject_person.email == "clerk@elmcote.example.org"
    assert Case.objects.get(kind="grievance").routed_to is None

    councils = {c.slug: c for c in Council.objects.all()}
    assert demo.seed(councils=councils) == []
    assert Case.objects.filter(kind__in=kinds).count() == 8
