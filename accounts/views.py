from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import EmailAuthenticationForm
from .models import Membership
from .selectors import councils_for, councils_served_by


class PortalLoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """Send each person to the page for what they do."""
    today = timezone.localdate()
    if councils_served_by(user=request.user, on=today).exists():
        return redirect("monitoring-home")
    councils = list(councils_for(user=request.user, on=today))
    if len(councils) == 1:
        return redirect("council-home", slug=councils[0].slug)
    return render(request, "accounts/choose_council.html", {"councils": councils})


@login_required
def monitoring_home(request):
    today = timezone.localdate()
    served = councils_served_by(user=request.user, on=today).select_related("principal_council", "protocol_profile")
    councils = list(served)
    if not councils:
        raise Http404("Not a Monitoring Officer")
    appointments = list(
        Membership.objects.current_on(today)
        .filter(user=request.user, role__in=Membership.MONITORING_ROLES)
        .select_related("council")
        .order_by("council__name")
    )
    # A Deputy who is not also the Monitoring Officer anywhere is called the Deputy.
    is_deputy = all(m.role == Membership.Role.DEPUTY_MONITORING_OFFICER for m in appointments)
    context = {
        "councils": councils,
        "role_label": Membership.Role.DEPUTY_MONITORING_OFFICER.label if is_deputy else Membership.Role.MONITORING_OFFICER.label,
        "appointed_at": list(dict.fromkeys(m.council for m in appointments)),
    }
    return render(request, "accounts/home_monitoring.html", context)
