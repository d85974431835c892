import datetime as dt

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from casework.models import Heartbeat
from casework.services.escalation import SWEEP_HEARTBEAT

# The sweep runs every minute; five minutes of silence means the beat or the worker is down.
STALE_AFTER = dt.timedelta(minutes=5)


@never_cache
def healthz(request):
    """200 when the database answers and the deadline sweep ran in the last five minutes; 503 otherwise."""
    now = timezone.now()
    body = {"time": now.isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        beat = Heartbeat.objects.filter(name=SWEEP_HEARTBEAT).first()
    except Exception as exc:  # any database failure is "unhealthy", never a 500
        body.update(status="error", database=f"unreachable: {exc.__class__.__name__}")
        return JsonResponse(body, status=503)
    body["database"] = "ok"
    if beat is None:
        body.update(status="error", sweep="the deadline sweep has never run", last_sweep=None)
        return JsonResponse(body, status=503)
    body["last_sweep"] = beat.last_run_at.isoformat()
    if now - beat.last_run_at > STALE_AFTER:
        body.update(status="error", sweep="stale: the deadline sweep has not run for over five minutes")
        return JsonResponse(body, status=503)
    body.update(status="ok", sweep="ok")
    return JsonResponse(body)
