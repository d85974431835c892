import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import Absence, ClosureDay, Council, Membership, OfficeTerm, User

PASSWORD = "correct-horse-battery-staple"
LONG_AGO = dt.date(2020, 5, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testbury Town Council {n}")
    slug = factory.Sequence(lambda n: f"testbury-{n}")
    kind = Council.Kind.TOWN
    nation = Council.Nation.ENGLAND


class ClosureDayFactory(DjangoModelFactory):
    class Meta:
        model = ClosureDay

    council = factory.SubFactory(CouncilFactory)
    date = dt.date(2026, 12, 29)
    reason = "Christmas closure"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Membership.Role.COUNCILLOR
    starts_on = LONG_AGO


class OfficeTermFactory(DjangoModelFactory):
    class Meta:
        model = OfficeTerm

    council = factory.SubFactory(CouncilFactory)
    office = OfficeTerm.Office.CHAIR
    holder = factory.SubFactory(UserFactory)
    starts_on = LONG_AGO


class AbsenceFactory(DjangoModelFactory):
    class Meta:
        model = Absence

    user = factory.SubFactory(UserFactory)
    starts_on = dt.date(2026, 11, 1)
    ends_on = dt.date(2026, 11, 30)
    reason = "Leave"
