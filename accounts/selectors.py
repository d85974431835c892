"""Read-only questions about councils, people and offices."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Absence, Council, Membership, OfficeTerm, User


@dataclass(frozen=True)
class PassedOver:
    office: str
    person: User | None
    why: str


@dataclass(frozen=True)
class OfficeHolding:
    """Who acts for an office on a day, and why anyone earlier in the chain did not."""

    office: str
    acting_office: str | None
    person: User | None
    passed_over: tuple[PassedOver, ...] = field(default_factory=tuple)

    @property
    def is_stand_in(self) -> bool:
        return self.acting_office is not None and self.acting_office != self.office

    @property
    def reason(self) -> str:
        """One sentence: why this person, in the council's words."""
        if self.person is None:
            whys = "; ".join(p.why for p in self.passed_over)
            return f"Nobody can act as {office_label(self.office)}: {whys}."
        if not self.passed_over:
            return f"{self.person} holds the office of {office_label(self.office)}."
        whys = "; ".join(p.why for p in self.passed_over)
        return f"{self.person} acts as {office_label(self.acting_office)}: {whys}."


def office_label(office: str) -> str:
    """A route step as people say it: "chair" → "Chair", "role:clerk" → "Clerk"."""
    if office.startswith("role:"):
        try:
            return Membership.Role(office[5:]).label
        except ValueError:
            return office[5:]
    committee = ""
    if ":" in office:
        office, committee = office.split(":", 1)
    if committee and office == OfficeTerm.Office.COMMITTEE_CHAIR:
        return f"Chair of the {committee}"
    if committee and office == OfficeTerm.Office.GROUP_LEADER:
        return f"Leader of the {committee}"
    try:
        return OfficeTerm.Office(office).label
    except ValueError:
        return office


def office_term_on(*, council: Council, office: str, on: dt.date) -> OfficeTerm | None:
    """The term of an office ("chair" or "committee_chair:Finance Committee") current on a day."""
    committee = ""
    if ":" in office:
        office, committee = office.split(":", 1)
    return (
        OfficeTerm.objects.current_on(on)
        .filter(council=council, office=office, committee__iexact=committee)
        .select_related("holder")
        .order_by("-starts_on")
        .first()
    )


def role_holder_on(*, council: Council, role: str, on: dt.date) -> User | None:
    """The person in a staff role on a day; a Monitoring Officer is found at the principal council."""
    where = council.monitoring_council if role in Membership.MONITORING_ROLES else council
    membership = (
        Membership.objects.current_on(on)
        .filter(council=where, role=role)
        .select_related("user")
        .order_by("starts_on", "pk")
        .first()
    )
    return membership.user if membership else None


def step_holder_on(*, council: Council, step: str, on: dt.date) -> User | None:
    """Who fills one step of a route: an office ("chair") or a role ("role:clerk")."""
    if step.startswith("role:"):
        return role_holder_on(council=council, role=step[5:], on=on)
    term = office_term_on(council=council, office=step, on=on)
    return term.holder if term else None


def is_absent(*, user: User, on: dt.date) -> Absence | None:
    return Absence.objects.current_on(on).filter(user=user).first()


def office_holder(
    *,
    council: Council,
    office: str,
    on: dt.date,
    stand_ins: Sequence[str] = (),
    conflicted: Mapping[int, str] | None = None,
) -> OfficeHolding:
    """Who holds `office` at `council` on `on`, or who acts for them.

    1. Walk the chain: the office itself, then each stand-in office in the order
       the council's protocol profile sets (e.g. Chair, then Vice-Chair). A step
       may be an office ("chair") or a role ("role:clerk").
    2. Pass over an office nobody holds that day, a holder who is absent, and a
       holder who is conflicted (`conflicted` maps user id to why, e.g. "is the
       subject of this report").
    3. The first holder left acts. If none is left, `person` is None and the
       reason lists why each was passed over.
    """
    conflicted = conflicted or {}
    passed: list[PassedOver] = []
    for candidate in dict.fromkeys((office, *stand_ins)):
        label = office_label(candidate)
        holder = step_holder_on(council=council, step=candidate, on=on)
        if holder is None:
            passed.append(PassedOver(candidate, None, f"nobody holds the office of {label} on {on:%-d %B %Y}"))
            continue
        if holder.pk in conflicted:
            passed.append(PassedOver(candidate, holder, f"the {label} {conflicted[holder.pk]}"))
            continue
        absence = is_absent(user=holder, on=on)
        if absence is not None:
            until = f" until {absence.ends_on:%-d %B %Y}"
            passed.append(PassedOver(candidate, holder, f"the {label} is absent{until}"))
            continue
        return OfficeHolding(office=office, acting_office=candidate, person=holder, passed_over=tuple(passed))
    return OfficeHolding(office=office, acting_office=None, person=None, passed_over=tuple(passed))


def memberships_on(*, user: User, on: dt.date) -> QuerySet[Membership]:
    return Membership.objects.current_on(on).filter(user=user).select_related("council")


def councils_served_by(*, user: User, on: dt.date) -> QuerySet[Council]:
    """Councils whose Monitoring Officer (or Deputy) this person is: their own and those it serves."""
    mo_councils = Membership.objects.current_on(on).filter(user=user, role__in=Membership.MONITORING_ROLES)
    ids = mo_councils.values("council_id")
    return Council.objects.filter(Q(pk__in=ids) | Q(principal_council__in=ids)).order_by("name")


def councils_for(*, user: User, on: dt.date) -> QuerySet[Council]:
    """Every council this person has any current role at (directly, or as its Monitoring Officer)."""
    direct = Membership.objects.current_on(on).filter(user=user).values("council_id")
    mo = Membership.objects.current_on(on).filter(user=user, role__in=Membership.MONITORING_ROLES).values(
        "council_id"
    )
    return Council.objects.filter(Q(pk__in=direct) | Q(principal_council__in=mo)).order_by("name")


@dataclass(frozen=True)
class CouncilRoles:
    """What one person is at one council on one day."""

    roles: frozenset[str]
    offices: tuple[OfficeTerm, ...]
    membership: Membership | None

    @property
    def is_member(self) -> bool:
        return bool(self.roles or self.offices)

    @property
    def office_codes(self) -> frozenset[str]:
        return frozenset(term.office for term in self.offices)

    @property
    def is_chair(self) -> bool:
        return bool({OfficeTerm.Office.CHAIR, OfficeTerm.Office.VICE_CHAIR} & self.office_codes)

    @property
    def is_monitoring_officer(self) -> bool:
        return bool(set(Membership.MONITORING_ROLES) & self.roles)

    @property
    def is_staff(self) -> bool:
        return bool(set(Membership.STAFF_ROLES) & self.roles)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def label(self) -> str:
        """The role shown in the header, the most senior first."""
        parts = [term.title for term in self.offices if term.office != OfficeTerm.Office.COMMITTEE_CHAIR][:1]
        for role in Membership.Role:
            if role in self.roles:
                parts.append(role.label)
        return ", ".join(dict.fromkeys(parts)) or "No role"


def roles_at(*, user: User, council: Council, on: dt.date) -> CouncilRoles:
    """One query for memberships (direct and as Monitoring Officer of the principal), one for offices."""
    if not user.is_authenticated:
        return CouncilRoles(frozenset(), (), None)
    council_ids = [council.pk] + ([council.principal_council_id] if council.principal_council_id else [])
    rows = list(Membership.objects.current_on(on).filter(user=user, council_id__in=council_ids))
    roles = set()
    own = None
    for row in rows:
        if row.council_id == council.pk:
            roles.add(row.role)
            own = own or row
        elif row.role in Membership.MONITORING_ROLES:
            roles.add(row.role)
    offices = tuple(OfficeTerm.objects.current_on(on).filter(council=council, holder=user))
    return CouncilRoles(frozenset(roles), offices, own)


def is_staff_anywhere(*, user: User, on: dt.date) -> bool:
    return Membership.objects.current_on(on).filter(user=user, role__in=Membership.STAFF_ROLES).exists()


def councillors_of(*, council: Council, on: dt.date) -> QuerySet[Membership]:
    return (
        Membership.objects.current_on(on)
        .filter(council=council, role=Membership.Role.COUNCILLOR)
        .select_related("user")
        .order_by("user__full_name")
    )
