import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "protocol_portal.settings")

app = Celery("protocol_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job is declared here, with the rule it enforces. Intervals in
# UTC, never local-time crontabs: a clock lives in the database, the beat only
# wakes the sweep.
app.conf.beat_schedule = {}
