"""Read-only questions about registers: who may see what, the public register, the MO's lists."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Council, User
from accounts.selectors import councillors_of, councils_served_by
from casework.models import Case

from .models import (
    Dispensation,
    Gift,
    Register,
    RegisterEntry,
    RegisterVersion,
    RegistrationObligation,
    RelationshipDisclosure,
)
from .publication import PublicEntry, public_entry

# --- routing: relationships as conflicts ---------------------------------------------------


def relationship_conflicts(case: Case) -> dict[int, str]:
    """casework.hooks conflict provider (002 6.5–6.7).

    Whoever has a disclosed close personal relationship with the person a case is raised by or
    about must not decide it. The reason is worded so it does not reveal the relationship: the
    routing reason is shown to everyone who can see the case, the disclosure only to the MO.
    """
    people = {pk for pk in (case.raised_by_id, case.subject_person_id) if pk}
    if not people or not case.council_id:
        return {}
    pairs = RelationshipDisclosure.objects.filter(
        council_id=case.council_id, status__in=RelationshipDisclosure.IN_FORCE
    ).filter(Q(discloser_id__in=people) | Q(other_person_id__in=people))
    reason = "has a conflict of interest recorded with the Monitoring Officer"
    found: dict[int, str] = {}
    for first, second in pairs.values_list("discloser_id", "other_person_id"):
        if first in people and second not in people:
            found[second] = reason
        if second in people and first not in people:
            found[first] = reason
    return found


# --- one councillor's register -----------------------------------------------------------


def register_of(*, council: Council, councillor: User) -> Register | None:
    return (
        Register.objects.filter(council=council, councillor=councillor)
        .select_related("case", "published_version", "councillor", "council")
        .first()
    )


def versions_of(register: Register) -> list[RegisterVersion]:
    return list(register.versions.select_related("reviewed_by").order_by("-number"))


def entries_of(version: RegisterVersion | None) -> list[RegisterEntry]:
    if version is None:
        return []
    return list(version.entries.order_by("category", "pk"))


def obligations_of(register: Register) -> list[RegistrationObligation]:
    return list(register.obligations.select_related("deadline", "fulfilled_by").order_by("-opened_at", "-pk"))


def disclosures_by(*, council: Council, user: User) -> list[RelationshipDisclosure]:
    return list(
        RelationshipDisclosure.objects.filter(council=council, discloser=user)
        .select_related("other_person", "case")
        .order_by("-disclosed_at")
    )


def disclosures_visible_to(*, council: Council, user: User, is_monitoring_officer: bool) -> QuerySet:
    """Disclosures are seen by the Monitoring Officer and the person who made them — nobody else."""
    rows = RelationshipDisclosure.objects.filter(council=council)
    if not is_monitoring_officer:
        rows = rows.filter(discloser=user)
    return rows.select_related("discloser", "other_person", "case")


@dataclass(frozen=True)
class EntryChange:
    """An entry of a version against what is published: added, changed, unchanged or removed."""

    change: str
    entry: RegisterEntry
    published: RegisterEntry | None


def changes_against_published(version: RegisterVersion) -> list[EntryChange]:
    register = version.register
    published_version = register.published_version
    published = {}
    if published_version is not None and published_version.pk != version.pk:
        published = {e.lineage: e for e in published_version.entries.all()}
    rows = []
    for entry in entries_of(version):
        before = published.pop(entry.lineage, None)
        if not published_version or published_version.pk == version.pk:
            change = "unchanged" if published_version else "added"
        elif before is None:
            change = "added"
        elif entry.same_as(before):
            change = "unchanged"
        else:
            change = "changed"
        rows.append(EntryChange(change, entry, before))
    rows += [EntryChange("removed", e, e) for e in published.values()]
    return rows


# --- the public register -----------------------------------------------------------------


@dataclass
class PublicMember:
    name: str
    ward: str
    group: str
    published_at: dt.datetime | None = None
    entries: list[PublicEntry] = field(default_factory=list)
    gifts: list[Gift] = field(default_factory=list)
    dispensations: list[Dispensation] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def shown_entries(self) -> list[PublicEntry]:
        return [e for e in self.entries if not e.withheld]

    @property
    def withheld_count(self) -> int:
        return sum(1 for e in self.entries if e.withheld)


def public_register(*, council: Council, on: dt.date) -> list[PublicMember]:
    """Each current councillor's accepted entries (sensitive details withheld), gifts and dispensations in force.

    A fixed number of queries however many councillors and entries: memberships, registers,
    entries, gifts, dispensations.
    """
    members: dict[int, PublicMember] = {}
    for membership in councillors_of(council=council, on=on):
        members.setdefault(
            membership.user_id, PublicMember(membership.user.full_name, membership.ward, membership.group)
        )
    registers = {
        r.pk: r
        for r in Register.objects.filter(council=council, councillor_id__in=members.keys()).only(
            "pk", "councillor_id", "published_version_id", "published_at"
        )
    }
    by_version = {}
    for register in registers.values():
        member = members[register.councillor_id]
        member.published_at = register.published_at
        if register.published_version_id:
            by_version[register.published_version_id] = member
    entries = RegisterEntry.objects.filter(version_id__in=by_version.keys()).order_by("category", "pk")
    for entry in entries:
        if entry.is_current(on):
            by_version[entry.version_id].entries.append(public_entry(entry))
    for gift in Gift.objects.filter(register_id__in=registers.keys()).order_by("-received_on", "-pk"):
        members[registers[gift.register_id].councillor_id].gifts.append(gift)
    in_force = Dispensation.objects.filter(
        register_id__in=registers.keys(), status=Dispensation.Status.GRANTED, granted_from__lte=on, granted_until__gte=on
    ).order_by("granted_until")
    for dispensation in in_force:
        members[registers[dispensation.register_id].councillor_id].dispensations.append(dispensation)
    return list(members.values())


def last_updated(members: list[PublicMember]) -> dt.datetime | None:
    dates = [m.published_at for m in members if m.published_at]
    return max(dates) if dates else None


# --- the Monitoring Officer's lists, across every council they serve ------------------------

MO_LIST_LIMIT = 100
EXPIRING_WITHIN_DAYS = 60
LATE_GIFTS_WITHIN_DAYS = 365


@dataclass
class MonitoringRegister:
    outstanding: list[RegistrationObligation]
    awaiting_review: list[RegisterVersion]
    late_gifts: list[Gift]
    expiring: list[Dispensation]
    dispensation_requests: list[Dispensation]
    disclosures: list[RelationshipDisclosure]
    today: dt.date

    @property
    def overdue(self) -> list[RegistrationObligation]:
        return [o for o in self.outstanding if o.due_on < self.today]

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.outstanding, self.awaiting_review, self.late_gifts, self.expiring,
             self.dispensation_requests, self.disclosures)
        )


def monitoring_register(*, user: User, on: dt.date, limit: int = MO_LIST_LIMIT) -> MonitoringRegister:
    """What the register needs from this Monitoring Officer, across all councils they serve (six queries)."""
    served = councils_served_by(user=user, on=on).values("pk")
    outstanding = (
        RegistrationObligation.objects.filter(register__council__in=served, fulfilled_at__isnull=True)
        .select_related("register__councillor", "register__council", "register__case", "deadline")
        .order_by("due_on", "pk")[:limit]
    )
    awaiting = (
        RegisterVersion.objects.filter(register__council__in=served, status=RegisterVersion.Status.SUBMITTED)
        .select_related("register__councillor", "register__council")
        .order_by("submitted_at", "pk")[:limit]
    )
    late_gifts = (
        Gift.objects.filter(
            register__council__in=served,
            days_late__gt=0,
            received_on__gte=on - dt.timedelta(days=LATE_GIFTS_WITHIN_DAYS),
        )
        .select_related("register__councillor", "register__council")
        .order_by("-registered_at", "-pk")[:limit]
    )
    expiring = (
        Dispensation.objects.filter(
            register__council__in=served,
            status=Dispensation.Status.GRANTED,
            granted_until__gte=on,
            granted_until__lte=on + dt.timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .select_related("register__councillor", "register__council", "case")
        .order_by("granted_until", "pk")[:limit]
    )
    requests = (
        Dispensation.objects.filter(register__council__in=served, status=Dispensation.Status.REQUESTED)
        .select_related("register__councillor", "register__council", "case")
        .order_by("requested_at", "pk")[:limit]
    )
    disclosures = (
        RelationshipDisclosure.objects.filter(council__in=served, status=RelationshipDisclosure.Status.DISCLOSED)
        .select_related("discloser", "other_person", "council", "case")
        .order_by("disclosed_at", "pk")[:limit]
    )
    return MonitoringRegister(
        outstanding=list(outstanding),
        awaiting_review=list(awaiting),
        late_gifts=list(late_gifts),
        expiring=list(expiring),
        dispensation_requests=list(requests),
        disclosures=list(disclosures),
        today=on,
    )


def _per_council(rows: QuerySet, council_field: str):
    """The number of `rows` at the outer council, as a correlated subquery (0 when none)."""
    counted = (
        rows.filter(**{council_field: OuterRef("pk")})
        .order_by()
        .values(council_field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def monitoring_register_counts(*, user: User, on: dt.date) -> list[Council]:
    """Each council the Monitoring Officer serves, with what its register needs from them — one query.

    Each council carries: outstanding, overdue, awaiting_review, late_gifts, expiring,
    dispensation_requests, disclosures (for the panel on the Monitoring Officer's page).
    """
    open_duties = RegistrationObligation.objects.filter(fulfilled_at__isnull=True)
    councils = councils_served_by(user=user, on=on).annotate(
        outstanding=_per_council(open_duties, "register__council"),
        overdue=_per_council(open_duties.filter(due_on__lt=on), "register__council"),
        awaiting_review=_per_council(
            RegisterVersion.objects.filter(status=RegisterVersion.Status.SUBMITTED), "register__council"
        ),
        late_gifts=_per_council(
            Gift.objects.filter(days_late__gt=0, received_on__gte=on - dt.timedelta(days=LATE_GIFTS_WITHIN_DAYS)),
            "register__council",
        ),
        expiring=_per_council(
            Dispensation.objects.filter(
                status=Dispensation.Status.GRANTED,
                granted_until__gte=on,
                granted_until__lte=on + dt.timedelta(days=EXPIRING_WITHIN_DAYS),
            ),
            "register__council",
        ),
        dispensation_requests=_per_council(
            Dispensation.objects.filter(status=Dispensation.Status.REQUESTED), "register__council"
        ),
        disclosures=_per_council(
            RelationshipDisclosure.objects.filter(status=RelationshipDisclosure.Status.DISCLOSED), "council"
        ),
    )
    return list(councils)


# --- the councillor's home page --------------------------------------------------------------


def _first(rows: QuerySet, field_name: str):
    return Subquery(rows.values(field_name)[:1])


def register_summary(*, council: Council, councillor: User, on: dt.date) -> Register | None:
    """The councillor's register at a glance, in one query (it sits on the home page).

    The register carries: draft_number, under_review_number, latest_number, latest_status,
    entry_count (published), gift_count, open_count, next_reason, next_due.
    None if the councillor has no register yet.
    """
    versions = RegisterVersion.objects.filter(register=OuterRef("pk")).order_by("-number")
    open_duties = RegistrationObligation.objects.filter(register=OuterRef("pk"), fulfilled_at__isnull=True)
    return (
        Register.objects.filter(council=council, councillor=councillor)
        .select_related("published_version")
        .annotate(
            draft_number=_first(versions.filter(status=RegisterVersion.Status.DRAFT), "number"),
            under_review_number=_first(versions.filter(status=RegisterVersion.Status.SUBMITTED), "number"),
            latest_number=_first(versions, "number"),
            latest_status=_first(versions, "status"),
            entry_count=_per_register(RegisterEntry.objects.filter(version=OuterRef("published_version"))),
            gift_count=_per_register(Gift.objects.filter(register=OuterRef("pk"))),
            open_count=_per_register(open_duties),
            next_reason=_first(open_duties.order_by("due_on"), "reason"),
            next_due=_first(open_duties.order_by("due_on"), "due_on"),
        )
        .first()
    )


def _per_register(rows: QuerySet):
    """COUNT(*) of `rows` as a subquery (a plain function, so no GROUP BY is added)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
