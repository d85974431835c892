"""Register panels for pages other apps own (the councillor's home, the Monitoring Officer's page).

casework and accounts cannot import interests (ARCHITECTURE, "Layout and layering"), so their
templates load these tags instead: `{% load interests_tags %}`.
"""

from django import template
from django.utils import timezone

from ..models import RegisterVersion, RegistrationObligation
from ..selectors import monitoring_register_counts, register_summary

register = template.Library()


@register.inclusion_tag("interests/_home_panel.html")
def councillor_register_panel(council, user):
    """The councillor's register at a glance: published, under review, returned, and 28-day clocks."""
    today = timezone.localdate()
    register = register_summary(council=council, councillor=user, on=today)
    context = {"council": council, "register": register, "today": today}
    if register is not None:
        context["returned"] = register.latest_status == RegisterVersion.Status.RETURNED
        context["next_reason"] = (
            RegistrationObligation.Reason(register.next_reason).label if register.next_reason else ""
        )
    return context


@register.inclusion_tag("interests/_monitoring_panel.html")
def monitoring_register_panel(user):
    """Per council served: registrations outstanding and overdue, submissions to review, late gifts,
    dispensations expiring or to decide, disclosures to acknowledge. One query, however many councils."""
    councils = monitoring_register_counts(user=user, on=timezone.localdate())
    fields = ("outstanding", "overdue", "awaiting_review", "late_gifts", "expiring", "dispensation_requests",
              "disclosures")
    totals = {name: sum(getattr(c, name) for c in councils) for name in fields}
    return {"councils": councils, "totals": totals, "anything": any(totals.values())}
