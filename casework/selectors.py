"""Read-only questions about cases: who may see what, queues, the timeline."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from accounts.models import Council, Membership, User
from accounts.selectors import CouncilRoles

from .models import Case, CaseEvent, Deadline, Message, Notification


def _involved(user: User) -> Q:
    return (
        Q(raised_by=user)
        | Q(routed_to=user)
        | Q(assigned_to=user)
        | Q(messages__recipients__user=user)
    )


def cases_visible_to(*, user: User, council: Council, roles: CouncilRoles) -> QuerySet[Case]:
    """Every case at `council` this person may open.

    - the Monitoring Officer (and Deputy) serving the council: all of them;
    - the Clerk and officers: every case that is not confidential;
    - anyone: the cases they raised, were routed or assigned, or were written to on.
    A confidential case (a complaint, a referral, a concern, a disclosure) is seen only
    by those involved and the Monitoring Officer.
    """
    cases = Case.objects.filter(council=council)
    if roles.is_monitoring_officer:
        return cases
    rule = _involved(user)
    if roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER):
        rule |= Q(confidential=False)
    return cases.filter(pk__in=Case.objects.filter(council=council).filter(rule).values("pk"))


def can_see(*, user: User, case: Case, roles: CouncilRoles) -> bool:
    return cases_visible_to(user=user, council=case.council, roles=roles).filter(pk=case.pk).exists()


def can_work(*, user: User, case: Case, roles: CouncilRoles) -> bool:
    """May act on the case (assign, pause the clock, close): the Clerk, whoever it is routed or assigned to, the MO."""
    if case.confidential:
        return user.pk in (case.routed_to_id, case.assigned_to_id) or roles.is_monitoring_officer
    return (
        roles.has(Membership.Role.CLERK)
        or user.pk in (case.routed_to_id, case.assigned_to_id)
        or roles.is_monitoring_officer
    )


def can_assign(*, user: User, case: Case, roles: CouncilRoles) -> bool:
    """The Clerk assigns casework to officers (000 10.1); the MO assigns within their own office.

    A confidential case (a referral, a complaint, a concern) is decided by the person it is
    routed to and is not handed to an officer, who would otherwise see it and its reminders.
    """
    if case.confidential:
        return roles.is_monitoring_officer
    return roles.has(Membership.Role.CLERK)


def has_running_clock(case: Case) -> bool:
    return case.deadlines.filter(
        state__in=(Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED), completed_at__isnull=True
    ).exists()


def assignable_staff(*, council: Council, on: dt.date) -> QuerySet[User]:
    ids = (
        Membership.objects.current_on(on)
        .filter(council=council, role__in=(Membership.Role.CLERK, Membership.Role.OFFICER))
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    event: CaseEvent
    message: Message | None


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Events in order, each message event carrying its message and every recipient (no Bcc)."""
    events = list(case.events.select_related("actor", "deadline"))
    messages = {
        m.pk: m
        for m in Message.objects.filter(case=case).select_related("sender").prefetch_related("recipients__user")
    }
    return [TimelineEntry(e.at, e, messages.get(e.data.get("message"))) for e in events]


def case_deadlines(case: Case) -> list[Deadline]:
    return list(case.deadlines.prefetch_related("pauses").order_by("created_at", "pk"))


def case_audience(case: Case) -> list[str]:
    """Who can see this case, in words, for the case page."""
    who = []
    council = case.council
    if not case.confidential:
        who.append(f"The Clerk and officers of {council.name}")
    for label, person in (
        ("raised it", case.raised_by),
        ("it is routed to them", case.routed_to),
        ("it is assigned to them", case.assigned_to),
    ):
        if person:
            who.append(f"{person} ({label})")
    recipients = (
        User.objects.filter(messagerecipient__message__case=case).distinct().order_by("full_name")
    )
    for person in recipients:
        who.append(f"{person} (written to on this case)")
    who.append(f"The Monitoring Officer serving {council.name}")
    return list(dict.fromkeys(who))


def unread_notifications(*, user: User, now: dt.datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True, not_before__lte=now)


def failed_deliveries(*, council: Council) -> QuerySet[Notification]:
    """Notifications on this council's cases that could not be delivered, for the Clerk."""
    return (
        # Not a confidential case's: a concern about the Clerk must not surface here.
        Notification.objects.filter(
            case__council=council, case__confidential=False, delivery=Notification.Delivery.FAILED
        )
        .select_related("recipient", "case")
        .order_by("-created_at")
    )


QUEUE_LIMIT = 100


def _queue(cases: QuerySet[Case]) -> QuerySet[Case]:
    return (
        cases.filter(status__in=Case.ACTIVE_STATUSES)
        .select_related("council", "raised_by", "assigned_to")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


def clerk_queue(*, council: Council) -> QuerySet[Case]:
    """Open enquiries at the council, soonest due first (one indexed query).

    Information requests have their own list on the Clerk's page.
    """
    return _queue(Case.objects.filter(council=council, kind=Case.Kind.ENQUIRY, confidential=False))


def assigned_queue(*, council: Council, user: User) -> QuerySet[Case]:
    return _queue(Case.objects.filter(council=council, assigned_to=user))


def routed_queue(*, council: Council, user: User, kinds) -> QuerySet[Case]:
    """Cases awaiting this person's decision (the Chair's breach reports and referrals)."""
    return _queue(Case.objects.filter(council=council, routed_to=user, kind__in=kinds))


def raised_by(*, council: Council, user: User, kinds) -> QuerySet[Case]:
    return (
        Case.objects.filter(council=council, raised_by=user, kind__in=kinds)
        .select_related("council", "assigned_to")
        .order_by("-received_at")
    )


@dataclass(frozen=True)
class QueueRow:
    case: Case
    overdue: bool
    due_soon: bool


def queue_rows(cases, *, now: dt.datetime, soon_until: dt.datetime) -> list[QueueRow]:
    return [
        QueueRow(
            case=c,
            overdue=bool(c.due_at and c.due_at < now),
            due_soon=bool(c.due_at and now <= c.due_at <= soon_until),
        )
        for c in cases
    ]


# --- Councillor enquiries (issue 4) -------------------------------------------------------
# (Imports are local to this section's functions so other areas can append theirs without
# touching the module's import lines.)

ENQUIRY_PAGE_SIZE = 25

# The Clerk's queue "Show" filter: every open enquiry, one of the at-a-glance flags, or a status.
ENQUIRY_QUEUE_STATUSES = {
    "": "Every open enquiry",
    "overdue": "Overdue",
    "due_soon": "Due within two working days",
    "unassigned": "Not yet assigned",
    "interim": "Awaiting the full reply after an interim reply",
    "on_hold": "On hold",
    "responded": "Replied, awaiting the councillor",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
}


ENQUIRY_ROW_FIELDS = (
    "council_id",
    "kind",
    "reference",
    "subject",
    "status",
    "urgent",
    "confidential",
    "due_at",
    "received_at",
    "raised_by__full_name",
    "raised_by__email",
    "assigned_to__full_name",
    "assigned_to__email",
    "enquiry__ward",
)


def _awaiting_full_reply():
    """True for a case whose tracked clock is the date an interim reply gave (000 4.4)."""
    from django.db.models import Exists, OuterRef

    return Exists(
        Deadline.objects.filter(
            case=OuterRef("pk"),
            rule="interim_reply",
            completed_at__isnull=True,
            state__in=(Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED),
        )
    )


def enquiry_queue(
    *,
    council: Council,
    now: dt.datetime,
    soon_until: dt.datetime,
    assigned_to: User | None = None,
    officer: User | None = None,
    councillor: User | None = None,
    ward: str = "",
    status: str = "",
    search: str = "",
) -> QuerySet[Case]:
    """Enquiries at the council for the Clerk's queue (or one officer's, with `assigned_to`), soonest due first.

    One query whatever the filters, each row with its councillor, assignee and enquiry detail
    (ward). Open cases come in the order of the partial index case_open_by_due (migration 0009).
    """
    cases = Case.objects.filter(council=council, kind=Case.Kind.ENQUIRY, confidential=False)
    if assigned_to is not None:
        cases = cases.filter(assigned_to=assigned_to)
    if officer is not None:
        cases = cases.filter(assigned_to=officer)
    if councillor is not None:
        cases = cases.filter(raised_by=councillor)
    if ward:
        cases = cases.filter(enquiry__ward__iexact=ward)
    if search:
        cases = cases.filter(
            Q(reference__icontains=search)
            | Q(subject__icontains=search)
            | Q(enquiry__constituent_name__icontains=search)
        )
    active = Q(status__in=Case.ACTIVE_STATUSES)
    finished = False
    if status == "overdue":
        cases = cases.filter(active, due_at__lt=now)
    elif status == "due_soon":
        cases = cases.filter(active, due_at__gte=now, due_at__lte=soon_until)
    elif status == "unassigned":
        cases = cases.filter(active, assigned_to__isnull=True)
    elif status == "interim":
        cases = cases.filter(active).filter(_awaiting_full_reply())
    elif status in (Case.Status.ON_HOLD, Case.Status.RESPONDED, Case.Status.CLOSED, Case.Status.WITHDRAWN):
        cases = cases.filter(status=status)
        finished = status != Case.Status.ON_HOLD
    else:
        cases = cases.filter(active)
    # Which rows await a full reply is asked of the page's rows only (awaiting_full_reply_among):
    # as an annotation here PostgreSQL would work it out for every open case before the limit.
    # Only the columns a row shows are read (the queue is the Clerk's busiest page).
    cases = cases.select_related("raised_by", "assigned_to", "enquiry").only(
        *ENQUIRY_ROW_FIELDS
    )
    if finished:
        return cases.order_by("-updated_at", "-pk")
    return cases.order_by(F("due_at").asc(nulls_last=True), "pk")


@dataclass(frozen=True)
class EnquiryRow:
    case: Case
    overdue: bool
    due_soon: bool
    awaiting_full_reply: bool

    @property
    def due_label(self) -> str:
        """The due date as the council writes it ("2 December 2026"), London time."""
        from .calendar import london_date

        if not self.case.due_at:
            return "—"
        day = london_date(self.case.due_at)
        return f"{day.day} {day:%B %Y}"

    @property
    def unassigned(self) -> bool:
        return self.case.is_active and self.case.assigned_to_id is None


def awaiting_full_reply_among(case_ids) -> set[int]:
    """Of these cases, those whose tracked clock is the date an interim reply gave (one query)."""
    return set(
        Deadline.objects.filter(
            case_id__in=list(case_ids),
            rule="interim_reply",
            completed_at__isnull=True,
            state__in=(Deadline.State.OPEN, Deadline.State.MISSED, Deadline.State.PAUSED),
        ).values_list("case_id", flat=True)
    )


def enquiry_rows(cases, *, now: dt.datetime, soon_until: dt.datetime) -> list[EnquiryRow]:
    """The page's rows with their flags: overdue, due soon, unassigned, awaiting the full reply."""
    cases = list(cases)
    awaiting = awaiting_full_reply_among(c.pk for c in cases if c.is_active) if cases else set()
    rows = []
    for c in cases:
        active = c.is_active
        rows.append(
            EnquiryRow(
                case=c,
                overdue=bool(active and c.due_at and c.due_at < now),
                due_soon=bool(active and c.due_at and now <= c.due_at <= soon_until),
                awaiting_full_reply=c.pk in awaiting,
            )
        )
    return rows


def councillor_enquiries(*, council: Council, user: User) -> QuerySet[Case]:
    """A councillor's own enquiries, newest first, each with its latest message (one query)."""
    from django.db.models import OuterRef, Subquery

    latest = Message.objects.filter(case=OuterRef("pk")).order_by("-sent_at", "-pk")
    return (
        Case.objects.filter(council=council, raised_by=user, kind=Case.Kind.ENQUIRY)
        .select_related("council")
        .annotate(
            latest_message_body=Subquery(latest.values("body")[:1]),
            latest_message_at=Subquery(latest.values("sent_at")[:1]),
            latest_message_sender=Subquery(latest.values("sender__full_name")[:1]),
        )
        .order_by("-received_at", "-pk")
    )


def enquiry_wards(*, council: Council, on: dt.date) -> list[str]:
    """The council's wards, from its councillors' memberships."""
    wards = (
        Membership.objects.current_on(on)
        .filter(council=council, role=Membership.Role.COUNCILLOR)
        .exclude(ward="")
        .values_list("ward", flat=True)
    )
    return sorted(set(wards))


def may_see_constituent(*, user: User, case: Case, roles: CouncilRoles) -> bool:
    """Constituent details: the Clerk, the officer assigned and the councillor who raised it — nobody else."""
    return roles.has(Membership.Role.CLERK) or user.pk in (case.assigned_to_id, case.raised_by_id)


def may_answer_enquiry(*, user: User, case: Case, roles: CouncilRoles) -> bool:
    """The Clerk answers an enquiry or assigns it; the officer it is assigned to answers it (000 10.1)."""
    if case.kind != Case.Kind.ENQUIRY or case.confidential:
        return False
    return roles.has(Membership.Role.CLERK) or (
        user.pk == case.assigned_to_id and roles.has(Membership.Role.OFFICER)
    )


def enquiry_copied_in(case: Case) -> list[tuple[User, str, dt.datetime]]:
    """Councillors other than the one who raised it who were written to or copied in (002 12.2–12.3, 004 "CC")."""
    from .models import MessageRecipient

    rows = (
        MessageRecipient.objects.filter(message__case=case)
        .exclude(user_id=case.raised_by_id)
        .filter(
            user__memberships__council=case.council_id,
            user__memberships__role=Membership.Role.COUNCILLOR,
        )
        .select_related("user", "message")
        .order_by("message__sent_at", "pk")
        .distinct()
    )
    return [(r.user, r.get_kind_display().lower(), r.message.sent_at) for r in rows]


def councillors_for_enquiry(*, council: Council, on: dt.date) -> QuerySet[User]:
    ids = (
        Membership.objects.current_on(on)
        .filter(council=council, role=Membership.Role.COUNCILLOR)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


# --- Information requests and referrals (issue 5) ------------------------------------------
# (Imports are local to this section's functions, as above.)


def information_request_queue(*, council: Council) -> QuerySet[Case]:
    """Open information requests at the council for the Clerk and officers, soonest due first.

    One query: each row carries its councillor, assignee and the request's outcome so far. A request
    whose clock is paused for a referral has no due date and sorts last.
    """
    return _queue(
        Case.objects.filter(council=council, kind=Case.Kind.INFORMATION_REQUEST, confidential=False)
    ).select_related("information_request")


def councillor_information_requests(*, council: Council, user: User) -> QuerySet[Case]:
    """A councillor's own information requests, newest first, each with its outcome (one query)."""
    return (
        Case.objects.filter(council=council, raised_by=user, kind=Case.Kind.INFORMATION_REQUEST)
        .select_related("council", "information_request")
        .order_by("-received_at", "-pk")
    )


def information_given(*, council: Council, user: User):
    """Information given to members of the council that other members are told of (003 7.2), and any
    offered or copied to this person — never the content. Two queries, however many rows."""
    from django.db.models import Exists, OuterRef, Prefetch

    from .models import CopyRequest, InformationRelease

    granted_to_user = CopyRequest.objects.filter(release=OuterRef("pk"), councillor=user, granted_at__isnull=False)
    return list(
        InformationRelease.objects.filter(request__case__council=council)
        .filter(Q(minor=False, confidential_briefing=False, undertaking_required=False) | Exists(granted_to_user))
        .select_related("request__case__raised_by", "request__case__council")
        .prefetch_related(
            Prefetch("copy_requests", queryset=CopyRequest.objects.filter(councillor=user), to_attr="mine")
        )
        .order_by("-released_at", "-pk")[:200]
    )


def release_view_for(*, user: User, roles: CouncilRoles, case: Case, release, copy=None) -> str:
    """What this person may see of released information.

    - "content": the councillor it was given to (after any undertaking), the Clerk and officers,
      the Monitoring Officer, and a member granted (or offered) a copy;
    - "undertaking": the councillor it was given to, before accepting the undertaking — not the content;
    - "notice": another councillor, when members are told of it (003 7.2) — that it was given, not what;
    - "": nobody else (a 404).
    """
    if user.pk == case.raised_by_id:
        return "undertaking" if release.awaiting_undertaking else "content"
    if roles.is_monitoring_officer or roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER):
        return "content"
    if not roles.has(Membership.Role.COUNCILLOR):
        return ""
    if copy is not None and copy.granted_at is not None:
        return "content"
    return "notice" if release.announced else ""
