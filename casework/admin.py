from django.contrib import admin

from .models import ProtocolClause, ProtocolProfile


class ProtocolClauseInline(admin.StackedInline):
    model = ProtocolClause
    extra = 0
    fields = ("number", "anchor", "heading", "text", "position")


@admin.register(ProtocolProfile)
class ProtocolProfileAdmin(admin.ModelAdmin):
    list_display = ("council", "preset", "title", "reply_working_days")
    list_filter = ("preset",)
    fieldsets = (
        (None, {"fields": ("council", "preset", "title")}),
        (
            "Clocks",
            {
                "fields": (
                    "reply_working_days",
                    "urgent_reply_working_days",
                    "reminder_working_days_before",
                    "chair_escalation_working_days",
                    "reopen_working_days",
                    "information_request_working_days",
                    "referral_decision_working_days",
                    "breach_review_working_days",
                    "registration_days",
                    "gift_threshold",
                )
            },
        ),
        (
            "Routes",
            {"fields": ("breach_route", "referral_route", "officer_concern_route", "clerk_concern_route", "stand_in_order")},
        ),
        ("Where each setting comes from", {"fields": ("sources",)}),
    )
    inlines = [ProtocolClauseInline]


@admin.register(ProtocolClause)
class ProtocolClauseAdmin(admin.ModelAdmin):
    list_display = ("profile", "number", "heading", "anchor")
    list_filter = ("profile__council",)
    search_fields = ("number", "heading", "text")
