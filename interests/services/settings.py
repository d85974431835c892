"""A council's register settings, changed by the Monitoring Officer who keeps the register."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Council, User
from casework.models import DomainError

from ..models import RegisterSettings
from .common import require_monitoring_officer, settings_for, today


@transaction.atomic
def register_settings_update(
    *,
    council: Council,
    officer: User,
    now: dt.datetime,
    annual_review_month: int | None,
    annual_review_day: int | None,
    dispensation_max_years: int,
) -> RegisterSettings:
    require_monitoring_officer(user=officer, council=council, on=today(now))
    settings = settings_for(council=council, today=today(now))
    settings.annual_review_month = annual_review_month
    settings.annual_review_day = annual_review_day
    settings.dispensation_max_years = dispensation_max_years
    try:
        settings.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    settings.save()
    return settings
