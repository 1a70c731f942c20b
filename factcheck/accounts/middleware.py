from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from factcheck.accounts.client import client_ip
from factcheck.accounts.language import login_language, set_language_cookie
from factcheck.accounts.two_factor import is_verified, needs_second_factor, session_has_device

# What an account may reach before its second factor: the factor itself, leaving, and what
# needs no account at all.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/login/", "/static/", "/dossiers/")
OPEN_PATHS = ("/healthz", "/readyz")


class TwoFactorMiddleware:
    """Sends a signed-in user who needs a second factor to set it up or to enter a code, before
    anything else (API calls on a session get a 403 saying so; API tokens are only issued to
    sessions that passed it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in OPEN_PATHS
            and not is_verified(request)
            and needs_second_factor(request)
        ):
            return self._second_factor(request)
        return self.get_response(request)

    def _second_factor(self, request: HttpRequest) -> HttpResponse:
        step = "verify" if session_has_device(request) else "setup"
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Your account needs its second factor: sign in to the desk and complete it."},
                status=403,
            )
        url = reverse(f"two-factor-{step}")
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


class DeskAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the client address as the rest of the desk reads it
    (auditlog's own trusts the first X-Forwarded-For hop, which a client can write)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class LoginLanguageMiddleware:
    """A login's response sets the language cookie to the language its person chose (found at
    login: factcheck/accounts/signals.py), so the choice follows them to another browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = login_language(request)
        if language:
            set_language_cookie(response, language)
        return response
