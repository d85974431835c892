"""The demo information requests: one at each stage, and a second run creates nothing."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Council
from casework import demo_information
from casework.models import Case, CopyRequest, InformationRelease, InformationRequest, ReferralDecision

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_request_at_each_stage_and_a_second_run_makes_none():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    outcomes = sorted(InformationRequest.objects.values_list("outcome", flat=True))
    assert outcomes == ["pending", "referred", "refused", "released", "released", "released"]
    referral = Case.objects.get(kind=Case.Kind.REFERRAL, status=Case.Status.OPEN)
    assert referral.routed_to.email == "chair@ashby.example.org"
    assert ReferralDecision.objects.filter(decision="refuse").exists()
    # Released on the Chair's condition of an undertaking the councillor has yet to accept.
    awaiting = InformationRelease.objects.get(undertaking_required=True)
    assert awaiting.undertaking_accepted_at is None
    assert ReferralDecision.objects.get(referral__links__to_case=awaiting.request.case).undertaking_required
    assert InformationRelease.objects.filter(offer_all_groups=True).count() == 1
    assert CopyRequest.objects.filter(offered=False, granted_at__isnull=True).count() == 1
    # The group offer at Elmcote went to the other group's leader.
    offered = CopyRequest.objects.get(offered=True)
    assert offered.councillor.email == "leader-residents-voice@elmcote.example.org"

    counts = (Case.objects.count(), InformationRelease.objects.count(), CopyRequest.objects.count())
    councils = {c.slug: c for c in Council.objects.all()}
    assert demo_information.seed(councils=councils) == []
    assert (Case.objects.count(), InformationRelease.objects.count(), CopyRequest.objects.count()) == counts
