"""Helpers for the register of interests tests: a councillor with a register at the Kettering-model town."""

import datetime as dt
import uuid

import pytest

from casework.calendar import LONDON
from interests.models import Category
from interests.services.registers import draft_start, entry_save, version_accept, version_submit


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


ENTRY = {
    "category": Category.EMPLOYMENT,
    "whose": "member",
    "name": "Hartley & Sons Surveyors",
    "details": "Chartered surveyor, salaried",
    "starts_on": dt.date(2019, 9, 1),
    "ends_on": None,
    "aware_on": None,
    "sensitive": False,
    "sensitive_reasons": "",
}


def entry_fields(**changes) -> dict:
    return {**ENTRY, **changes}


@pytest.fixture
def keep(cast, profile):
    """Shortcuts that keep cast.councillor's register through the services."""

    class Keeper:
        council = cast.council

        def draft(self, now, who=None):
            return draft_start(council=cast.council, councillor=who or cast.councillor, now=now)

        def add(self, version, now, who=None, **changes):
            return entry_save(version=version, actor=who or cast.councillor, now=now, **entry_fields(**changes))

        def submit(self, version, now, who=None):
            return version_submit(version=version, actor=who or cast.councillor, now=now)

        def accept(self, version, now, withholding=None):
            return version_accept(
                version=version, reviewer=cast.monitoring_officer, now=now, withholding=withholding or {}
            )

        def publish(self, now, **changes):
            """A first registration, submitted and accepted at `now`."""
            version = self.draft(now)
            entry = self.add(version, now, **changes)
            self.submit(version, now)
            withholding = {entry.pk: True} if entry.sensitive else {}
            self.accept(version, now, withholding)
            version.register.refresh_from_db()
            return version

    return Keeper()


def token() -> uuid.UUID:
    return uuid.uuid4()
