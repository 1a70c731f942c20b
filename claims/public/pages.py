"""The public dossier pages as served: a revision's stored content in a frame, kept in the
process for a few seconds, with conditional GET (ETag, Last-Modified, 304), and gzip: a page is
compressed once when it is built, and each encoding has its own ETag.
"""

import atexit
import contextlib
import gzip
import os
import re
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.dispatch import receiver
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import http_date
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from claims.dossiers.markup import ORIGIN, absolute
from claims.dossiers.publish import revision_published
from claims.dossiers.render import PATH_SLOT, page_frame, render_dossier
from claims.models import DossierRevision
from factcheck.outage import OUTAGES

# The latest revision may be replaced at any moment: caches check back after a minute. A
# revision page only gains a "newer revision" notice; its JSON export never changes.
LATEST_MAX_AGE, REVISION_MAX_AGE, EXPORT_MAX_AGE = 60, 600, 365 * 24 * 3600
MAX_REVISION = 10**6  # larger numbers in a url are no revision (and overflow the database)


GZIP_LEVEL = 6


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client takes gzip: named (or `*`) in Accept-Encoding without q=0."""
    accepted: dict[str, float] = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.strip().lower().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        accepted[name.strip()] = q
    return accepted.get("gzip", accepted.get("x-gzip", accepted.get("*", 0.0))) > 0


def compress(content: bytes) -> bytes:
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def _gzip_etag(etag: str) -> str:
    """The compressed variant's own (strong) validator: `"abc"` → `"abc-gz"`."""
    return f'{etag[:-1]}-gz"'


def _encoded(response: HttpResponse, content: bytes, gzipped: bytes | None) -> HttpResponse:
    """The response's body: the compressed bytes when there are some, else the bytes as they are."""
    if gzipped is not None:
        response.content = gzipped
        response["Content-Encoding"] = "gzip"
    else:
        response.content = content
    response["Content-Length"] = str(len(response.content))
    return response


def conditional_response(request: HttpRequest, etag: str, last_modified, render_body) -> HttpResponse:
    """`render_body()`, or 304 when the client's copy is current; with the validators, and
    compressed for clients that take gzip (a distinct ETag for that variant)."""
    etag = f'"{etag}"'
    zipped = accepts_gzip(request)
    if zipped:
        etag = _gzip_etag(etag)
    timestamp = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = render_body()
        if zipped:
            _encoded(response, b"", compress(response.content))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@dataclass(frozen=True)
class Page:
    """A dossier page ready to send: its bytes and validators."""

    content: bytes
    etag: str
    last_modified: int  # a Unix timestamp
    expires: float  # time.monotonic() after which it is read from the database again
    gzipped: bytes | None = None  # the content compressed once, for clients that take gzip
    path: str | None = None  # a large page's content also as a file, sent with sendfile


# A page this large is also written to a file of the process's own, which the server sends with
# sendfile (wsgi.file_wrapper) as it sends static files, instead of copying it through Python.
LARGE_PAGE = 256 * 1024
_page_files: str | None = None


def _page_file(content: bytes) -> str | None:
    """A file holding `content` in this process's page directory (made on first use, removed
    at exit), or None when it cannot be written: the page is then sent from memory."""
    global _page_files
    try:
        if _page_files is None:
            _page_files = tempfile.mkdtemp(prefix="dossier-pages-")
            atexit.register(shutil.rmtree, _page_files, ignore_errors=True)
        with tempfile.NamedTemporaryFile(dir=_page_files, suffix=".html", delete=False) as file:
            file.write(content)
        return file.name
    except OSError:
        return None


def _forget_file(page: Page | None) -> None:
    """Remove a page's file once the page is no longer kept (a response still sending it keeps
    its open file)."""
    if page is not None and page.path:
        with contextlib.suppress(OSError):
            os.unlink(page.path)


# The pages a process served lately, by (slug, revision number or None for the latest, interface
# language). A
# published revision never changes: only which one is the latest does, and a process learns of
# it within DOSSIER_PAGE_CACHE_SECONDS (at once in the process that published it).
_pages: OrderedDict[tuple[str, int | None, str], Page] = OrderedDict()


_pages_lock = threading.Lock()


_PAGES_KEPT = 32


@receiver(revision_published)
def dossier_pages_forget(**kwargs) -> None:
    """A new revision: this process serves it at once (others within the cache's lifetime)."""
    with _pages_lock:
        forgotten = list(_pages.values())
        _pages.clear()
    for page in forgotten:
        _forget_file(page)


FACT_ANCHOR = re.compile(r'<div class="fact-body" id="fact-(\d+)"')


def head_meta(row: dict) -> str:
    """What the page's head says of this revision: Open Graph and Twitter card metadata (title,
    the story's summary, its address, the publisher) and the oEmbed discovery of each fact
    (found in the revision's stored page, once, when the page is built: no database-specific
    JSON function), whose embeddable card other sites can show. Urls hold ORIGIN."""
    slug, number = row["story__slug"], row["number"]
    page = absolute(reverse("dossiers:revision", args=[slug, number]))
    description = Truncator(" ".join((row.get("summary") or row["title"]).split())).chars(200)
    meta = [
        ("og:type", "article"),
        ("og:title", row["title"]),
        ("og:description", description),
        ("og:url", page),
        ("og:site_name", settings.PUBLISHER_NAME),
    ]
    twitter = [
        ("twitter:card", "summary"),
        ("twitter:title", row["title"]),
        ("twitter:description", description),
    ]
    oembed = absolute(reverse("dossiers:oembed"))
    return (
        format_html('<meta name="description" content="{}">', description)
        + format_html_join("", '<meta property="{}" content="{}">', meta)
        + format_html_join("", '<meta name="{}" content="{}">', twitter)
        + format_html_join(
            "",
            '<link rel="alternate" type="application/json+oembed" href="{}?url={}&amp;format=json" title="{}">',
            (
                (oembed, quote(f"{page}#fact-{fact_id}", safe=":/@"), _("Fact %(id)s") % {"id": fact_id})
                for fact_id in FACT_ANCHOR.findall(row["html"])
            ),
        )
    )


# A revision's content with its interface in another language than the stored one, rendered
# again from its snapshot once per process, by (revision etag, language): it never changes.
_localized: OrderedDict[tuple[str, str], str] = OrderedDict()
_localized_lock = threading.Lock()


def revision_html(row: dict, language: str) -> str:
    """The revision's content, its interface in `language`: the stored html (rendered in the
    site's default language when it was published), or rendered from its snapshot."""
    if language == settings.LANGUAGE_CODE:
        return row["html"]
    key = (row["etag"], language)
    with _localized_lock:
        html = _localized.get(key)
    if html is None:
        snapshot = (
            DossierRevision.objects.filter(story__slug=row["story__slug"], number=row["number"])
            .values_list("snapshot", flat=True)
            .get()
        )
        html = render_dossier(snapshot, language=language)
        with _localized_lock:
            _localized[key] = html
            while len(_localized) > _PAGES_KEPT:
                _localized.popitem(last=False)
    return html


def build_page(row: dict, *, latest_number: int, latest_at, language: str | None = None) -> Page:
    """A revision's page, its interface in `language`. It changes when a newer revision comes
    (the notice), so its ETag and Last-Modified are the latest revision's."""
    language = language or settings.LANGUAGE_CODE
    slug, number = row["story__slug"], row["number"]
    head, middle, tail, frame = page_frame(language)
    if number == latest_number:
        page_path = reverse("dossiers:latest", args=[slug])
    else:
        page_path = reverse("dossiers:revision", args=[slug, number])
    middle = middle.replace("</head>", head_meta(row) + "</head>", 1).replace(PATH_SLOT, escape(page_path))
    notice = ""
    if number != latest_number:
        with override(language):
            notice = format_html(
                '<p class="notice" role="status">{} <a href="{}">{}</a>.</p>',
                _("You are reading revision %(number)s of this dossier.") % {"number": number},
                reverse("dossiers:latest", args=[slug]),
                _("Read the latest revision (%(number)s)") % {"number": latest_number},
            )
    title = escape(f"{row['title']} · {settings.PUBLISHER_NAME}")
    # The stored page names no host (its markup holds ORIGIN): this desk's public address.
    html = revision_html(row, language)
    content = (head + title + middle + notice + html + tail).replace(ORIGIN, settings.PUBLIC_URL).encode()
    return Page(
        content=content,
        etag=f'"{row["etag"]}-{latest_number}-{frame}-{language}"',
        last_modified=int(latest_at.timestamp()),
        expires=time.monotonic() + settings.DOSSIER_PAGE_CACHE_SECONDS,
        gzipped=compress(content),
        path=_page_file(content) if len(content) >= LARGE_PAGE else None,
    )


def _page(key: tuple[str, int | None, str], load) -> Page:
    """The page kept for `key`, or loaded again once its time is up. While the database is
    away the kept page is still served: a published revision never changes."""
    with _pages_lock:
        page = _pages.get(key)
    if page is not None and page.expires >= time.monotonic():
        return page
    try:
        fresh = load()
    except OUTAGES:
        if page is None:
            raise
        return page
    with _pages_lock:
        forgotten = [_pages.get(key)]
        _pages[key] = fresh
        _pages.move_to_end(key)
        while len(_pages) > _PAGES_KEPT:
            forgotten.append(_pages.popitem(last=False)[1])
    for old in forgotten:
        if old is not fresh:
            _forget_file(old)
    return fresh


def _body(page: Page, zipped: bool) -> HttpResponse:
    """The page's 200 response: gzipped from memory, or plain (from its file when it has one)."""
    if not zipped and page.path:
        try:
            file = open(page.path, "rb")  # noqa: SIM115 (closed by the response once sent)
        except OSError:  # the file was removed under us: send the bytes
            pass
        else:
            response = FileResponse(file, content_type="text/html; charset=utf-8")
            del response["Content-Disposition"]  # FileResponse names the file; the page is no download
            return response
    return _encoded(HttpResponse(), page.content, page.gzipped if zipped else None)


def serve_page(request: HttpRequest, key: tuple[str, int | None, str], load, *, max_age: int) -> HttpResponse:
    """The page kept for `key` (slug, number, interface language), with its validators. The
    page varies with the reader's language (Accept-Language, the django_language cookie)."""
    page = _page(key, load)
    zipped = page.gzipped is not None and accepts_gzip(request)
    etag = _gzip_etag(page.etag) if zipped else page.etag
    response = get_conditional_response(request, etag=etag, last_modified=page.last_modified)
    if response is None:
        response = _body(page, zipped)
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language", "Cookie"])
    response["Content-Language"] = key[2]
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=max_age)
    return response
