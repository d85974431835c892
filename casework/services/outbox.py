"""Delivering the outbox: email through Django's backend; the same rows are the in-app notifications."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User

from ..models import Notification

log = logging.getLogger(__name__)

# A row left "sending" this long by a worker that died is taken again.
STALE_CLAIM = dt.timedelta(minutes=10)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 minutes... between tries."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


def deliver_one(*, now: dt.datetime) -> bool:
    """Claim one notification that is due, send it, record the outcome. False when none is due."""
    candidate = (
        Notification.objects.filter(
            Q(delivery=Notification.Delivery.PENDING, not_before__lte=now)
            | Q(delivery=Notification.Delivery.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("not_before", "pk")
        .values("pk", "delivery", "attempts")
        .first()
    )
    if candidate is None:
        return False
    claimed = Notification.objects.filter(
        pk=candidate["pk"], delivery=candidate["delivery"], attempts=candidate["attempts"]
    ).update(delivery=Notification.Delivery.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return True  # another worker took it; carry on with the next
    note = Notification.objects.select_related("recipient").get(pk=candidate["pk"])
    try:
        link = f"{settings.PORTAL_BASE_URL}{note.url}" if note.url.startswith("/") else note.url
        send_mail(note.subject, f"{note.body}\n\n{link}", None, [note.recipient.email], fail_silently=False)
    except Exception as exc:  # any delivery failure is recorded and retried, never raised
        failed = note.attempts >= Notification.MAX_ATTEMPTS
        Notification.objects.filter(pk=note.pk).update(
            delivery=Notification.Delivery.FAILED if failed else Notification.Delivery.PENDING,
            not_before=now + backoff(note.attempts),
            last_error=f"{exc.__class__.__name__}: {exc}"[:500],
        )
        log.warning("Notification %s not delivered (attempt %s): %s", note.pk, note.attempts, exc)
        return True
    Notification.objects.filter(pk=note.pk).update(delivery=Notification.Delivery.SENT, sent_at=now, last_error="")
    return True


def deliver_outbox(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    now = now or timezone.now()
    sent = 0
    while sent < limit and deliver_one(now=now):
        sent += 1
    return sent


def notification_mark_read(*, notification: Notification, user: User, now: dt.datetime) -> None:
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(read_at=now)


def notifications_mark_all_read(*, user: User, now: dt.datetime) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True, not_before__lte=now).update(read_at=now)
