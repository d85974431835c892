"""Celery tasks: thin wrappers that call services. No deadline is ever held in an ETA or countdown."""

from celery import shared_task
from django.utils import timezone

from .services.closures import calendars_recompute_all
from .services.escalation import sweep
from .services.outbox import deliver_outbox


@shared_task(name="casework.sweep_deadlines", ignore_result=True)
def sweep_deadlines() -> int:
    return sweep()


@shared_task(name="casework.deliver_notifications", ignore_result=True)
def deliver_notifications() -> int:
    return deliver_outbox()


@shared_task(name="casework.recompute_calendars", ignore_result=True)
def recompute_calendars() -> int:
    return calendars_recompute_all(now=timezone.now())
