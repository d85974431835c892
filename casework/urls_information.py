"""URLs for information requests and referrals to the Chair; included from protocol_portal/urls.py."""

from django.urls import path

from .views import information as views

INFO = "councils/<slug:slug>/information"
REFERRAL = "councils/<slug:slug>/referrals/<str:reference>"

urlpatterns = [
    path(f"{INFO}/new", views.information_request_new, name="information-request-new"),
    path(f"{INFO}/given", views.information_given_page, name="information-given"),
    # The released information (or, for another member, the notice that it was given).
    path(f"{INFO}/<str:reference>/", views.information_release_page, name="information-release"),
    path(f"{INFO}/<str:reference>/documents/<int:attachment>", views.information_document, name="information-document"),
    path(f"{INFO}/<str:reference>/determine", views.information_determine, name="information-determine"),
    path(f"{INFO}/<str:reference>/release", views.information_give, name="information-give"),
    path(f"{INFO}/<str:reference>/onward-outcome", views.information_onward_outcome, name="information-onward-outcome"),
    path(f"{INFO}/<str:reference>/undertaking", views.information_undertaking, name="information-undertaking"),
    path(f"{INFO}/<str:reference>/copy", views.information_copy_request, name="information-copy-request"),
    path(f"{INFO}/<str:reference>/copies/<int:copy_id>", views.information_copy_decide, name="information-copy-decide"),
    path(f"{REFERRAL}/decide", views.referral_decide_view, name="referral-decide"),
    path(f"{REFERRAL}/advice", views.referral_advice_view, name="referral-advice"),
    path(f"{REFERRAL}/interest", views.referral_interest_view, name="referral-interest"),
]
