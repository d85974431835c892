"""URLs for councillor enquiries and case attachments; included from protocol_portal/urls.py."""

from django.urls import path

from .views import enquiries

urlpatterns = [
    path("councils/<slug:slug>/enquiries/", enquiries.enquiry_queue_view, name="enquiry-queue"),
    path("councils/<slug:slug>/enquiries/new", enquiries.enquiry_new, name="enquiry-new"),
    path("councils/<slug:slug>/enquiries/<str:reference>/reply", enquiries.enquiry_reply_view, name="enquiry-reply"),
    path(
        "councils/<slug:slug>/enquiries/<str:reference>/interim-reply",
        enquiries.enquiry_interim_view,
        name="enquiry-interim",
    ),
    path("councils/<slug:slug>/enquiries/<str:reference>/accept", enquiries.enquiry_accept_view, name="enquiry-accept"),
    path("councils/<slug:slug>/enquiries/<str:reference>/reopen", enquiries.enquiry_reopen_view, name="enquiry-reopen"),
    path(
        "councils/<slug:slug>/cases/<str:reference>/attachments/<int:attachment>",
        enquiries.attachment_download,
        name="attachment-download",
    ),
]
