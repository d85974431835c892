"""The register's settings in the Django admin. Registers, versions and the rest are changed only
through the services (the portal's pages), so that every change is recorded on the file."""

from django.contrib import admin

from .models import RegisterSettings


@admin.register(RegisterSettings)
class RegisterSettingsAdmin(admin.ModelAdmin):
    list_display = ("council", "obligations_from", "annual_review_label", "dispensation_max_years")
    list_select_related = ("council",)
    search_fields = ("council__name",)

    @admin.display(description="Annual review")
    def annual_review_label(self, obj):
        return obj.annual_review_label or "—"
