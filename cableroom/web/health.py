"""The health check for load balancers and uptime monitors."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 with the database vendor when the database answers a query, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": connection.vendor, "error": str(error)[:200]},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": connection.vendor})
