import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "protocol_portal.settings")

app = Celery("protocol_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job is declared here, with the rule it enforces. Intervals in
# UTC, never local-time crontabs: a clock lives in the database, the beat only
# wakes the sweep.
app.conf.beat_schedule = {
    # Every clock the protocols set (000 4.4 replies, 9.5 referrals, 18.1 breach reviews...):
    # escalate whatever has come due, one step at a time, and record the heartbeat.
    "sweep-deadlines": {"task": "casework.sweep_deadlines", "schedule": 60.0},
    # Deliver the notification outbox; user actions also wake it on commit.
    "deliver-notifications": {"task": "casework.deliver_notifications", "schedule": 60.0},
    # RULES "Working days": when the bank holidays change (a new holidays release, a one-off
    # holiday), running clocks are recomputed and each move is recorded on its case.
    "recompute-calendars": {"task": "casework.recompute_calendars", "schedule": 6 * 60 * 60.0},
    # Localism Act 2011 ss.30-31 and the Code of Conduct: a councillor's membership starting opens a
    # 28-day obligation to register interests (the start day is day one), and each council's annual
    # review date opens a confirmation for every councillor. Idempotent (a unique key per duty), and
    # counted from the day the duty arose, so a beat that was down loses nothing; hourly so a new
    # member hears on their first day.
    "open-registration-obligations": {"task": "interests.open_registration_obligations", "schedule": 60 * 60.0},
}
