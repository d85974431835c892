from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 with a small JSON body when the database answers, 503 when it does not."""
    body = {"time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is "unhealthy", never a 500
        body.update(status="error", database=f"unreachable: {exc.__class__.__name__}")
        return JsonResponse(body, status=503)
    body.update(status="ok", database="ok")
    return JsonResponse(body)
