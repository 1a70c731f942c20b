"""A database that cannot be reached is an outage, not a bug: every page and API answer says
so with 503 and Retry-After (clients and load balancers come back), never a bare 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30
OUTAGES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:  # the connection pool's timeout, when the pool is in use (settings.DATABASES)
    from psycopg_pool import PoolTimeout

    OUTAGES = (*OUTAGES, PoolTimeout)
except ImportError:  # pragma: no cover (psycopg-pool is in requirements.txt)
    pass

MESSAGE = "The desk's database cannot be reached just now. Nothing was lost: try again in a minute."


def outage_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Views (desk, API, public) that meet an unreachable database answer 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(request) if isinstance(exception, OUTAGES) else None


def server_error_or_outage(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: an outage met outside a view (a middleware) is a 503 too."""
    if isinstance(sys.exc_info()[1], OUTAGES):
        return outage_response(request)
    return server_error(request, template_name)
