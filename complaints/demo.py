"""Demo complaints and concerns for `manage.py seed_demo`. Idempotent: each item is looked for first.

Ashby (Kettering-model protocol): a breach report awaiting the Chair; a staff report of contact
bypassing the Clerk; three Code of Conduct complaints (one just received and overdue, one at
initial assessment with the Independent Person's views, one concluded with a published decision
notice); a concern about an officer. Elmcote (Stotfold protocol): a concern about the Clerk, told to
the Mayor and the Deputy Mayor; a grievance, with nobody chairing a Staffing Committee.
"""

import datetime as dt
import uuid

from django.utils import timezone

from accounts.models import Council, User
from casework.models import Case

from .models import Complaint
from .services.breaches import breach_report_open
from .services.complaints import (
    complaint_acknowledge,
    complaint_assess,
    complaint_ip_view_record,
    complaint_outcome_send,
    complaint_subject_tell,
    complaint_submit,
    decision_notice_publish,
    decision_notice_write,
)
from .services.concerns import concern_raise, grievance_lodge

NAMESPACE = uuid.UUID("6f1c1d64-7f3e-4b8e-9d4a-2b1f0c6e5a10")


def _person(slug: str, local: str) -> User | None:
    return User.objects.filter(email__iexact=f"{local}@{slug}.example.org").first()


def _token(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


def seed(*, councils: dict[str, Council]) -> list[str]:
    made: list[str] = []
    now = timezone.now()
    ashby, elmcote = councils.get("ashby"), councils.get("elmcote")
    if ashby is not None and hasattr(ashby, "protocol_profile"):
        made += _ashby(ashby, now)
    if elmcote is not None and hasattr(elmcote, "protocol_profile"):
        made += _elmcote(elmcote, now)
    return made


def _clauses(council: Council, *numbers: str):
    return list(council.protocol_profile.clauses.filter(number__in=numbers).order_by("position"))


def _ashby(council: Council, now: dt.datetime) -> list[str]:
    made = []
    p = {local: _person("ashby", local) for local in (
        "councillor", "councillor2", "councillor3", "councillor4", "councillor5", "independent", "officer", "officer2",
    )}
    mo, ip = _person("wexbridge", "mo"), _person("wexbridge", "independent-person")
    if None in p.values() or mo is None:
        return made

    # A councillor reports another for pressing an officer directly (000 10.1, 18.1): with the Chair.
    if not Case.objects.filter(council=council, kind=Case.Kind.BREACH_REPORT, raised_by=p["councillor"],
                               subject_person=p["councillor3"]).exists():
        case = breach_report_open(
            council=council, reporter=p["councillor"], subject_person=p["councillor3"],
            details="At the end of the Environment Committee Cllr Ward went to the planning office and told an officer "
            "to change her report on the Mill Lane application before the next meeting.",
            occurred_on=(now - dt.timedelta(days=6)).date(), clauses=_clauses(council, "10.1", "10.2") or
            _clauses(council, "18.1"), evidence="Two other councillors were present.", now=now - dt.timedelta(days=2),
        )
        made.append(f"breach report {case.reference} (awaiting the Chair)")

    # An officer reports a councillor's approach bypassing the Clerk (000 4.6).
    if not Case.objects.filter(council=council, kind=Case.Kind.BREACH_REPORT, raised_by=p["officer"],
                               subject_person=p["councillor5"]).exists():
        case = breach_report_open(
            council=council, reporter=p["officer"], subject_person=p["councillor5"],
            details="Cllr Nash telephoned me at home on Saturday evening asking for the tender figures, "
            "instead of going through the Town Clerk.",
            occurred_on=(now - dt.timedelta(days=3)).date(), clauses=_clauses(council, "4.6", "10.2"),
            contact_kind="bypass_clerk", now=now - dt.timedelta(days=1),
        )
        made.append(f"breach report {case.reference} (non-compliant contact)")

    # A member of the public: just received, not yet acknowledged (and overdue), identity withheld asked for.
    received, created = _complaint(
        council, "public-1", subject=p["councillor4"], name="Jenny Hollis", email="jenny.hollis@example.com",
        details="At the public meeting on the allotments Cllr Lane called me a liar and a troublemaker in front of "
        "everyone, and later posted the same on the town Facebook page.",
        withhold=True, withhold_reason="I live next door to the councillor's family.", now=now - dt.timedelta(days=9),
    )
    if created:
        made.append(f"complaint {received.case.reference} (to acknowledge)")

    # A member of the public: acknowledged, the councillor told, the Independent Person consulted.
    assessing, created = _complaint(
        council, "public-2", subject=p["councillor2"], name="Robert Finch", email="r.finch@example.com",
        details="Cllr Cole voted on the car park lease without declaring that her husband runs the company bidding "
        "for it.", now=now - dt.timedelta(days=12),
    )
    if created:
        complaint_acknowledge(complaint=assessing, actor=mo, now=now - dt.timedelta(days=10))
        complaint_subject_tell(complaint=assessing, actor=mo, now=now - dt.timedelta(days=9),
                               summary="It is alleged that you took part in the vote on the car park lease without "
                               "declaring an interest through a family member.")
        complaint_ip_view_record(complaint=assessing, actor=mo, independent_person=ip, name="Gillian Okafor",
                                 consulted_on=(now - dt.timedelta(days=1)).date(), now=now - dt.timedelta(days=1),
                                 views="If the family link is confirmed this may be a failure to declare a "
                                 "disclosable pecuniary interest; an investigation seems proportionate.")
        made.append(f"complaint {assessing.case.reference} (initial assessment)")

    # Concluded with no action and a published decision notice.
    done, created = _complaint(
        council, "public-3", subject=p["councillor5"], name="Amir Kassam", email="amir.kassam@example.com",
        details="Cllr Nash was rude to me at the market stall consultation.", now=now - dt.timedelta(days=40),
    )
    if created:
        complaint_acknowledge(complaint=done, actor=mo, now=now - dt.timedelta(days=38))
        complaint_subject_tell(complaint=done, actor=mo, now=now - dt.timedelta(days=37),
                               summary="It is alleged that you were discourteous to a member of the public at the "
                               "market stall consultation.")
        complaint_ip_view_record(complaint=done, actor=mo, independent_person=ip, name="Gillian Okafor",
                                 consulted_on=(now - dt.timedelta(days=30)).date(), now=now - dt.timedelta(days=30),
                                 views="A brief, heated exchange; not a breach of the Code in itself.")
        complaint_assess(complaint=done, actor=mo, decision="no_action", now=now - dt.timedelta(days=25),
                         reasons="The exchange was brief and the councillor apologised at the time. It does not "
                         "amount to a failure to treat others with respect under the Code.")
        complaint_outcome_send(complaint=done, actor=mo, now=now - dt.timedelta(days=23))
        decision_notice_write(complaint=done, actor=mo, now=now - dt.timedelta(days=22),
                              summary="The Monitoring Officer, having consulted the Independent Person, decided to "
                              "take no further action on a complaint that Cllr Edward Nash was discourteous at a "
                              "public consultation.")
        decision_notice_publish(complaint=done, actor=mo, now=now - dt.timedelta(days=22))
        made.append(f"complaint {done.case.reference} (decision notice published)")

    # A councillor's concern about an officer: to the Clerk.
    if not Case.objects.filter(council=council, kind=Case.Kind.OFFICER_CONCERN, raised_by=p["independent"]).exists():
        case = concern_raise(
            council=council, raiser=p["independent"], about="officer", subject_person=p["officer2"],
            details="Three enquiries about the Market ward drainage have had no reply or interim reply.",
            now=now - dt.timedelta(days=1),
        )
        made.append(f"concern {case.reference} (about an officer)")
    return made


def _complaint(council, key, *, subject, name, email, details, now, withhold=False, withhold_reason=""):
    existing = Complaint.objects.filter(submission_token=_token(key)).first()
    if existing is not None:
        return existing, False
    return complaint_submit(
        council=council, subject_person=subject, complainant_kind=Complaint.ComplainantKind.PUBLIC, name=name,
        email=email, details=details, token=_token(key), now=now, withhold=withhold, withhold_reason=withhold_reason,
    )


def _elmcote(council: Council, now: dt.datetime) -> list[str]:
    made = []
    councillor, officer = _person("elmcote", "councillor"), _person("elmcote", "officer")
    if councillor is None or officer is None:
        return made
    if not Case.objects.filter(council=council, kind=Case.Kind.CLERK_CONCERN, raised_by=councillor).exists():
        case = concern_raise(
            council=council, raiser=councillor, about="clerk",
            details="The minutes of the last two Council meetings were published without the amendments agreed.",
            now=now - dt.timedelta(days=2),
        )
        made.append(f"concern {case.reference} (about the Clerk, to the Mayor and the Deputy Mayor)")
    if not Case.objects.filter(council=council, kind=Case.Kind.GRIEVANCE, raised_by=officer).exists():
        case = grievance_lodge(
            council=council, raiser=officer,
            details="My overtime for the Christmas lights event has not been paid or given back as time off.",
            now=now - dt.timedelta(days=1),
        )
        made.append(f"grievance {case.reference}")
    return made
