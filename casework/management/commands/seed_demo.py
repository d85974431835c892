"""Demo data for every role: `python manage.py seed_demo`.

1. A district council with a Monitoring Officer, a Deputy and an Independent Person.
2. Two town councils it serves: Ashby on the Kettering-model protocol (Chair and
   Vice-Chair decide) and Elmcote on the Stotfold protocol (Mayor, Deputy Mayor and
   the Chair of the Finance Committee). Each has a Clerk, two officers, ten
   councillors in two groups plus an independent, wards, group leaders and a
   Christmas closure.
3. A superuser for the Django admin.

Every row is found by a natural key (email, slug, council and role...) before it is
created, so running the command again creates and duplicates nothing. It all runs
in one transaction. Every demo login's password is DEMO_PASSWORD.
"""

import datetime as dt
import importlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import ClosureDay, Council, Membership, OfficeTerm, User
from casework.models import ProtocolProfile
from casework.profiles import profile_create_from_preset

DEMO_PASSWORD = "demo-password-2026"
ADMIN_EMAIL = "admin@example.org"

STAFF_FROM = dt.date(2021, 4, 1)
ELECTED_ON = dt.date(2023, 5, 8)  # the councillors' four-year term after the May 2023 elections
ANNUAL_MEETING = dt.date(2026, 5, 18)  # offices run from the annual meeting of the council
# 25, 26 and 28 December 2026 are bank holidays already; the office also shuts on the days between.
CHRISTMAS_CLOSURE = (dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31))

# Each area's demo casework: a module with seed(*, councils) -> list of what it created,
# idempotent by itself (a second run creates nothing). Later areas add their module here.
DEMO_MODULES = ("casework.demo_enquiries", "casework.demo_information", "interests.demo", "complaints.demo",
                "complaints.reports.demo")

ROLE = Membership.Role
OFFICE = OfficeTerm.Office


@dataclass(frozen=True)
class Person:
    local_part: str  # the email is <local_part>@<council slug>.example.org
    full_name: str
    role: str
    group: str = ""
    ward: str = ""
    offices: tuple[tuple[str, str], ...] = ()  # (office, committee or group)
    show_login: bool = False  # printed in the list of demo logins


@dataclass(frozen=True)
class CouncilPlan:
    name: str
    slug: str
    kind: str
    people: tuple[Person, ...]
    preset: str = ""
    principal: str = ""  # slug of the principal council
    closures: tuple[dt.date, ...] = ()


def _cllr(local, name, group, ward, *offices, show=False):
    return Person(local, name, ROLE.COUNCILLOR, group, ward, tuple(offices), show or bool(offices))


DISTRICT = CouncilPlan(
    name="Wexbridge District Council",
    slug="wexbridge",
    kind=Council.Kind.DISTRICT,
    people=(
        Person("mo", "Helen Marsh", ROLE.MONITORING_OFFICER, show_login=True),
        Person("deputy-mo", "Rajesh Patel", ROLE.DEPUTY_MONITORING_OFFICER, show_login=True),
        Person("independent-person", "Gillian Okafor", ROLE.INDEPENDENT_PERSON, show_login=True),
    ),
)

ASHBY = CouncilPlan(
    name="Ashby Town Council",
    slug="ashby",
    kind=Council.Kind.TOWN,
    preset=ProtocolProfile.Preset.KETTERING,
    principal=DISTRICT.slug,
    closures=CHRISTMAS_CLOSURE,
    people=(
        Person("clerk", "Sarah Whitfield", ROLE.CLERK, show_login=True),
        Person("officer", "Priya Shah", ROLE.OFFICER, show_login=True),
        Person("officer2", "Tom Reid", ROLE.OFFICER),
        _cllr("chair", "Cllr Margaret Ellison", "Community First", "Abbey", (OFFICE.CHAIR, "")),
        _cllr("vice-chair", "Cllr Daniel Osei", "Civic Alliance", "Castle", (OFFICE.VICE_CHAIR, "")),
        _cllr("leader-community-first", "Cllr Fiona Blake", "Community First", "Market",
              (OFFICE.GROUP_LEADER, "Community First Group")),
        _cllr("leader-civic-alliance", "Cllr Imran Hussain", "Civic Alliance", "Abbey",
              (OFFICE.GROUP_LEADER, "Civic Alliance Group")),
        _cllr("councillor", "Cllr Alan Pritchard", "Community First", "Castle", show=True),
        _cllr("councillor2", "Cllr Bethany Cole", "Civic Alliance", "Market"),
        _cllr("councillor3", "Cllr Colin Ward", "Community First", "Abbey"),
        _cllr("councillor4", "Cllr Deborah Lane", "Civic Alliance", "Castle"),
        _cllr("councillor5", "Cllr Edward Nash", "Community First", "Market"),
        _cllr("independent", "Cllr Grace Mensah", "Independent", "Market", show=True),
    ),
)

ELMCOTE = CouncilPlan(
    name="Elmcote Town Council",
    slug="elmcote",
    kind=Council.Kind.TOWN,
    preset=ProtocolProfile.Preset.STOTFOLD,
    principal=DISTRICT.slug,
    closures=CHRISTMAS_CLOSURE,
    people=(
        Person("clerk", "Joanna Price", ROLE.CLERK, show_login=True),
        Person("officer", "Mark Fenwick", ROLE.OFFICER, show_login=True),
        Person("officer2", "Aisha Rahman", ROLE.OFFICER),
        _cllr("mayor", "Cllr Peter Lowe", "Elmcote Together", "Brook", (OFFICE.MAYOR, "")),
        _cllr("deputy-mayor", "Cllr Hannah Greaves", "Residents' Voice", "Church", (OFFICE.DEPUTY_MAYOR, "")),
        _cllr("finance-chair", "Cllr Samuel Adeyemi", "Elmcote Together", "Mill",
              (OFFICE.COMMITTEE_CHAIR, "Finance Committee")),
        _cllr("leader-elmcote-together", "Cllr Ruth Kingsley", "Elmcote Together", "Church",
              (OFFICE.GROUP_LEADER, "Elmcote Together Group")),
        _cllr("leader-residents-voice", "Cllr Owen Bradshaw", "Residents' Voice", "Mill",
              (OFFICE.GROUP_LEADER, "Residents' Voice Group")),
        _cllr("councillor", "Cllr Lucy Hammond", "Elmcote Together", "Brook", show=True),
        _cllr("councillor2", "Cllr Nikhil Desai", "Residents' Voice", "Brook"),
        _cllr("councillor3", "Cllr Wendy Carter", "Elmcote Together", "Mill"),
        _cllr("councillor4", "Cllr George Ainsworth", "Residents' Voice", "Church"),
        _cllr("independent", "Cllr Martin Doyle", "Independent", "Church", show=True),
    ),
)

PLANS = (DISTRICT, ASHBY, ELMCOTE)


def demo_email(person: Person, plan: CouncilPlan) -> str:
    return f"{person.local_part}@{plan.slug}.example.org"


class Command(BaseCommand):
    help = f"Create demo councils and a login for every role (password: {DEMO_PASSWORD}). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even when DJANGO_ENV=production (the demo password is public).",
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError("Refusing to create demo logins with a public password in production.")
        self.created: list[str] = []
        self._password_hash = None
        with transaction.atomic():
            logins = self._seed()
        self._report(logins)

    # --- writing -------------------------------------------------------------

    def _seed(self) -> list[tuple[str, str, str]]:
        logins = []
        councils: dict[str, Council] = {}
        for plan in PLANS:
            council = self._council(plan, principal=councils.get(plan.principal))
            councils[plan.slug] = council
            for person in plan.people:
                user = self._user(demo_email(person, plan), person.full_name)
                self._membership(user, council, person)
                for office, committee in person.offices:
                    term = self._office_term(council, user, office, committee)
                    if person.show_login:
                        logins.append((user.email, term.title, council.name))
                if person.show_login and not person.offices:
                    role = ROLE(person.role).label
                    if person.role == ROLE.COUNCILLOR and person.group == "Independent":
                        role = "Councillor (Independent)"
                    logins.append((user.email, role, council.name))
            for day in plan.closures:
                self._closure(council, day)
            if plan.preset:
                self._profile(council, plan.preset)
        self._admin()
        for module in DEMO_MODULES:
            try:
                area = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                continue
            for what in area.seed(councils=councils):
                self.created.append(what)
        return logins

    def _note(self, created: bool, what: str) -> None:
        if created:
            self.created.append(what)

    def _council(self, plan: CouncilPlan, *, principal: Council | None) -> Council:
        council, created = Council.objects.update_or_create(
            slug=plan.slug,
            defaults={
                "name": plan.name,
                "kind": plan.kind,
                "nation": Council.Nation.ENGLAND,
                "principal_council": principal,
            },
        )
        self._note(created, f"council {council}")
        return council

    def _hashed_password(self) -> str:
        # Hash once: the same (slow, salted) hash serves every demo login.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def _user(self, email: str, full_name: str, **flags) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, full_name=full_name, password=self._hashed_password(), **flags)
            user.save()
            self._note(True, f"user {email}")
            return user
        changed = {name: value for name, value in {"full_name": full_name, **flags}.items()
                   if getattr(user, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(user, name, value)
            user.save(update_fields=list(changed))
        return user

    def _membership(self, user: User, council: Council, person: Person) -> Membership:
        membership, created = Membership.objects.get_or_create(
            user=user,
            council=council,
            role=person.role,
            ends_on=None,
            defaults={
                "group": person.group,
                "ward": person.ward,
                "starts_on": ELECTED_ON if person.role == ROLE.COUNCILLOR else STAFF_FROM,
            },
        )
        self._note(created, f"membership {membership}")
        return membership

    def _office_term(self, council: Council, user: User, office: str, committee: str) -> OfficeTerm:
        starts_on = ELECTED_ON if office == OFFICE.GROUP_LEADER else ANNUAL_MEETING
        term, created = OfficeTerm.objects.get_or_create(
            council=council,
            office=office,
            committee=committee,
            holder=user,
            starts_on=starts_on,
        )
        self._note(created, f"office {term}")
        return term

    def _closure(self, council: Council, day: dt.date) -> None:
        closure, created = ClosureDay.objects.get_or_create(
            council=council, date=day, defaults={"reason": "Christmas closure"}
        )
        self._note(created, f"closure {closure}")

    def _profile(self, council: Council, preset: str) -> None:
        existing = ProtocolProfile.objects.filter(council=council).first()
        if existing is None:
            profile_create_from_preset(council=council, preset=preset)
            self._note(True, f"protocol profile for {council} ({preset})")
        elif existing.preset != preset:
            self.stderr.write(
                f"{council} already has the {existing.preset!r} protocol profile; left as it is "
                f"(the demo would use {preset!r})."
            )

    def _admin(self) -> None:
        self._user(ADMIN_EMAIL, "Portal Administrator", is_staff=True, is_superuser=True)

    # --- reporting -----------------------------------------------------------

    def _report(self, logins: list[tuple[str, str, str]]) -> None:
        out = self.stdout
        if self.created:
            out.write(self.style.SUCCESS(f"Demo data created: {len(self.created)} new records."))
        else:
            out.write("Demo data already present: nothing to create.")
        out.write("")
        out.write(f"Demo logins (every one uses the password {DEMO_PASSWORD}):")
        email_width = max(len(email) for email, _, _ in logins)
        role_width = max(len(role) for _, role, _ in logins)
        out.write(f"  {'Email':<{email_width}}  {'Role':<{role_width}}  Council")
        for email, role, council in logins:
            out.write(f"  {email:<{email_width}}  {role:<{role_width}}  {council}")
        out.write("")
        out.write(f"Django admin (/admin/): {ADMIN_EMAIL}, password {DEMO_PASSWORD}")
