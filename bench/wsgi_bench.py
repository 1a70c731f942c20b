"""The WSGI application of the dossier benchmark: the desk's, plus one static URL.

    gunicorn bench.wsgi_bench:application     (started by bench/dossier_bench.py)

The desk's own application, settings and middleware, with this module as its URL
configuration: every URL of factcheck.urls as it is, plus /bench/static-dossier/, which answers
with the bytes of the file named by DOSSIER_BENCH_PAGE (the real dossier page, saved before the
server starts), read once when the worker starts. Both go through the same middleware in the
same workers, so the difference between them is the cost of the dossier view itself.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = __name__

PAGE_BYTES = Path(os.environ["DOSSIER_BENCH_PAGE"]).read_bytes()
STATIC_PATH = "bench/static-dossier/"


def static_dossier(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE_BYTES)


urlpatterns = [
    path(STATIC_PATH, static_dossier),
    path("", include("factcheck.urls")),
]
