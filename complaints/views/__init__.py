"""Views for complaints and concerns; thin, loading through the access helpers in .common."""

from .breaches import breach_report_decide_view, breach_report_interest, breach_report_new, contact_flag_view
from .complaints import (
    STAGE_VIEWS,
    complaint_about_you,
    complaint_new,
    complaint_received,
    complaint_review_request,
    complaint_work,
    decision_notice,
    decision_notices,
)
from .concerns import concern_new, concern_outcome, grievance_new, hub
from .monitoring import complaints_export, monitoring_home

__all__ = [
    "STAGE_VIEWS",
    "breach_report_decide_view",
    "breach_report_interest",
    "breach_report_new",
    "complaint_about_you",
    "complaint_new",
    "complaint_received",
    "complaint_review_request",
    "complaint_work",
    "complaints_export",
    "concern_new",
    "concern_outcome",
    "contact_flag_view",
    "decision_notice",
    "decision_notices",
    "grievance_new",
    "hub",
    "monitoring_home",
]
