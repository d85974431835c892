"""Run one deadline sweep now, as the beat does every minute, and say how many steps it took.

    python manage.py sweep_deadlines
    steps: 3

Safe to run beside a running beat: the sweep claims each deadline with a row lock and a
conditional update, so two sweeps at once escalate nothing twice. `--now` sweeps as if it
were another moment (an ISO 8601 time with its offset), for rehearsals and tests.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from casework.services.escalation import sweep


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CommandError(f"--now must be an ISO 8601 time with its offset, e.g. 2026-11-23T09:00+00:00, not {value!r}")
    return moment


class Command(BaseCommand):
    help = "Escalate every deadline that has come due (one sweep, as the beat runs it) and print the steps taken."

    def add_arguments(self, parser):
        parser.add_argument("--now", metavar="ISO-TIME", help="Sweep as at this moment (default: the clock).")

    def handle(self, *args, now=None, **options):
        steps = sweep(now=_moment(now) if now else None)
        self.stdout.write(f"steps: {steps}")
