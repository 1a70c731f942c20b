"""The public dossier pages as served: a revision's stored content in a frame, kept in the
process for a few seconds, with conditional GET (ETag, Last-Modified, 304).
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape, format_html
from django.utils.http import http_date

from claims.dossiers.markup import ORIGIN
from claims.dossiers.publish import revision_published
from claims.dossiers.render import page_frame
from factcheck.outage import OUTAGES

# The latest revision may be replaced at any moment: caches check back after a minute. A
# revision page only gains a "newer revision" notice; its JSON export never changes.
LATEST_MAX_AGE, REVISION_MAX_AGE, EXPORT_MAX_AGE = 60, 600, 365 * 24 * 3600
MAX_REVISION = 10**6  # larger numbers in a url are no revision (and overflow the database)


def conditional_response(request: HttpRequest, etag: str, last_modified, render_body) -> HttpResponse:
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
class Page:
    """A dossier page ready to send: its bytes and validators."""

    content: bytes
    etag: str
    last_modified: int  # a Unix timestamp
    expires: float  # time.monotonic() after which it is read from the database again


# The pages a process served lately, by (slug, revision number or None for the latest). A
# published revision never changes: only which one is the latest does, and a process learns of
# it within DOSSIER_PAGE_CACHE_SECONDS (at once in the process that published it).
_pages: OrderedDict[tuple[str, int | None], Page] = OrderedDict()


_pages_lock = threading.Lock()


_PAGES_KEPT = 32


@receiver(revision_published)
def dossier_pages_forget(**kwargs) -> None:
    """A new revision: this process serves it at once (others within the cache's lifetime)."""
    with _pages_lock:
        _pages.clear()


def build_page(row: dict, *, latest_number: int, latest_at) -> Page:
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
    return Page(
        # The stored page names no host (its markup holds ORIGIN): this desk's public address.
        content=(head + title + middle + notice + row["html"] + tail)
        .replace(ORIGIN, settings.PUBLIC_URL)
        .encode(),
        etag=f'"{row["etag"]}-{latest_number}-{frame}"',
        last_modified=int(latest_at.timestamp()),
        expires=time.monotonic() + settings.DOSSIER_PAGE_CACHE_SECONDS,
    )


def _page(key: tuple[str, int | None], load) -> Page:
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
        _pages[key] = fresh
        _pages.move_to_end(key)
        while len(_pages) > _PAGES_KEPT:
            _pages.popitem(last=False)
    return fresh


def serve_page(request: HttpRequest, key: tuple[str, int | None], load, *, max_age: int) -> HttpResponse:
    page = _page(key, load)
    response = get_conditional_response(request, etag=page.etag, last_modified=page.last_modified)
    if response is None:
        response = HttpResponse(page.content)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=max_age)
    return response
