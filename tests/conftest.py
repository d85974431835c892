"""The shared cast: one person per role at a town council served by a district's Monitoring Officer."""

from dataclasses import dataclass

import pytest

from accounts.models import Council, Membership, OfficeTerm, User
from tests.factories import CouncilFactory, MembershipFactory, OfficeTermFactory, UserFactory


@dataclass
class Cast:
    district: Council
    council: Council
    other_council: Council
    councillor: User
    other_councillor: User
    clerk: User
    officer: User
    chair: User
    vice_chair: User
    monitoring_officer: User
    deputy_monitoring_officer: User
    independent_person: User
    outsider: User
    other_clerk: User

    def by_role(self) -> dict[str, User]:
        return {
            "councillor": self.councillor,
            "clerk": self.clerk,
            "officer": self.officer,
            "chair": self.chair,
            "vice_chair": self.vice_chair,
            "monitoring_officer": self.monitoring_officer,
            "outsider": self.outsider,
        }


def _member(user_email, name, council, role, **kw):
    user = UserFactory(email=user_email, full_name=name)
    MembershipFactory(user=user, council=council, role=role, **kw)
    return user


@pytest.fixture
def cast(db) -> Cast:
    district = CouncilFactory(name="Northborough District Council", slug="northborough", kind=Council.Kind.DISTRICT)
    council = CouncilFactory(name="Ashford Market Town Council", slug="ashford-market", principal_council=district)
    other = CouncilFactory(name="Beckby Town Council", slug="beckby", principal_council=district)
    R = Membership.Role
    councillor = _member("cllr@example.org", "Cllr Alice Adams", council, R.COUNCILLOR, group="Green", ward="North")
    other_councillor = _member("cllr2@example.org", "Cllr Bob Brown", council, R.COUNCILLOR, group="Labour")
    clerk = _member("clerk@example.org", "Carol Clerk", council, R.CLERK)
    officer = _member("officer@example.org", "Oscar Officer", council, R.OFFICER)
    chair = _member("chair@example.org", "Cllr Charlotte Chair", council, R.COUNCILLOR, group="Green")
    vice_chair = _member("vice@example.org", "Cllr Victor Vice", council, R.COUNCILLOR, group="Labour")
    OfficeTermFactory(council=council, office=OfficeTerm.Office.CHAIR, holder=chair)
    OfficeTermFactory(council=council, office=OfficeTerm.Office.VICE_CHAIR, holder=vice_chair)
    mo = _member("mo@example.org", "Monica Monitoring", district, R.MONITORING_OFFICER)
    dmo = _member("dmo@example.org", "Derek Deputy", district, R.DEPUTY_MONITORING_OFFICER)
    ip = _member("ip@example.org", "Irene Independent", district, R.INDEPENDENT_PERSON)
    other_clerk = _member("clerk@beckby.example.org", "Beryl Beckby", other, R.CLERK)
    outsider = UserFactory(email="outsider@example.org", full_name="Olly Outsider")
    return Cast(
        district=district,
        council=council,
        other_council=other,
        councillor=councillor,
        other_councillor=other_councillor,
        clerk=clerk,
        officer=officer,
        chair=chair,
        vice_chair=vice_chair,
        monitoring_officer=mo,
        deputy_monitoring_officer=dmo,
        independent_person=ip,
        outsider=outsider,
        other_clerk=other_clerk,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def celery_eager():
    """In-process tests run tasks inline: an on-commit wake-up of the outbox delivers at once.

    Tests of the real broker (tests/test_celery_integration.py) override this fixture.
    """
    from protocol_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def profile(cast):
    """cast.council on the Kettering-model protocol (000)."""
    from casework.profiles import profile_create_from_preset

    return profile_create_from_preset(council=cast.council, preset="kettering")


@pytest.fixture
def make_case(cast, profile):
    """Open a case with a reply clock, as a service caller would."""
    import datetime as dt

    from django.db import transaction

    from casework.calendar import london_date
    from casework.models import Case
    from casework.services.cases import case_open
    from casework.services.deadlines import deadline_open

    def _make(
        *,
        received_at: dt.datetime,
        now: dt.datetime | None = None,
        kind: str = Case.Kind.ENQUIRY,
        raised_by=None,
        subject_person=None,
        working_days: int | None = 7,
        subject: str = "Pothole on Station Road",
        council=None,
    ):
        now = now or received_at
        with transaction.atomic():
            case, _ = case_open(
                council=council or cast.council,
                kind=kind,
                subject=subject,
                received_at=received_at,
                now=now,
                actor=cast.clerk,
                raised_by=raised_by if raised_by is not None else cast.councillor,
                subject_person=subject_person,
            )
            if working_days is not None:
                deadline_open(
                    case=case,
                    rule="enquiry_reply",
                    label="Reply to the councillor",
                    started_on=london_date(received_at),
                    working_days=working_days,
                    now=now,
                    clause="4.4",
                    clause_anchor="c-4-4",
                )
        return case

    return _make
