"""The demo enquiries: a dozen in every state, made once."""

import io

import pytest
import time_machine
from django.core.management import call_command

from casework.models import Case, CaseEvent, Deadline, Enquiry, InterimReply
from tests.enquiries.conftest import NOW

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def seeded():
    with time_machine.travel(NOW, tick=False):
        yield _seed()


def _demo_enquiries():
    # Other areas' demo data may open enquiries of their own (a contact flagged as non-compliant).
    from casework.demo_enquiries import ENQUIRIES

    return Case.objects.filter(kind=Case.Kind.ENQUIRY, subject__in=[plan.subject for plan in ENQUIRIES])


def test_a_dozen_enquiries_in_every_state_at_both_town_councils(seeded):
    enquiries = _demo_enquiries()
    assert enquiries.count() == 12
    assert set(enquiries.values_list("council__slug", flat=True)) == {"ashby", "elmcote"}
    statuses = set(enquiries.values_list("status", flat=True))
    assert statuses == {Case.Status.OPEN, Case.Status.RESPONDED, Case.Status.CLOSED}
    assert enquiries.filter(status=Case.Status.OPEN, assigned_to__isnull=True).exists()  # new
    assert enquiries.filter(status=Case.Status.OPEN, due_at__lt=NOW).count() == 2  # overdue
    assert InterimReply.objects.filter(enquiry__case__in=enquiries).count() == 3
    assert CaseEvent.objects.filter(case__in=enquiries, kind=CaseEvent.Kind.ESCALATED, data__step="repeat_interim").count() == 1
    assert Enquiry.objects.filter(case__in=enquiries, has_interest=True, channel="letter").count() == 1
    assert enquiries.filter(urgent=True).count() == 1
    assert Deadline.objects.filter(case__in=enquiries, rule="interim_reply", completed_at__isnull=True).count() == 2
    pothole = enquiries.get(subject="Pothole outside 14 Station Road")
    assert (pothole.reference, pothole.council.slug) == ("ENQ-2026-0001", "ashby")


def test_seeding_again_makes_no_more(seeded):
    before = Case.objects.count(), CaseEvent.objects.count()
    with time_machine.travel(NOW, tick=False):
        output = _seed()
    assert (Case.objects.count(), CaseEvent.objects.count()) == before
    assert "nothing to create" in output or "Demo data created" in output


def test_the_seed_says_what_it_made_and_then_makes_nothing(seeded):
    from accounts.models import Council
    from casework.demo_enquiries import seed

    councils = {c.slug: c for c in Council.objects.all()}
    Case.objects.filter(subject="Pothole outside 14 Station Road").update(subject="Renamed")
    with time_machine.travel(NOW, tick=False):
        made = seed(councils=councils)
        again = seed(councils=councils)
    assert len(made) == 1
    assert made[0].startswith("enquiry ENQ-2026-")
    assert made[0].endswith(" at Ashby Town Council: Pothole outside 14 Station Road (new)")
    assert again == []
