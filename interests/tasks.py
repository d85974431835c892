"""Celery tasks for the register: thin wrappers that call services."""

from celery import shared_task
from django.utils import timezone

from .services.obligations import obligations_open_due


@shared_task(name="interests.open_registration_obligations", ignore_result=True)
def open_registration_obligations() -> int:
    return obligations_open_due(now=timezone.now())
