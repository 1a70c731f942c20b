"""Published dossier pages served before the desk's session, authentication, two-factor and
audit middleware: a reader's request needs none of them (no login, no session read or set,
nothing written), so a page costs about what a static file costs (bench/README.md). The page's
interface follows the reader's language as LocaleMiddleware would choose it (the
django_language cookie, else Accept-Language)."""

import re

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from claims.public.views import dossier_latest, dossier_revision
from claims.stories.services import RESERVED_SLUGS

PAGE = re.compile(r"^/dossiers/(?P<slug>[-\w]+)/(?:v(?P<number>\d+)/)?$")


class DossierPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = PAGE.match(request.path_info) if request.method in ("GET", "HEAD") else None
        if match is None or match["slug"] in RESERVED_SLUGS:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            try:
                if match["number"]:
                    response = dossier_revision(request, match["slug"], int(match["number"]))
                else:
                    response = dossier_latest(request, match["slug"])
            except Http404 as exc:
                # The "not found" page in the reader's language too, which varies like the page.
                response = response_for_exception(request, exc)
                patch_vary_headers(response, ["Accept-Language", "Cookie"])
                response["Content-Language"] = language
        response.setdefault("X-Frame-Options", "DENY")  # XFrameOptionsMiddleware is not passed
        return response
