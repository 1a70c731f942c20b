"""A NUL byte in a page's address or query is a malformed request: 400, never a 500 (PostgreSQL
refuses NUL in text, so a filter such as the admin's ?language=%00 would reach it and fail).
Forms already refuse NUL in what they read (Django's ProhibitNullCharactersValidator); the API
refuses it parameter by parameter, naming the parameter (claims/api, articles/api)."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

MESSAGE = "A request may not contain NUL bytes."


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and (
            "\x00" in request.path or any("\x00" in key + value for key, value in request.GET.items())
        ):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
