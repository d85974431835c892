"""Work out a deadline from the command line, and say which days it skipped and why.

    python manage.py deadline --nation england --received 2026-01-03 --working-days 7
    due: 2026-01-13
    skipped: 2026-01-04 Sunday
    ...

Options are taken as text and checked here, not by argparse, so that every mistake ends in a
one-line CommandError on stderr instead of a usage block.
"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Council
from casework.calendar import NATIONS, WEEKDAYS, WorkingCalendar, add_working_days, calendar_for_council

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _received(value: str | None) -> dt.date:
    if value is None:
        return timezone.localdate()  # settings.TIME_ZONE is Europe/London
    if ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CommandError(f"--received must be a real date written YYYY-MM-DD, not {value!r}")


def _working_days(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise CommandError(f"--working-days must be a whole number, not {value!r}")
    n = int(value)
    if n < 0:
        raise CommandError(f"--working-days cannot be negative ({n})")
    return n


def _calendar(nation: str | None, council_slug: str | None) -> WorkingCalendar:
    if nation and council_slug:
        raise CommandError("Give either --nation or --council, not both")
    if council_slug:
        council = Council.objects.filter(slug=council_slug).first()
        if council is None:
            raise CommandError(f"No council with the slug {council_slug!r}")
        return calendar_for_council(council)
    if nation:
        if nation not in NATIONS:
            raise CommandError(f"Unknown nation {nation!r}; choose one of {', '.join(NATIONS)}")
        return WorkingCalendar(nation=nation)
    raise CommandError("Give --nation or --council")


class Command(BaseCommand):
    help = (
        "Print the due date N working days after the date received (day zero), "
        "then each non-working day skipped, with its reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nation", help=f"Bank holidays of this nation: {', '.join(NATIONS)}.")
        parser.add_argument("--council", metavar="SLUG", help="Use this council's nation and closure days.")
        parser.add_argument(
            "--received", metavar="YYYY-MM-DD", help="Date received (default: today in London)."
        )
        parser.add_argument(
            "--working-days", default="7", metavar="N", help="Working days allowed (default 7)."
        )

    def handle(self, *args, nation=None, council=None, received=None, working_days="7", **options):
        calendar = _calendar(nation, council)
        start = _received(received)
        n = _working_days(str(working_days))
        try:
            result = add_working_days(start, n, calendar)
        except OverflowError as exc:
            raise CommandError(f"{n} working days after {start} is beyond the calendar") from exc
        self.stdout.write(f"due: {result.due.isoformat()}")
        for day in result.skipped:
            weekday = WEEKDAYS[day.date.weekday()]
            reason = "" if day.reason == weekday else f" ({day.reason})"
            self.stdout.write(f"skipped: {day.date.isoformat()} {weekday}{reason}")
