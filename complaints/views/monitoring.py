"""The Monitoring Officer's dashboard across every council they serve, and the complaints export."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Membership
from accounts.selectors import councils_served_by

from ..selectors import complaints_by_stage, complaints_for_export


def _served(request):
    today = timezone.localdate()
    councils = list(
        councils_served_by(user=request.user, on=today).select_related("principal_council", "protocol_profile")
    )
    if not councils:
        raise Http404("Not a Monitoring Officer")
    return today, councils


@login_required
def monitoring_home(request):
    today, councils = _served(request)
    now = timezone.now()
    appointments = list(
        Membership.objects.current_on(today)
        .filter(user=request.user, role__in=Membership.MONITORING_ROLES)
        .select_related("council")
        .order_by("council__name")
    )
    # A Deputy who is not also the Monitoring Officer anywhere is called the Deputy.
    is_deputy = all(m.role == Membership.Role.DEPUTY_MONITORING_OFFICER for m in appointments)
    groups, overdue = complaints_by_stage(councils=councils, now=now)
    context = {
        "councils": councils,
        "role_label": Membership.Role.DEPUTY_MONITORING_OFFICER.label if is_deputy else Membership.Role.MONITORING_OFFICER.label,
        "appointed_at": list(dict.fromkeys(m.council for m in appointments)),
        "complaint_groups": groups,
        "complaints_overdue": overdue,
        "complaints_open": sum(len(g.rows) for g in groups),
    }
    return render(request, "accounts/home_monitoring.html", context)


EXPORT_COLUMNS = (
    "Reference",
    "Council",
    "Received",
    "Councillor complained about",
    "Complainant",
    "Complainant is",
    "Stage",
    "Decision",
    "Independent Person consulted",
    "Next due",
)


@login_required
def complaints_export(request):
    """Every complaint at the councils served, as CSV.

    An export leaves the portal, so a complainant whose identity is withheld (or whose request to
    withhold it is undecided) is never named in it.
    """
    _, councils = _served(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="code-of-conduct-complaints.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for c in complaints_for_export(councils=councils).iterator(chunk_size=500):
        case = c.case
        writer.writerow([
            case.reference,
            case.council.name,
            timezone.localtime(case.received_at).strftime("%d/%m/%Y"),
            _safe(str(case.subject_person or "")),
            "Withheld" if c.identity_hidden_from_subject else _safe(c.complainant_name),
            c.get_complainant_kind_display(),
            c.get_stage_display(),
            c.get_decision_display() if c.decision else "",
            "Yes" if c.ip_views else "No",
            timezone.localtime(case.due_at).strftime("%d/%m/%Y") if case.due_at else "",
        ])
    return response


def _safe(text: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @) is made plain text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
