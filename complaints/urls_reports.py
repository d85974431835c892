"""URLs for compliance reports and exports; included from protocol_portal/urls.py."""

urlpatterns = []
