"""Fixtures for the enquiry tests: a frozen clock, a throwaway MEDIA_ROOT and an enquiry opener."""

import datetime as dt

import pytest
import time_machine

from casework import hooks
from casework.calendar import LONDON
from casework.services.enquiries import enquiry_open

# Monday 23 November 2026, 10:00 in London: seven working days later is Wednesday 2 December.
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def open_enquiry(cast, profile):
    """Open an enquiry through the service, as the views do; keyword arguments override the defaults."""

    def _open(**overrides):
        values = dict(
            council=cast.council,
            councillor=cast.councillor,
            logged_by=cast.clerk,
            received_at=NOW,
            channel="email",
            subject="Pothole on Station Road",
            details="A deep pothole outside number 12 has damaged two cars.",
            ward="North",
            constituent_name="Jane Resident",
            constituent_contact="jane@example.net",
            now=NOW,
        )
        values.update(overrides)
        return enquiry_open(**values)

    return _open


@pytest.fixture
def suggester():
    """Register an interest suggester for one test (as the register of interests app does in ready())."""
    added = []

    def _register(fn):
        hooks.register_interest_suggester(fn)
        added.append(fn)

    yield _register
    for fn in added:
        hooks._interest_suggesters.remove(fn)
