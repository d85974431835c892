from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import EmailAuthenticationForm
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
