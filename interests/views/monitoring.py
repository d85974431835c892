"""The Monitoring Officer's pages: every council they serve, one council's registers, its settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.selectors import councillors_of, councils_served_by
from casework.models import DomainError

from .. import access
from ..forms import SettingsForm
from ..models import Register, RegisterVersion, RegistrationObligation
from ..selectors import disclosures_visible_to, monitoring_register
from ..services.common import settings_peek
from ..services.settings import register_settings_update


@login_required
def register_monitoring(request):
    """Across every council the Monitoring Officer serves: what the register needs from them."""
    today = timezone.localdate()
    councils = list(councils_served_by(user=request.user, on=today))
    if not councils:
        raise Http404("Not a Monitoring Officer")
    return render(
        request,
        "interests/monitoring.html",
        {"councils": councils, "board": monitoring_register(user=request.user, on=today), "today": today},
    )


@login_required
def register_overview(request, slug):
    """One council: each councillor's register, what is waiting, and the disclosures made there."""
    council, roles = access.monitoring_officer_at(request, slug)
    today = timezone.localdate()
    members = list(councillors_of(council=council, on=today))
    registers = {
        r.councillor_id: r
        for r in Register.objects.filter(council=council).select_related("published_version", "case")
    }
    waiting = {
        v.register_id: v
        for v in RegisterVersion.objects.filter(register__council=council, status=RegisterVersion.Status.SUBMITTED)
    }
    open_obligations = {}
    for o in RegistrationObligation.objects.filter(register__council=council, fulfilled_at__isnull=True).order_by("due_on"):
        open_obligations.setdefault(o.register_id, o)
    rows = []
    for m in members:
        register = registers.get(m.user_id)
        rows.append(
            {
                "membership": m,
                "register": register,
                "waiting": waiting.get(register.pk) if register else None,
                "obligation": open_obligations.get(register.pk) if register else None,
            }
        )
    disclosures = list(disclosures_visible_to(council=council, user=request.user, is_monitoring_officer=True))
    return render(
        request,
        "interests/overview.html",
        {
            "council": council,
            "rows": rows,
            "disclosures": disclosures,
            "settings": settings_peek(council=council, today=today),
            "today": today,
        },
    )


@login_required
def register_settings(request, slug):
    council, roles = access.monitoring_officer_at(request, slug)
    today = timezone.localdate()
    current = settings_peek(council=council, today=today)
    if request.method != "POST":
        form = SettingsForm(
            initial={
                "annual_review_day": current.annual_review_day,
                "annual_review_month": current.annual_review_month,
                "dispensation_max_years": current.dispensation_max_years,
            }
        )
        return render(request, "interests/settings_form.html", {"council": council, "form": form, "current": current})
    form = SettingsForm(request.POST)
    context = {"council": council, "form": form, "current": current}
    if not form.is_valid():
        return render(request, "interests/settings_form.html", context, status=400)
    try:
        register_settings_update(
            council=council,
            officer=request.user,
            now=timezone.now(),
            annual_review_month=form.cleaned_data["annual_review_month"],
            annual_review_day=form.cleaned_data["annual_review_day"],
            dispensation_max_years=form.cleaned_data["dispensation_max_years"],
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return render(request, "interests/settings_form.html", context, status=409)
    messages.success(request, f"Register settings for {council.name} saved.")
    return redirect("register-overview", slug=slug)
