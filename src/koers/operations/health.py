"""The health check for the proxy, the orchestrator or the municipality's monitoring.

`GET /gezondheid/` answers 200 with what it checked when Koers can serve, 503 when a part
it needs does not answer. It says nothing about the data, so it is open to anyone.
"""

import structlog
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = structlog.get_logger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


CHECKS = {"database": _database}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure means: not healthy, and why
            log.error("health_check_failed", check=name, error=str(error))
            results[name] = "error"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )
