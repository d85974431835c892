"""Template tags for compliance reports: the Monitoring Officer's home-page panel and a difference filter."""

from django import template
from django.urls import reverse
from django.utils import timezone

from ..reports.dashboard import compliance_panel

register = template.Library()


@register.filter
def difference(value, unit: str = "") -> str:
    """+2 working days, −1.5 working days, "Same", or "—" when there is nothing to compare."""
    if value is None:
        return "—"
    if value == 0:
        return "Same"
    number = f"{abs(value):g}"
    sign = "+" if value > 0 else "−"
    return f"{sign}{number}{f' {unit}' if unit else ''}"


@register.filter
def days_late_on(obligation, day) -> int:
    """Days after an obligation's last day, on `day` (or at fulfilment)."""
    return obligation.days_late(day)


@register.inclusion_tag("reports/_monitoring_panel.html", takes_context=True)
def monitoring_compliance_panel(context):
    """Per council the Monitoring Officer serves: enquiries answered within the deadline this quarter (two queries)."""
    from ..views_reports import report_query

    request = context["request"]
    quarter, rows = compliance_panel(user=request.user, now=timezone.now())
    report_url = reverse("compliance-report")
    return {
        "quarter": quarter,
        "rows": [(council, figures, f"{report_url}?{report_query(council, quarter)}") for council, figures in rows],
        "dashboard_url": reverse("monitoring-dashboard"),
    }
