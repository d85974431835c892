"""Information requests at cast.council (Kettering model, 000): a request, its determination, its referral."""

import datetime as dt

import pytest

from casework.calendar import LONDON
from casework.models import Case
from casework.services import information as svc

# Monday 2 November 2026, 10:00 in London (GMT).
MON = dt.datetime(2026, 11, 2, 10, tzinfo=LONDON)
THU = dt.datetime(2026, 11, 5, 11, tzinfo=LONDON)
TUE_NEXT = dt.datetime(2026, 11, 10, 15, tzinfo=LONDON)


def url(case, action=""):
    return f"/councils/{case.council.slug}/cases/{case.reference}/{action}"


def info_url(case, action=""):
    return f"/councils/{case.council.slug}/information/{case.reference}/{action}"


def referral_url(case, action):
    return f"/councils/{case.council.slug}/referrals/{case.reference}/{action}"


@pytest.fixture
def open_request(cast, profile):
    """Open a request as the councillor would, at `at` (default Monday 2 November 2026)."""

    def _open(*, councillor=None, at=MON, interest="", subject="Tender scores for the grounds contract", **extra):
        return svc.information_request_open(
            council=cast.council,
            councillor=councillor or cast.councillor,
            subject=subject,
            what_wanted="The scoring sheets for each tender for the grounds maintenance contract.",
            purpose="To scrutinise the award at the Finance Committee.",
            need_to_know="I sit on the Finance Committee, which will consider the award.",
            interest_declared=bool(interest),
            interest_nature=interest,
            received_at=at,
            now=at,
            **extra,
        )

    return _open


@pytest.fixture
def determine(cast):
    """Record a determination as the Clerk; by default, one that must be referred (no need to know shown)."""

    def _determine(case, *, at=THU, officer=None, action=svc.Action.REFER, **findings):
        values = dict(
            publicly_available=False,
            need_to_know="not_demonstrated",
            third_party_personal_data=False,
        )
        values.update(findings)
        svc.information_request_determine(case=case, officer=officer or cast.clerk, action=action, now=at, **values)
        case.refresh_from_db()
        return case

    return _determine


@pytest.fixture
def referred(open_request, determine):
    """A request made on Monday 2 November and referred on Thursday 5 November; returns (request, referral)."""

    def _referred(*, councillor=None, at=THU, **findings):
        case = open_request(councillor=councillor)
        determine(case, at=at, **findings)
        return case, svc.referral_of(case)

    return _referred


@pytest.fixture
def released(cast, open_request, determine):
    """A request determined for release on Thursday and released the same day; returns the request case."""

    def _released(*, councillor=None, at=THU, **options):
        case = open_request(councillor=councillor)
        determine(case, at=at, action=svc.Action.RELEASE, need_to_know="demonstrated")
        svc.information_release(
            case=case,
            officer=cast.clerk,
            body=options.pop("body", "Tender A scored 72; tender B scored 64; tender C scored 58."),
            now=at,
            **options,
        )
        case.refresh_from_db()
        return case

    return _released


def events(case, step=None):
    qs = case.events.order_by("at", "pk")
    return [e for e in qs if step is None or e.data.get("step") == step]


def notes(user, case=None):
    from casework.models import Notification

    qs = Notification.objects.filter(recipient=user)
    if case is not None:
        qs = qs.filter(case=case)
    return list(qs.order_by("pk"))


__all__ = ["MON", "THU", "TUE_NEXT", "Case", "url", "info_url", "referral_url", "events", "notes"]
