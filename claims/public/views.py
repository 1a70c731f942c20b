"""The public dossiers: no login, served from frozen revisions.

A dossier page is the revision's stored content in a frame rendered once per process: at most
one query, no template rendering per request, the encoded page kept in the process for a few
seconds (a revision never changes; only which one is the latest does), and conditional GET
(ETag, Last-Modified, 304) so that caches and readers fetch it again only when it changed.
"""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from claims.dossiers.diff import diff_snapshots
from claims.models import DossierRevision
from claims.public.pages import (
    EXPORT_MAX_AGE,
    LATEST_MAX_AGE,
    MAX_REVISION,
    REVISION_MAX_AGE,
    Page,
    build_page,
    conditional_response,
    serve_page,
)

_PAGE_FIELDS = ("number", "html", "etag", "published_at", "story__slug", "title")


# The story's title as published (its live title may have changed since, unpublished).
_TITLE = KT("snapshot__story__title")


@require_safe
def dossier_latest(request: HttpRequest, slug: str) -> HttpResponse:
    def load() -> Page:
        row = (
            DossierRevision.objects.filter(story__slug=slug)
            .order_by("-number")
            .annotate(title=_TITLE)
            .values(*_PAGE_FIELDS)
            .first()
        )
        if row is None:
            raise Http404("No dossier is published at this address.")
        return build_page(row, latest_number=row["number"], latest_at=row["published_at"])

    return serve_page(request, (slug, None), load, max_age=LATEST_MAX_AGE)


@require_safe
def dossier_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def load() -> Page:
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
        return build_page(row, latest_number=row["latest_number"], latest_at=row["latest_at"])

    if number > MAX_REVISION:
        raise Http404("This dossier has no such revision.")
    return serve_page(request, (slug, number), load, max_age=REVISION_MAX_AGE)


@require_safe
def dossier_export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The revision's snapshot as JSON: what its page and its markup were built from."""
    revision = get_object_or_404(
        DossierRevision.objects.only("snapshot", "etag", "published_at"), story__slug=slug, number=number
    )

    def body() -> HttpResponse:
        return JsonResponse(revision.snapshot, json_dumps_params={"ensure_ascii": False})

    response = conditional_response(request, f"{revision.etag}-json", revision.published_at, body)
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
        request, "claims/public/index.html", {"stories": stories, "publisher_name": settings.PUBLISHER_NAME}
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
        "claims/public/revisions.html",
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
        "claims/public/compare.html",
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
