from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from casework.views import calculator, health, protocol

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", account_views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("monitoring/", account_views.monitoring_home, name="monitoring-home"),
    path("deadline-calculator/", calculator.deadline_calculator, name="deadline-calculator"),
    path("councils/<slug:slug>/", account_views.council_home, name="council-home"),
    path("councils/<slug:slug>/protocol", protocol.protocol_page, name="protocol"),
    path("admin/", admin.site.urls),
]
