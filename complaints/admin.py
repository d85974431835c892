from django.contrib import admin

from .models import ComplaintArrangements


@admin.register(ComplaintArrangements)
class ComplaintArrangementsAdmin(admin.ModelAdmin):
    """The Monitoring Officer's timescales, per council (a principal council's apply to those it serves)."""

    list_display = (
        "council",
        "acknowledge_working_days",
        "assessment_working_days",
        "outcome_working_days",
        "investigation_calendar_days",
        "review_working_days",
        "concern_response_working_days",
    )
    list_select_related = ("council",)
