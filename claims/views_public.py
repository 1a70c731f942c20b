"""The public dossiers: no login, served from frozen revisions.

A dossier page is the revision's stored content in a frame rendered once per process: at most
one query, no template rendering per request, the encoded page kept in the process for a few
seconds (a revision never changes; only which one is the latest does), and conditional GET
(ETag, Last-Modified, 304) so that caches and readers fetch it again only when it changed.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape, format_html
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.models import DossierRevision
from claims.services.dossiers import diff_snapshots

_TITLE_SLOT, _CONTENT_SLOT = "@@dossier-title@@", "@@dossier-content@@"
# The latest revision may be replaced at any moment: caches check back after a minute. A
# revision page only gains a "newer revision" notice; its JSON export never changes.
LATEST_MAX_AGE, REVISION_MAX_AGE, EXPORT_MAX_AGE = 60, 600, 365 * 24 * 3600
MAX_REVISION = 10**6  # larger numbers in a url are no revision (and overflow the database)


def _frame() -> tuple[str, str, str, str]:
    """The page around a revision's content: head, middle, tail, and a hash of them (a deploy
    that changes the frame changes every page's ETag)."""
    page = render_to_string(
        "dossiers/page.html",
        {"title_slot": _TITLE_SLOT, "content_slot": _CONTENT_SLOT, "publisher_name": settings.PUBLISHER_NAME},
    )
    head, rest = page.split(_TITLE_SLOT)
    middle, tail = rest.split(_CONTENT_SLOT)
    return head, middle, tail, hashlib.sha256(page.encode()).hexdigest()[:12]


_cached_frame = functools.cache(_frame)


def page_frame() -> tuple[str, str, str, str]:
    return _frame() if settings.DEBUG else _cached_frame()  # templates change while developing


def _conditional(request: HttpRequest, etag: str, last_modified, render_body) -> HttpResponse:
    """`render_body()`, or 304 when the client's copy is current; with the validators."""
    etag = f'"{etag}"'
    timestamp = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = render_body()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    return response


@dataclass(frozen=True)
class _Page:
    """A dossier page ready to send: its bytes and validators."""

    content: bytes
    etag: str
    last_modified: int  # a Unix timestamp
    expires: float  # time.monotonic() after which it is read from the database again


# The pages a process served lately, by (slug, revision number or None for the latest). A
# published revision never changes: only which one is the latest does, and a process learns of
# it within DOSSIER_PAGE_CACHE_SECONDS (at once in the process that published it).
_pages: OrderedDict[tuple[str, int | None], _Page] = OrderedDict()
_pages_lock = threading.Lock()
_PAGES_KEPT = 32


def dossier_pages_forget() -> None:
    with _pages_lock:
        _pages.clear()


def _build_page(row: dict, *, latest_number: int, latest_at) -> _Page:
    """A revision's page. It changes when a newer revision comes (the notice), so its ETag and
    Last-Modified are the latest revision's."""
    slug, number = row["story__slug"], row["number"]
    head, middle, tail, frame = page_frame()
    notice = ""
    if number != latest_number:
        notice = format_html(
            '<p class="notice" role="status">You are reading revision {} of this dossier. '
            '<a href="{}">Read the latest revision ({})</a>.</p>',
            number,
            reverse("dossiers:latest", args=[slug]),
            latest_number,
        )
    title = escape(f"{row['title']} · {settings.PUBLISHER_NAME}")
    return _Page(
        content=(head + title + middle + notice + row["html"] + tail).encode(),
        etag=f'"{row["etag"]}-{latest_number}-{frame}"',
        last_modified=int(latest_at.timestamp()),
        expires=time.monotonic() + settings.DOSSIER_PAGE_CACHE_SECONDS,
    )


def _serve_page(request: HttpRequest, key: tuple[str, int | None], load, *, max_age: int) -> HttpResponse:
    with _pages_lock:
        page = _pages.get(key)
    if page is None or page.expires < time.monotonic():
        page = load()
        with _pages_lock:
            _pages[key] = page
            _pages.move_to_end(key)
            while len(_pages) > _PAGES_KEPT:
                _pages.popitem(last=False)
    response = get_conditional_response(request, etag=page.etag, last_modified=page.last_modified)
    if response is None:
        response = HttpResponse(page.content)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=max_age)
    return response


_PAGE_FIELDS = ("number", "html", "etag", "published_at", "story__slug", "title")
# The story's title as published (its live title may have changed since, unpublished).
_TITLE = KT("snapshot__story__title")


@require_safe
def dossier_latest(request: HttpRequest, slug: str) -> HttpResponse:
    def load() -> _Page:
        row = (
            DossierRevision.objects.filter(story__slug=slug)
            .order_by("-number")
            .annotate(title=_TITLE)
            .values(*_PAGE_FIELDS)
            .first()
        )
        if row is None:
            raise Http404("No dossier is published at this address.")
        return _build_page(row, latest_number=row["number"], latest_at=row["published_at"])

    return _serve_page(request, (slug, None), load, max_age=LATEST_MAX_AGE)


@require_safe
def dossier_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def load() -> _Page:
        latest = DossierRevision.objects.filter(story=OuterRef("story")).order_by("-number")
        row = (
            DossierRevision.objects.filter(story__slug=slug, number=number)
            .annotate(
                title=_TITLE,
                latest_number=Subquery(latest.values("number")[:1]),
                latest_at=Subquery(latest.values("published_at")[:1]),
            )
            .values(*_PAGE_FIELDS, "latest_number", "latest_at")
            .first()
        )
        if row is None:
            raise Http404("This dossier has no such revision.")
        return _build_page(row, latest_number=row["latest_number"], latest_at=row["latest_at"])

    if number > MAX_REVISION:
        raise Http404("This dossier has no such revision.")
    return _serve_page(request, (slug, number), load, max_age=REVISION_MAX_AGE)


@require_safe
def dossier_export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The revision's snapshot as JSON: what its page and its markup were built from."""
    revision = get_object_or_404(
        DossierRevision.objects.only("snapshot", "etag", "published_at"), story__slug=slug, number=number
    )

    def body() -> HttpResponse:
        return JsonResponse(revision.snapshot, json_dumps_params={"ensure_ascii": False})

    response = _conditional(request, f"{revision.etag}-json", revision.published_at, body)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    patch_cache_control(response, public=True, max_age=EXPORT_MAX_AGE, immutable=True)
    return response


@require_safe
def dossier_index(request: HttpRequest) -> HttpResponse:
    latest = DossierRevision.objects.filter(story=OuterRef("story")).order_by("-number").values("number")[:1]
    stories = (
        DossierRevision.objects.filter(number=Subquery(latest))
        .annotate(title=_TITLE, summary=KT("snapshot__story__summary"))
        .values("story__slug", "number", "published_at", "title", "summary")
        .order_by("-published_at")
    )
    response = render(
        request, "dossiers/index.html", {"stories": stories, "publisher_name": settings.PUBLISHER_NAME}
    )
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


@require_safe
def dossier_revisions(request: HttpRequest, slug: str) -> HttpResponse:
    revisions = list(
        DossierRevision.objects.filter(story__slug=slug)
        .order_by("-number")
        .annotate(title=_TITLE)
        .values("number", "published_at", "change_note", "is_correction", "title")
    )
    if not revisions:
        raise Http404("No dossier is published at this address.")
    response = render(
        request,
        "dossiers/revisions.html",
        {
            "slug": slug,
            "title": revisions[0]["title"],
            "revisions": revisions,
            "publisher_name": settings.PUBLISHER_NAME,
        },
    )
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


@require_safe
def dossier_compare(request: HttpRequest, slug: str, old: int, new: int) -> HttpResponse:
    """What changed between two revisions, from their snapshots."""
    if not 0 < old < new <= MAX_REVISION:
        raise Http404("Compare an earlier revision with a later one of this dossier.")
    snapshots = dict(
        DossierRevision.objects.filter(story__slug=slug, number__in=[old, new]).values_list(
            "number", "snapshot"
        )
    )
    if len(snapshots) != 2:
        raise Http404("Compare an earlier revision with a later one of this dossier.")
    response = render(
        request,
        "dossiers/compare.html",
        {
            "slug": slug,
            "title": snapshots[new]["story"]["title"],
            "old": old,
            "new": new,
            "changes": diff_snapshots(snapshots[old], snapshots[new]),
            "publisher_name": settings.PUBLISHER_NAME,
        },
    )
    patch_cache_control(response, public=True, max_age=REVISION_MAX_AGE)
    return response
