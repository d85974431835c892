"""The compliance report, its CSV export and the Monitoring Officer's dashboard.

All three are GET pages that change nothing. Who may see what is decided in one place,
reports.scope.report_scopes: a person with no council to report on gets 404, as does anyone
asking for a council they may not report on (the form refuses it as an unknown choice).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.selectors import roles_at
from casework.calendar import london_date
from casework.models import ProtocolProfile

from . import charts
from .exports import compliance_csv_response
from .reports.compliance import ComplianceReport, compliance_report, in_period
from .reports.dashboard import monitoring_dashboard, served_councils
from .reports.forms import ReportForm
from .reports.periods import quarter_of, suggested_periods
from .reports.scope import export_cases, report_scopes

FORM_FIELDS = ("council", "start", "end")


def report_query(council, period) -> str:
    """The report form's query string for a council and a period."""
    return urlencode({"council": council.slug, "start": period.start.isoformat(), "end": period.end.isoformat()})


def _form_and_choice(request, *, today):
    """The form and, when it is valid (or not yet filled in), the scope and period to report on."""
    scopes = report_scopes(user=request.user, on=today)
    if not scopes:
        raise Http404("Nothing to report on")
    submitted = any(name in request.GET for name in FORM_FIELDS)
    asked_for = request.GET.get("council")
    if asked_for and asked_for not in {s.council.slug for s in scopes}:
        raise Http404("No such council")  # whether it exists or not: an outsider learns nothing
    form = ReportForm(request.GET if submitted else None, scopes=scopes, today=today)
    if not submitted:
        return form, scopes[0], quarter_of(today)
    if form.is_valid():
        scope, period = form.scope, form.period
        # Shown again with the dates it was read as (an empty date means this quarter).
        shown = ReportForm(
            {"council": scope.council.slug, "start": period.start.isoformat(), "end": period.end.isoformat()},
            scopes=scopes,
            today=today,
        )
        return shown, scope, period
    return form, None, None


def _charts(report: ComplianceReport) -> dict:
    found = {}
    if report.correspondence is not None:
        found["by_month"] = charts.stacked_columns(
            title="Enquiries and information requests by month received",
            description=(
                "For each month, how many were answered on time, after an interim reply, late, "
                "or are open and overdue. The table below gives the same figures."
            ),
            categories=[
                (
                    f"{t.key:%b %Y}",
                    {"on_time": t.on_time, "after_interim": t.after_interim, "late": t.late,
                     "open_overdue": t.open_overdue, "open": t.open},
                )
                for t in report.by_month
            ],
            series=[
                charts.Series("on_time", "Answered on time"),
                charts.Series("after_interim", "Answered after an interim reply"),
                charts.Series("late", "Answered late"),
                charts.Series("open_overdue", "Open and overdue"),
                charts.Series("open", "Open, not yet due"),
            ],
        )
        council_median = report.correspondence.median_working_days
        found["by_group"] = charts.horizontal_bars(
            title="Median working days to reply, by political group",
            description=(
                "The median number of working days from receipt to reply for each group's councillors, "
                "with the council's median marked. The table below gives the same figures."
            ),
            items=[(g.tally.label, g.tally.median_working_days) for g in report.by_group],
            unit="days",
            reference=("Council median", council_median) if council_median is not None else None,
        )
    found["breach_outcomes"] = charts.horizontal_bars(
        title="Breach reports by outcome",
        description="How many breach reports received in the period ended in each outcome. The table beside it gives the same figures.",
        items=[(label, count) for label, count in report.breach_reports.outcomes],
    )
    found["referral_outcomes"] = charts.horizontal_bars(
        title="Referrals to the Chair by outcome",
        description="How many referrals received in the period ended in each outcome. The table beside it gives the same figures.",
        items=[(label, count) for label, count in report.referrals.outcomes],
    )
    return found


@require_GET
@login_required
def compliance_report_view(request):
    now = timezone.now()
    today = london_date(now)
    form, scope, period = _form_and_choice(request, today=today)
    context = {"form": form, "now": now, "report": None}
    if scope is None:
        return render(request, "reports/compliance.html", context, status=400)
    report = compliance_report(scope=scope, user=request.user, period=period, now=now)
    # The clauses cited beside the figures are the council's own (000's numbers only on that model).
    profile = ProtocolProfile.objects.filter(council=scope.council).first()
    here = reverse("compliance-report")
    context.update(
        report=report,
        profile=profile,
        scope=scope,
        period=period,
        charts=_charts(report),
        report_kinds=[report.enquiries, report.information_requests] if report.correspondence else [],
        csv_url=f"{reverse('compliance-report-csv')}?{report_query(scope.council, period)}",
        periods=[(label, p, f"{here}?{report_query(scope.council, p)}", p == period) for label, p in suggested_periods(today)],
    )
    return render(request, "reports/compliance.html", context)


@require_GET
@login_required
def compliance_report_csv(request):
    now = timezone.now()
    today = london_date(now)
    form, scope, period = _form_and_choice(request, today=today)
    if scope is None:
        return render(request, "reports/compliance.html", {"form": form, "now": now, "report": None}, status=400)
    roles = roles_at(user=request.user, council=scope.council, on=today)
    cases = in_period(export_cases(scope=scope, user=request.user, roles=roles), period)
    return compliance_csv_response(cases=cases, scope=scope, period=period, now=now)


@require_GET
@login_required
def monitoring_dashboard_view(request):
    now = timezone.now()
    councils = served_councils(user=request.user, on=london_date(now))
    if not councils:
        raise Http404("Not a Monitoring Officer")
    dashboard = monitoring_dashboard(councils=councils, now=now)
    report_url = reverse("compliance-report")
    rows = [(c, f"{report_url}?{report_query(c.council, dashboard.quarter)}") for c in dashboard.councils]
    return render(
        request,
        "reports/dashboard.html",
        {"dashboard": dashboard, "now": now, "today": london_date(now), "council_rows": rows},
    )
