"""Rows for the Monitoring Officer's dashboard: complaints, register obligations, disclosures, dispensations.

Complaints, disclosures and dispensations are written as their models hold them; the register's
28-day obligations go through the interests services (a register's file and a clock per duty).
"""

import datetime as dt
import itertools
import uuid

from casework.models import Case
from casework.services.deadlines import deadline_open
from complaints.models import BreachReport, Complaint
from interests.models import Dispensation, RelationshipDisclosure
from interests.services.common import register_open
from interests.services.obligations import obligation_open

_numbers = itertools.count(1)


def bare_case(*, council, kind, received_at, raised_by=None, subject_person=None) -> Case:
    """A case with no route or clock (a kind whose service routes it itself)."""
    n = next(_numbers)
    return Case.objects.create(
        council=council, kind=kind, reference=f"T{n:04d}-{kind[:3].upper()}", subject=f"{kind} {n}",
        raised_by=raised_by, subject_person=subject_person, received_at=received_at, created_at=received_at,
        updated_at=received_at,
    )


def complaint(make_case, *, council, about, received_at, stage=Complaint.Stage.RECEIVED, working_days=5) -> Complaint:
    # Made without the router: routing a complaint records the Localism Act citation, longer than the
    # 20 characters CaseEvent.clause keeps (see casework/services/cases.py route_record).
    case = bare_case(council=council, kind=Case.Kind.COMPLAINT, received_at=received_at, subject_person=about)
    deadline_open(case=case, rule="acknowledge", label="Acknowledge the complaint", started_on=received_at.date(),
                  working_days=working_days, now=received_at)
    return Complaint.objects.create(
        case=case, complainant_kind=Complaint.ComplainantKind.PUBLIC, complainant_name="Pat Public",
        complainant_email="pat@example.net", details="Rude at a meeting.", stage=stage, submitted_at=received_at,
    )


def obligation(*, council, councillor, started_on, now, key):
    register = register_open(council=council, councillor=councillor, now=now, actor=None)
    return obligation_open(register=register, reason="taking_office", key=key, started_on=started_on, now=now)[0]


def relationship(*, council, discloser, other, disclosed_at, status=RelationshipDisclosure.Status.DISCLOSED):
    case = bare_case(council=council, kind=Case.Kind.RELATIONSHIP, received_at=disclosed_at, raised_by=discloser)
    return RelationshipDisclosure.objects.create(
        council=council, case=case, discloser=discloser, other_person=other,
        nature=RelationshipDisclosure.Nature.FAMILY, status=status, disclosed_at=disclosed_at,
    )


def dispensation(*, council, councillor, now, status=Dispensation.Status.REQUESTED, granted=None):
    register = register_open(council=council, councillor=councillor, now=now, actor=None)
    case = bare_case(council=council, kind=Case.Kind.DISPENSATION, received_at=now, raised_by=councillor)
    starts, ends = granted or (None, None)
    return Dispensation.objects.create(
        register=register, case=case, business="Setting the precept", grounds=Dispensation.Grounds.QUORUM,
        statement="Most members live in the parish.", requested_from=dt.date(2026, 11, 1),
        requested_until=dt.date(2027, 10, 31), status=status, requested_at=now, granted_from=starts,
        granted_until=ends, decided_at=now if granted else None, token=uuid.uuid4(),
    )


def referred_breach(seed, cast, *, council, about, received_at, decided_at) -> BreachReport:
    case = seed.case(received_at, by=cast.officer, kind=Case.Kind.BREACH_REPORT, subject_person=about,
                     working_days=10, council=council, subject="Breach report")
    report = BreachReport.objects.create(
        case=case, subject_role=BreachReport.SubjectRole.COUNCILLOR, details="Pressure on an officer.",
        occurred_on=received_at.date(), decision=BreachReport.Decision.REFER_MONITORING_OFFICER,
        decision_reasons="A possible breach of the Code of Conduct.", decided_at=decided_at, decided_by=cast.chair,
    )
    seed.reply(case, decided_at)
    return report
