from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from accounts.admin import ClosureDayAdmin as _BaseClosureDayAdmin
from accounts.models import ClosureDay

from .models import ProtocolClause, ProtocolProfile
from .presets import FIXED_ROUTE_NAMES, PRESETS, SETTING_NAMES
from .profiles import profile_apply_preset, profile_reload_clauses
from .services.closures import closure_day_add, closure_day_remove

CLOCK_FIELDS = (
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
ROUTE_FIELDS = (
    "breach_route",
    "referral_route",
    "officer_concern_route",
    "clerk_concern_route",
    "stand_in_order",
)


class ProtocolClauseForm(forms.ModelForm):
    """A section heading may have no text of its own, so the text is optional here."""

    class Meta:
        model = ProtocolClause
        fields = ("profile", "number", "anchor", "heading", "text", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "text" in self.fields:
            self.fields["text"].required = False


class ProtocolClauseInline(admin.TabularInline):
    """The clauses as parsed from the protocol's text: view them here, edit one from its own page."""

    model = ProtocolClause
    extra = 0
    fields = ("number", "heading", "anchor", "text_start")
    readonly_fields = ("number", "heading", "anchor", "text_start")
    show_change_link = True
    can_delete = False

    @admin.display(description="Text")
    def text_start(self, obj):
        return Truncator(obj.text).chars(120)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProtocolProfile)
class ProtocolProfileAdmin(admin.ModelAdmin):
    """Adding needs only the council and the preset: the preset fills the rest, clauses included."""

    list_display = ("council", "preset", "title", "reply_working_days", "clause_count")
    list_filter = ("preset",)
    actions = ["reload_clauses"]
    add_fieldsets = (
        (
            None,
            {
                "fields": ("council", "preset"),
                "description": "Choose the council and the protocol it has adopted. The settings, where each "
                "comes from, and the protocol's clauses are filled in from the preset; you can change the "
                "settings afterwards.",
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("council", "preset", "title")}),
        ("Clocks", {"fields": CLOCK_FIELDS}),
        ("Routes", {"fields": ROUTE_FIELDS}),
        ("Where each setting comes from", {"fields": ("sources_list",)}),
        ("Sources as data", {"fields": ("sources",), "classes": ("collapse",)}),
    )
    readonly_fields = ("sources_list",)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("preset", "sources_list")  # a different preset means a new profile, not an edit

    def get_inlines(self, request, obj):
        return [] if obj is None else [ProtocolClauseInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        with transaction.atomic():
            profile_apply_preset(profile=obj, preset=obj.preset)
            obj.save()
            count = profile_reload_clauses(profile=obj)
        self.message_user(
            request, f"Filled in from the {obj.get_preset_display()} preset, with {count} clauses."
        )

    @admin.display(description="Clauses")
    def clause_count(self, obj):
        return obj.clauses.count()

    @admin.display(description="Sources")
    def sources_list(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        preset = PRESETS.get(obj.preset)
        page = reverse("protocol", kwargs={"slug": obj.council.slug})
        rows = []
        for name in SETTING_NAMES + FIXED_ROUTE_NAMES:
            source = obj.sources.get(name) or {}
            clause, anchor = source.get("clause", ""), source.get("anchor", "")
            if clause and anchor:
                where = format_html('<a href="{}#{}">{}</a>', page, anchor, clause)
            else:
                where = format_html("{}", clause or "No clause")
            if name in SETTING_NAMES:
                label = str(ProtocolProfile._meta.get_field(name).verbose_name).capitalize()
                value = getattr(obj, name)
                shown = _show(value)
                changed = ""
                if preset is not None and value != preset.settings[name]:
                    changed = format_html(
                        " <em>(changed here: the preset gives {})</em>", _show(preset.settings[name])
                    )
            else:
                label = name.replace("_", " ").capitalize()
                shown, changed = "fixed by the portal", ""
            rows.append((label, shown, where, source.get("note", "No source recorded."), changed))
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><strong>{}</strong> = {} — {}: {}{}</li>", rows),
        )

    @admin.action(description="Reload the clauses from the preset's protocol text")
    def reload_clauses(self, request, queryset):
        for profile in queryset:
            count = profile_reload_clauses(profile=profile)
            self.message_user(request, f"{profile.council}: {count} clauses loaded.", messages.SUCCESS)


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "(nobody)"
    if isinstance(value, dict):
        return (
            "; ".join(f"{office} → {', '.join(stand_ins)}" for office, stand_ins in value.items()) or "(none)"
        )
    return str(value)


@admin.register(ProtocolClause)
class ProtocolClauseAdmin(admin.ModelAdmin):
    form = ProtocolClauseForm
    list_display = ("profile", "number", "heading", "anchor")
    list_filter = ("profile__council",)
    search_fields = ("number", "heading", "text")


# Closure days change the working-day calendar, so every running clock at the council is
# recomputed and each move recorded on its case. The admin goes through the services.
admin.site.unregister(ClosureDay)


@admin.register(ClosureDay)
class ClosureDayAdmin(_BaseClosureDayAdmin):
    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            old = ClosureDay.objects.get(pk=obj.pk)
            closure_day_remove(closure=old, actor=request.user, now=timezone.now())
            obj.pk = None
        closure_day_add(council=obj.council, date=obj.date, reason=obj.reason, actor=request.user, now=timezone.now())

    def delete_model(self, request, obj):
        closure_day_remove(closure=obj, actor=request.user, now=timezone.now())

    def delete_queryset(self, request, queryset):
        for closure in queryset:
            closure_day_remove(closure=closure, actor=request.user, now=timezone.now())
