"""Pieces every casework service uses: recording events, writing notifications, working hours."""

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse

from accounts.models import Council, Membership, User

from ..calendar import LONDON, WorkingCalendar, london_date
from ..models import Case, CaseEvent, Deadline, Notification

log = logging.getLogger(__name__)


def case_url(case: Case) -> str:
    return reverse("case-detail", kwargs={"slug": case.council.slug, "reference": case.reference})


def clause_url(council: Council, anchor: str) -> str:
    return f"{reverse('protocol', kwargs={'slug': council.slug})}#{anchor}" if anchor else ""


def record_event(
    *,
    case: Case,
    kind: str,
    summary: str,
    at: dt.datetime,
    actor: User | None = None,
    clause: str = "",
    clause_anchor: str = "",
    deadline: Deadline | None = None,
    escalation_level: int | None = None,
    data: dict | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case=case,
        kind=kind,
        summary=summary,
        at=at,
        actor=actor,
        clause=clause,
        clause_anchor=clause_anchor,
        deadline=deadline,
        escalation_level=escalation_level,
        data=data or {},
    )
    event.save()
    return event


def working_moment(now: dt.datetime, *, council: Council, calendar: WorkingCalendar) -> dt.datetime:
    """`now` if it falls in the council's working hours on a working day, else the next opening.

    Nobody is notified at night or at weekends except for urgent matters (RULES, "Out of hours").
    """
    local = now.astimezone(LONDON)
    day = local.date()
    if calendar.is_working_day(day) and council.working_day_starts <= local.time() < council.working_day_ends:
        return now
    if not (calendar.is_working_day(day) and local.time() < council.working_day_starts):
        day += dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
    return dt.datetime.combine(day, council.working_day_starts, tzinfo=LONDON)


def opening_on(day: dt.date, *, council: Council) -> dt.datetime:
    """The start of the council's working hours on `day`, London time."""
    return dt.datetime.combine(day, council.working_day_starts, tzinfo=LONDON)


def clerks_of(council: Council, *, on: dt.date) -> list[User]:
    return [
        m.user
        for m in Membership.objects.current_on(on)
        .filter(council=council, role=Membership.Role.CLERK)
        .select_related("user")
    ]


def notify(
    *,
    recipients: Iterable[User | None],
    case: Case,
    event: CaseEvent | None,
    subject: str,
    body: str,
    now: dt.datetime,
    calendar: WorkingCalendar,
    urgent: bool = False,
    url: str | None = None,
) -> list[Notification]:
    """Write notifications to the outbox in the caller's transaction; delivery starts after commit.

    `url` is the page the recipients may open (the case page unless given, e.g. a complaint's
    page for the councillor it is about, who may not open the case itself).
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return []
    not_before = now if urgent else working_moment(now, council=case.council, calendar=calendar)
    url = url or case_url(case)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                case=case,
                event=event,
                subject=f"{case.reference}: {subject}"[:200],
                body=body,
                url=url,
                created_at=now,
                not_before=not_before,
            )
            for person in people.values()
        ]
    )
    _wake_outbox_on_commit()
    return rows


def _wake_outbox_on_commit() -> None:
    """One wake-up per transaction, however many notifications it writes."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is enqueue_delivery for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(enqueue_delivery)


def enqueue_delivery() -> None:
    """Wake the outbox task. If the broker is down nothing is lost: the beat drains the outbox anyway."""
    from ..tasks import deliver_notifications

    try:
        deliver_notifications.apply_async(retry=False)
    except Exception:  # the broker is unreachable; the periodic drain will deliver
        log.warning("Could not reach the broker to deliver notifications now; the next drain will", exc_info=True)


def today_in_london(now: dt.datetime) -> dt.date:
    return london_date(now)
