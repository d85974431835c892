"""URLs for the register of interests; included from protocol_portal/urls.py."""

from django.urls import path

from .views import monitoring, public, records, register

C = "councils/<slug:slug>/register"

urlpatterns = [
    # Public, no sign-in (s.29 registers are open to inspection).
    path(f"{C}/", public.public_register_page, name="register-public"),
    path("councils/<slug:slug>/register.csv", public.public_register_csv, name="register-public-csv"),
    path("councils/<slug:slug>/register.json", public.public_register_json, name="register-public-json"),
    # The councillor's own register.
    path(f"{C}/mine/", register.register_mine, name="register-mine"),
    path(f"{C}/mine/draft", register.register_draft_start, name="register-draft-start"),
    path(f"{C}/mine/entries/new", register.register_entry_add, name="register-entry-add"),
    path(f"{C}/mine/entries/<int:entry_id>/edit", register.register_entry_edit, name="register-entry-edit"),
    path(f"{C}/mine/entries/<int:entry_id>/remove", register.register_entry_remove, name="register-entry-remove"),
    path(f"{C}/mine/submit", register.register_submit, name="register-submit"),
    path(f"{C}/mine/confirm", register.register_confirm_view, name="register-confirm"),
    path(f"{C}/mine/gifts/new", records.gift_add, name="gift-add"),
    path(f"{C}/mine/declarations/new", records.declaration_add, name="declaration-add"),
    path(f"{C}/mine/dispensations/new", records.dispensation_request_view, name="dispensation-request"),
    # A register and its versions: the councillor and the Monitoring Officer.
    path(f"{C}/members/<int:register_id>/", register.register_member, name="register-member"),
    path(f"{C}/versions/<int:version_id>/", register.register_version, name="register-version"),
    path(f"{C}/versions/<int:version_id>/accept", register.register_version_accept, name="register-version-accept"),
    path(f"{C}/versions/<int:version_id>/return", register.register_version_return, name="register-version-return"),
    path(f"{C}/dispensations/<int:pk>/", records.dispensation_detail, name="dispensation-detail"),
    path(f"{C}/dispensations/<int:pk>/decide", records.dispensation_decide_view, name="dispensation-decide"),
    # Close personal relationships: the person who disclosed it and the Monitoring Officer only.
    path(f"{C}/relationships/new", records.relationship_disclose_view, name="relationship-disclose"),
    path(f"{C}/relationships/<int:pk>/", records.relationship_detail, name="relationship-detail"),
    path(f"{C}/relationships/<int:pk>/acknowledge", records.relationship_acknowledge_view,
         name="relationship-acknowledge"),
    path(f"{C}/relationships/<int:pk>/end", records.relationship_end_view, name="relationship-end"),
    # The Monitoring Officer.
    path(f"{C}/overview", monitoring.register_overview, name="register-overview"),
    path(f"{C}/settings", monitoring.register_settings, name="register-settings"),
    path("monitoring/register/", monitoring.register_monitoring, name="register-monitoring"),
]
