from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..selectors import unread_notifications
from ..services.outbox import notifications_mark_all_read


@login_required
def notification_list(request):
    now = timezone.now()
    notes = (
        request.user.notifications.filter(not_before__lte=now)
        .select_related("case", "case__council")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "casework/notifications.html",
        {"notes": notes, "unread": unread_notifications(user=request.user, now=now).count()},
    )


@login_required
@require_POST
def notifications_read(request):
    notifications_mark_all_read(user=request.user, now=timezone.now())
    return redirect("notifications")
