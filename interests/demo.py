"""Demo register of interests for `seed_demo`, made through the services so clocks and timelines are real.

At Ashby (Kettering-model protocol):
- Cllr Alan Pritchard: a register accepted three months ago, with a sensitive interest withheld
  from the public register, a gift registered on time and one registered late, and a
  declaration at a meeting;
- Cllr Grace Mensah: her register submitted and waiting for the Monitoring Officer;
- Cllr Bethany Cole: her register returned with comments;
- two councillors elected at by-elections: one still inside the 28 days, one overdue;
- the Chair's dispensation, expiring within two months; the Vice-Chair's request, undecided;
- an officer's close personal relationship with a councillor, disclosed to the Monitoring Officer.
At Elmcote (Stotfold protocol): Cllr Lucy Hammond's published register, and an annual review a
fortnight ago that asked every councillor to confirm their register.

Idempotent: every step is skipped when what it makes is already there (registers with versions,
fixed form tokens for gifts, declarations and dispensations, one disclosure in force per pair,
one obligation per duty), so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Council, Membership, User

from .models import Category, Dispensation, Gift, Register, RegisterSettings, RelationshipDisclosure
from .services.declarations import declaration_record
from .services.dispensations import dispensation_decide, dispensation_request
from .services.gifts import gift_register
from .services.obligations import obligations_open_due
from .services.registers import draft_start, entry_save, version_accept, version_return, version_submit
from .services.relationships import relationship_disclose

NAMESPACE = uuid.UUID("5d0c7a43-6c52-4e77-9d59-1f2b2b8c0f6e")


def _token(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


def _person(council: Council, local: str) -> User | None:
    return User.objects.filter(email__iexact=f"{local}@{council.slug}.example.org").first()


def _mo(council: Council, on: dt.date) -> User | None:
    membership = (
        Membership.objects.current_on(on)
        .filter(council=council.monitoring_council, role=Membership.Role.MONITORING_OFFICER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _entry(category, name, details, starts_on=None, **extra):
    return {
        "category": category,
        "whose": extra.pop("whose", "member"),
        "name": name,
        "details": details,
        "starts_on": starts_on,
        "ends_on": extra.pop("ends_on", None),
        "aware_on": None,
        "sensitive": extra.pop("sensitive", False),
        "sensitive_reasons": extra.pop("sensitive_reasons", ""),
    }


ALAN = (
    _entry(Category.EMPLOYMENT, "Pritchard & Daughters Builders Ltd", "Director and majority shareholder",
           dt.date(2009, 4, 1)),
    _entry(Category.LAND, "Yard and workshop, 3 Tanner's Lane, Ashby", "Freehold, business premises",
           dt.date(2012, 6, 1)),
    _entry(Category.EMPLOYMENT, "Ashby Primary School", "Teaching assistant (spouse)", dt.date(2018, 9, 1),
           whose="partner"),
    _entry(Category.LAND, "Home address", "Family home", None, sensitive=True,
           sensitive_reasons="A former tenant has made threats against my family; the police are aware."),
    _entry(Category.CHARITY, "Ashby Community Larder", "Trustee", dt.date(2021, 1, 1)),
)
GRACE = (
    _entry(Category.EMPLOYMENT, "Wexbridge Hospital NHS Trust", "Staff nurse", dt.date(2015, 3, 1)),
    _entry(Category.OPINION, "Royal College of Nursing", "Member and workplace representative"),
)
BETHANY = (
    _entry(Category.EMPLOYMENT, "Self-employed", "Bookkeeper"),
    _entry(Category.SECURITIES, "Ashby Brewery plc", "Shares"),
)
LUCY = (
    _entry(Category.EMPLOYMENT, "Elmcote Garden Centre", "Manager", dt.date(2016, 2, 1)),
    _entry(Category.PUBLIC_FUNCTIONS, "Elmcote Parish Drainage Board", "Board member", dt.date(2022, 5, 1)),
)


def _register(council, councillor, entries, *, when, outcome, mo, comments="") -> bool:
    """Give a councillor a first version (submitted, accepted or returned). False if they have one."""
    if Register.objects.filter(council=council, councillor=councillor, versions__isnull=False).exists():
        return False
    version = draft_start(council=council, councillor=councillor, now=when)
    saved = [entry_save(version=version, actor=councillor, now=when, **fields) for fields in entries]
    version_submit(version=version, actor=councillor, now=when + dt.timedelta(minutes=10))
    reviewed = when + dt.timedelta(days=3)
    if outcome == "accepted":
        version_accept(version=version, reviewer=mo, now=reviewed,
                       withholding={e.pk: True for e in saved if e.sensitive})
    elif outcome == "returned":
        version_return(version=version, reviewer=mo, now=reviewed, comments=comments)
    return True


def _member(council: Council, local: str, name: str, starts_on: dt.date, ward: str) -> tuple[User, bool]:
    from casework.management.commands.seed_demo import DEMO_PASSWORD

    user = _person(council, local)
    made = False
    if user is None:
        user = User.objects.create(email=f"{local}@{council.slug}.example.org", full_name=name,
                                   password=make_password(DEMO_PASSWORD))
        made = True
    Membership.objects.get_or_create(
        user=user, council=council, role=Membership.Role.COUNCILLOR, ends_on=None,
        defaults={"starts_on": starts_on, "ward": ward, "group": "Independent"},
    )
    return user, made


def _gift(council, councillor, name, *, now, **fields) -> bool:
    if Gift.objects.filter(token=_token(name)).exists():
        return False
    gift_register(council=council, councillor=councillor, now=now, token=_token(name), **fields)
    return True


def seed(*, councils: dict[str, Council]) -> list[str]:
    made: list[str] = []
    now = timezone.now()
    today = timezone.localdate()
    ashby, elmcote = councils.get("ashby"), councils.get("elmcote")
    if ashby is None or elmcote is None:
        return made
    mo = _mo(ashby, today)
    if mo is None:
        return made

    # The register has been kept in the portal for two months; Elmcote reviews it each year on a
    # date a fortnight ago (a day every year has).
    review = today - dt.timedelta(days=14)
    for council, review_day in ((ashby, None), (elmcote, review)):
        _, created = RegisterSettings.objects.get_or_create(
            council=council,
            defaults={
                "obligations_from": today - dt.timedelta(days=60),
                "annual_review_month": review_day.month if review_day else None,
                "annual_review_day": min(review_day.day, 28) if review_day else None,
            },
        )
        if created:
            made.append(f"register settings for {council}")

    alan, grace, bethany = (_person(ashby, p) for p in ("councillor", "independent", "councillor2"))
    three_months_ago = now - dt.timedelta(days=90)
    if alan and _register(ashby, alan, ALAN, when=three_months_ago, outcome="accepted", mo=mo):
        made.append(f"register of interests for {alan} (published, one interest withheld)")
    if grace and _register(ashby, grace, GRACE, when=now - dt.timedelta(days=2), outcome="submitted", mo=mo):
        made.append(f"register of interests for {grace} (awaiting review)")
    if bethany and _register(
        ashby, bethany, BETHANY, when=now - dt.timedelta(days=8), outcome="returned", mo=mo,
        comments="Please give the nature of your shareholding in Ashby Brewery plc (is it above £25,000 "
        "nominal value?) and name the clients you keep books for who contract with the council.",
    ):
        made.append(f"register of interests for {bethany} (returned with comments)")
    lucy = _person(elmcote, "councillor")
    if lucy and _register(elmcote, lucy, LUCY, when=now - dt.timedelta(days=200), outcome="accepted", mo=mo):
        made.append(f"register of interests for {lucy} (published)")

    if alan:
        if _gift(ashby, alan, "alan-ball", now=now - dt.timedelta(days=40), giver="Ashby Chamber of Trade",
                 description="Two tickets to the annual dinner", received_on=today - dt.timedelta(days=45),
                 value=Decimal("120.00"), value_is_estimate=False, reason="Guest of the Chamber",
                 outcome=Gift.Outcome.ACCEPTED):
            made.append("gift registered on time")
        if _gift(ashby, alan, "alan-hamper", now=now - dt.timedelta(days=1), giver="Tanner's Lane Developments",
                 description="Christmas hamper", received_on=today - dt.timedelta(days=34),
                 value=Decimal("75.00"), value_is_estimate=True, reason="Seasonal gift from a developer",
                 outcome=Gift.Outcome.REFUSED):
            made.append("gift registered late")
        if not alan.registers.get(council=ashby).declarations.exists():
            declaration_record(council=ashby, councillor=alan, now=now - dt.timedelta(days=20),
                               token=_token("alan-planning"), occasion="meeting", meeting="Planning Committee",
                               declared_on=today - dt.timedelta(days=20),
                               nature="The application is from a client of my building firm.",
                               entry=alan.registers.get(council=ashby).published_version.entries.get(
                                   name="Pritchard & Daughters Builders Ltd"))
            made.append("declaration at the Planning Committee")

    # By-elections: one new councillor inside the 28 days, one past them.
    _, fresh = _member(ashby, "new-councillor", "Cllr Nadia Fraser", today - dt.timedelta(days=10), "Abbey")
    _, late = _member(ashby, "late-councillor", "Cllr Oliver Grant", today - dt.timedelta(days=40), "Market")
    made += ["new councillor Cllr Nadia Fraser"] * fresh + ["new councillor Cllr Oliver Grant"] * late
    opened = obligations_open_due(now=now)
    if opened:
        made.append(f"{opened} obligations to register (taking office, annual review)")

    chair, vice = _person(ashby, "chair"), _person(ashby, "vice-chair")
    if chair and not Dispensation.objects.filter(token=_token("chair-allotments")).exists():
        granted = dispensation_request(
            council=ashby, councillor=chair, now=now - dt.timedelta(days=300), token=_token("chair-allotments"),
            business="Setting allotment rents", grounds=Dispensation.Grounds.INHABITANTS,
            statement="I rent an allotment, as do most members; residents expect us to decide the rents.",
            requested_from=today - dt.timedelta(days=290), requested_until=today + dt.timedelta(days=40),
        )
        dispensation_decide(dispensation=granted, decider=mo, now=now - dt.timedelta(days=295), grant=True,
                            reasons="In the interests of people living in the area.",
                            granted_from=today - dt.timedelta(days=290), granted_until=today + dt.timedelta(days=40))
        made.append("dispensation in force for the Chair, expiring soon")
    if vice and not Dispensation.objects.filter(token=_token("vice-precept")).exists():
        dispensation_request(
            council=ashby, councillor=vice, now=now - dt.timedelta(days=3), token=_token("vice-precept"),
            business="Setting the 2027/28 precept", grounds=Dispensation.Grounds.QUORUM,
            statement="Six members own property in the parish; without dispensations the meeting is inquorate.",
            requested_from=today + dt.timedelta(days=30), requested_until=today + dt.timedelta(days=400),
        )
        made.append("dispensation request from the Vice-Chair")

    officer, colin = _person(ashby, "officer2"), _person(ashby, "councillor3")
    if officer and colin and not RelationshipDisclosure.objects.filter(discloser=officer, other_person=colin).exists():
        relationship_disclose(council=ashby, discloser=officer, other_person=colin,
                              nature=RelationshipDisclosure.Nature.FAMILY, details="Cllr Ward is my brother-in-law.",
                              began_on=None, now=now - dt.timedelta(days=5))
        made.append("relationship disclosure to the Monitoring Officer")
    return made
