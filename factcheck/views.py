from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse

from factcheck.celery import app
from factcheck.outage import OUTAGES


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except OUTAGES as exc:
        return f"unreachable: {type(exc).__name__}"
    return "ok"


def _broker_and_workers() -> tuple[str, str]:
    if app.conf.task_always_eager:
        return "none (tasks run in-process)", "in-process"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # whatever the transport raises when the broker is away
        return f"unreachable: {type(exc).__name__}", "unknown"
    replies = app.control.ping(timeout=settings.READINESS_WORKER_TIMEOUT)
    return "ok", f"{len(replies)} answering" if replies else "none answering"


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, the broker takes connections, and at least one Celery
    worker answered a ping just now (503 with what is missing otherwise)."""
    database = _database()
    broker, workers = _broker_and_workers()
    ready = database == "ok" and not broker.startswith("unreachable") and not workers.startswith("none")
    checks = {"database": database, "broker": broker, "workers": workers}
    response = JsonResponse(
        {"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503
    )
    response["Cache-Control"] = "no-store"
    return response
