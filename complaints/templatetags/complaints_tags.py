"""The complaints panel on the case page common to all kinds (casework/case_detail.html)."""

from django import template
from django.utils import timezone

from casework.models import Case

from ..models import BreachReport, Complaint, Concern, DecisionNotice
from ..selectors import KINDS, linked_cases
from ..services.complaints import complainant_for_subject, review_open, review_url
from ..services.concerns import may_decide_concern

register = template.Library()


@register.inclusion_tag("complaints/_case_panel.html", takes_context=True)
def complaints_panel(context, case: Case):
    """What this area adds to the case page: the report, complaint or concern, and what the viewer can do."""
    request = context["request"]
    user = request.user
    out = {"case": case, "kind": case.kind, "shown": case.kind in KINDS, "request": request}
    if not out["shown"]:
        return out
    out["links"] = linked_cases(case)
    roles = getattr(request, "council_roles", None)
    if case.kind == Case.Kind.BREACH_REPORT:
        report = BreachReport.objects.prefetch_related("clauses").filter(pk=case.pk).first()
        out["report"] = report
        out["may_decide"] = bool(report and not report.is_decided and case.routed_to_id == user.pk)
    elif case.kind == Case.Kind.COMPLAINT:
        complaint = Complaint.objects.filter(pk=case.pk).first()
        out["complaint"] = complaint
        if complaint is not None:
            complaint.case = case
            is_subject = case.subject_person_id == user.pk
            out["is_subject"] = is_subject
            # The councillor complained about never sees a withheld complainant's name.
            out["complainant_line"] = (
                complainant_for_subject(complaint) if is_subject else f"{complaint.complainant_name} "
                f"({complaint.get_complainant_kind_display().lower()})"
            )
            out["is_monitoring_officer"] = bool(roles and roles.is_monitoring_officer)
            out["is_complainant"] = complaint.complainant_user_id == user.pk and not is_subject
            out["review_url"] = review_url(complaint) if review_open(complaint, now=timezone.now()) else ""
            out["notice"] = DecisionNotice.objects.filter(complaint=complaint, published_at__isnull=False).first()
    else:
        concern = Concern.objects.filter(pk=case.pk).first()
        out["concern"] = concern
        out["may_decide_concern"] = bool(concern and not concern.outcome and may_decide_concern(case, user))
    return out
