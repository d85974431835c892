"""URLs for this area; included from protocol_portal/urls.py."""

from django.urls import path

from . import views

C = "councils/<slug:slug>"

urlpatterns = [
    path("monitoring/complaints.csv", views.complaints_export, name="complaints-export"),
    path(f"{C}/complaints-and-concerns/", views.hub, name="complaints-hub"),
    # Protocol breach reports (000 18.1/18.2) and non-compliant contact (000 4.6)
    path(f"{C}/breach-reports/new", views.breach_report_new, name="breach-report-new"),
    path(f"{C}/breach-reports/<str:reference>/decide", views.breach_report_decide_view, name="breach-report-decide"),
    path(f"{C}/breach-reports/<str:reference>/interest", views.breach_report_interest, name="breach-report-interest"),
    path(f"{C}/cases/<str:reference>/flag-contact", views.contact_flag_view, name="contact-flag"),
    # Code of Conduct complaints: the public form needs no login
    path(f"{C}/complain/", views.complaint_new, name="complaint-new"),
    path(f"{C}/complain/received", views.complaint_received, name="complaint-received"),
    path(f"{C}/complaints/<str:reference>/", views.complaint_work, name="complaint-work"),
    *[
        path(f"{C}/complaints/<str:reference>/{action}", view, name=f"complaint-{action}")
        for action, view in views.STAGE_VIEWS.items()
    ],
    path(f"{C}/complaints/<str:reference>/about-you", views.complaint_about_you, name="complaint-about-you"),
    path("complaints/review/<str:token>/", views.complaint_review_request, name="complaint-review-request"),
    path(f"{C}/decision-notices/", views.decision_notices, name="decision-notices"),
    path(f"{C}/decision-notices/<str:reference>/", views.decision_notice, name="decision-notice"),
    # Concerns about officers and the Clerk; grievances
    path(f"{C}/concerns/new", views.concern_new, name="concern-new"),
    path(f"{C}/concerns/<str:reference>/outcome", views.concern_outcome, name="concern-outcome"),
    path(f"{C}/grievances/new", views.grievance_new, name="grievance-new"),
]
