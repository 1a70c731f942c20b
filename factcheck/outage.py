"""A database that cannot be reached is an outage, not a bug: every page and API answer says
so with 503 and Retry-After (clients and load balancers come back), never a bare 500."""

import logging
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30
OUTAGES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:  # the connection pool's timeout, when the pool is in use (settings.DATABASES)
    from psycopg_pool import PoolTimeout

    OUTAGES = (*OUTAGES, PoolTimeout)
except ImportError:  # pragma: no cover (psycopg-pool is in requirements.txt)
    pass

MESSAGE = _("The desk's database cannot be reached just now. Nothing was lost: try again in a minute.")
logger = logging.getLogger(__name__)


def is_outage(exception: BaseException) -> bool:
    """Whether the database is away (or busy), rather than a query being wrong. SQLite reports
    a missing function or table as an OperationalError too: those are bugs, not outages."""
    if not isinstance(exception, OUTAGES):
        return False
    if isinstance(exception, OperationalError) and connection.vendor == "sqlite":
        return any(word in str(exception) for word in ("locked", "unable to open", "disk I/O"))
    return True


def outage_response(request: HttpRequest) -> HttpResponse:
    # In the reader's language: an outage met before LocaleMiddleware has not chosen it yet.
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": str(MESSAGE)}, status=503)
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
        if not is_outage(exception):
            return None
        logger.error("database outage answered 503: %r", exception)
        return outage_response(request)


def server_error_or_outage(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: an outage met outside a view (a middleware) is a 503 too."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return outage_response(request)
    return server_error(request, template_name)
