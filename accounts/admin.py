from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from .models import Absence, ClosureDay, Council, Membership, OfficeTerm, User


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("council", "role", "group", "ward", "starts_on", "ends_on")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = PortalUserCreationForm
    form = PortalUserChangeForm
    ordering = ("full_name",)
    list_display = ("full_name", "email", "is_active", "is_staff")
    search_fields = ("full_name", "email")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = [MembershipInline]


class OfficeTermInline(admin.TabularInline):
    model = OfficeTerm
    extra = 0
    autocomplete_fields = ("holder",)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "nation", "principal_council")
    list_filter = ("kind", "nation")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OfficeTermInline]  # closure days have their own page: saving one recomputes clocks


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "council", "role", "group", "ward", "starts_on", "ends_on")
    list_filter = ("council", "role")
    search_fields = ("user__full_name", "user__email", "group", "ward")
    autocomplete_fields = ("user",)


@admin.register(OfficeTerm)
class OfficeTermAdmin(admin.ModelAdmin):
    list_display = ("council", "office", "committee", "holder", "starts_on", "ends_on")
    list_filter = ("council", "office")
    autocomplete_fields = ("holder",)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("council", "date", "reason")
    list_filter = ("council",)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("user", "starts_on", "ends_on", "reason")
    autocomplete_fields = ("user",)
