from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from casework.views import calculator, cases, health, home, notifications, protocol
from complaints import views as complaint_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", account_views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("monitoring/", complaint_views.monitoring_home, name="monitoring-home"),
    path("deadline-calculator/", calculator.deadline_calculator, name="deadline-calculator"),
    path("councils/<slug:slug>/", home.council_home, name="council-home"),
    path("councils/<slug:slug>/protocol", protocol.protocol_page, name="protocol"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read", notifications.notifications_read, name="notifications-read"),
    path("councils/<slug:slug>/cases/<str:reference>/", cases.case_detail, name="case-detail"),
    path("councils/<slug:slug>/cases/<str:reference>/assign", cases.case_assign_view, name="case-assign"),
    path("councils/<slug:slug>/cases/<str:reference>/status", cases.case_status_view, name="case-status"),
    path("councils/<slug:slug>/cases/<str:reference>/clock", cases.case_clock_view, name="case-clock"),
    path("councils/<slug:slug>/cases/<str:reference>/message", cases.case_message_view, name="case-message"),
    path("", include("casework.urls_enquiries")),
    path("", include("casework.urls_information")),
    path("", include("interests.urls")),
    path("", include("complaints.urls")),
    path("", include("complaints.urls_reports")),
    path("admin/", admin.site.urls),
]
