"""The public dossiers: no login, served from frozen revisions.

A dossier page is the revision's stored content in a frame rendered once per process: one
query, no template rendering per request, and conditional GET (ETag, Last-Modified, 304) so
that caches and readers fetch it again only when a new revision is published.
"""

import functools

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape, format_html
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.models import DossierRevision, Story
from claims.services.dossiers import diff_snapshots

_TITLE_SLOT, _CONTENT_SLOT = "@@dossier-title@@", "@@dossier-content@@"
# The latest revision may be replaced at any moment: caches check back after a minute. A
# revision page only gains a "newer revision" notice; its JSON export never changes.
LATEST_MAX_AGE, REVISION_MAX_AGE, EXPORT_MAX_AGE = 60, 600, 365 * 24 * 3600


def _frame() -> tuple[str, str, str]:
    page = render_to_string(
        "dossiers/page.html",
        {"title_slot": _TITLE_SLOT, "content_slot": _CONTENT_SLOT, "publisher_name": settings.PUBLISHER_NAME},
    )
    head, rest = page.split(_TITLE_SLOT)
    middle, tail = rest.split(_CONTENT_SLOT)
    return head, middle, tail


_cached_frame = functools.cache(_frame)


def _page_frame() -> tuple[str, str, str]:
    return _frame() if settings.DEBUG else _cached_frame()  # templates change while developing


def _conditional(request: HttpRequest, etag: str, last_modified, render_body) -> HttpResponse:
    etag = f'"{etag}"'
    timestamp = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = render_body()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    return response


def _revision_page(request: HttpRequest, row: dict, *, latest_number: int, max_age: int) -> HttpResponse:
    slug, number = row["story__slug"], row["number"]

    def body() -> HttpResponse:
        head, middle, tail = _page_frame()
        notice = ""
        if number != latest_number:
            notice = format_html(
                '<p class="notice" role="status">You are reading revision {} of this dossier. '
                '<a href="{}">Read the latest revision ({})</a>.</p>',
                number,
                reverse("dossiers:latest", args=[slug]),
                latest_number,
            )
        title = escape(f"{row['story__title']} · {settings.PUBLISHER_NAME}")
        return HttpResponse(head + title + middle + notice + row["html"] + tail)

    response = _conditional(request, f"{row['etag']}-{latest_number}", row["published_at"], body)
    patch_cache_control(response, public=True, max_age=max_age)
    return response


_PAGE_FIELDS = ("number", "html", "etag", "published_at", "story__slug", "story__title")


@require_safe
def dossier_latest(request: HttpRequest, slug: str) -> HttpResponse:
    row = DossierRevision.objects.filter(story__slug=slug).order_by("-number").values(*_PAGE_FIELDS).first()
    if row is None:
        raise Http404("No dossier is published at this address.")
    return _revision_page(request, row, latest_number=row["number"], max_age=LATEST_MAX_AGE)


@require_safe
def dossier_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    latest = DossierRevision.objects.filter(story=OuterRef("story")).order_by("-number").values("number")[:1]
    row = (
        DossierRevision.objects.filter(story__slug=slug, number=number)
        .annotate(latest_number=Subquery(latest))
        .values(*_PAGE_FIELDS, "latest_number")
        .first()
    )
    if row is None:
        raise Http404("This dossier has no such revision.")
    return _revision_page(request, row, latest_number=row["latest_number"], max_age=REVISION_MAX_AGE)


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
    latest = DossierRevision.objects.filter(story=OuterRef("pk")).order_by("-number")
    stories = (
        Story.objects.annotate(latest_number=Max("revisions__number"))
        .filter(latest_number__isnull=False)
        .annotate(latest_at=Subquery(latest.values("published_at")[:1]))
        .order_by("-latest_at")
    )
    response = render(
        request, "dossiers/index.html", {"stories": stories, "publisher_name": settings.PUBLISHER_NAME}
    )
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


@require_safe
def dossier_revisions(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story.objects.only("title", "slug"), slug=slug)
    revisions = list(
        story.revisions.order_by("-number").only("number", "published_at", "change_note", "is_correction")
    )
    if not revisions:
        raise Http404("No dossier is published at this address.")
    response = render(
        request,
        "dossiers/revisions.html",
        {"story": story, "revisions": revisions, "publisher_name": settings.PUBLISHER_NAME},
    )
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


@require_safe
def dossier_compare(request: HttpRequest, slug: str, old: int, new: int) -> HttpResponse:
    """What changed between two revisions, from their snapshots."""
    story = get_object_or_404(Story.objects.only("title", "slug"), slug=slug)
    snapshots = dict(story.revisions.filter(number__in=[old, new]).values_list("number", "snapshot"))
    if old >= new or len(snapshots) != 2:
        raise Http404("Compare an earlier revision with a later one of this dossier.")
    response = render(
        request,
        "dossiers/compare.html",
        {
            "story": story,
            "old": old,
            "new": new,
            "changes": diff_snapshots(snapshots[old], snapshots[new]),
            "publisher_name": settings.PUBLISHER_NAME,
        },
    )
    patch_cache_control(response, public=True, max_age=REVISION_MAX_AGE)
    return response
