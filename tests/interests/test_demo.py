"""The register's demo data: made through the services, and made once."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Council
from interests import demo
from interests.models import (
    Declaration,
    Dispensation,
    Gift,
    Register,
    RegisterEntry,
    RegisterVersion,
    RegistrationObligation,
    RelationshipDisclosure,
)

pytestmark = pytest.mark.django_db

MODELS = (Register, RegisterVersion, RegisterEntry, RegistrationObligation, Gift, Dispensation, Declaration,
          RelationshipDisclosure)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_has_every_state_and_a_second_run_creates_nothing():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    counts = _counts()
    assert all(counts.values()), counts
    statuses = set(RegisterVersion.objects.values_list("status", flat=True))
    assert {"submitted", "returned", "accepted"} <= statuses
    assert RegisterEntry.objects.filter(sensitive=True, withholding="agreed").exists()
    assert Gift.objects.filter(days_late__gt=0).exists() and Gift.objects.filter(days_late=0).exists()
    reasons = set(RegistrationObligation.objects.values_list("reason", flat=True))
    assert {"taking_office", "annual_review"} <= reasons

    councils = {c.slug: c for c in Council.objects.all()}
    assert demo.seed(councils=councils) == []
    assert _counts() == counts
