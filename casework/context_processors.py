from django.utils import timezone

from .selectors import unread_notifications


def notifications(request):
    """The unread count in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notifications(user=user, now=timezone.now()).count()}
