"""URLs for this area; included from protocol_portal/urls.py."""

urlpatterns = []
