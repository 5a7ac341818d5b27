"""Views of the shared core."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    checks: dict[str, str] = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - a health check reports, it does not raise
        checks["database"] = "error"
        status = 503
    if settings.CELERY_BROKER_URL:
        from .celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception:  # noqa: BLE001
            checks["broker"] = "error"
            status = 503
    else:
        checks["broker"] = "in-process"
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "checks": checks}, status=status
    )
