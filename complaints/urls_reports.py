"""URLs for compliance reports and exports; included from protocol_portal/urls.py."""

from django.urls import path

from . import views_reports

urlpatterns = [
    path("reports/compliance/", views_reports.compliance_report_view, name="compliance-report"),
    path("reports/compliance.csv", views_reports.compliance_report_csv, name="compliance-report-csv"),
    path("monitoring/dashboard/", views_reports.monitoring_dashboard_view, name="monitoring-dashboard"),
]
