"""The public dossiers: no login, served from frozen revisions.

A dossier page is the revision's stored content in a frame rendered once per process: at most
one query, no template rendering per request, the encoded page kept in the process for a few
seconds (a revision never changes; only which one is the latest does), and conditional GET
(ETag, Last-Modified, 304) so that caches and readers fetch it again only when it changed.
"""

import re
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
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

_PAGE_FIELDS = ("number", "html", "etag", "published_at", "story__slug", "title", "summary")


# The story's title as published (its live title may have changed since, unpublished).
_TITLE = KT("snapshot__story__title")
# For the page's head (its Open Graph card and the facts other sites can embed), in the same query.
_HEAD = {"summary": KT("snapshot__story__summary")}


@require_safe
def dossier_latest(request: HttpRequest, slug: str) -> HttpResponse:
    def load() -> Page:
        row = (
            DossierRevision.objects.filter(story__slug=slug)
            .order_by("-number")
            .annotate(title=_TITLE, **_HEAD)
            .values(*_PAGE_FIELDS)
            .first()
        )
        if row is None:
            raise Http404("No dossier is published at this address.")
        return build_page(row, latest_number=row["number"], latest_at=row["published_at"], language=language)

    language = get_language()
    return serve_page(request, (slug, None, language), load, max_age=LATEST_MAX_AGE)


@require_safe
def dossier_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def load() -> Page:
        latest = DossierRevision.objects.filter(story=OuterRef("story")).order_by("-number")
        row = (
            DossierRevision.objects.filter(story__slug=slug, number=number)
            .annotate(
                title=_TITLE,
                **_HEAD,
                latest_number=Subquery(latest.values("number")[:1]),
                latest_at=Subquery(latest.values("published_at")[:1]),
            )
            .values(*_PAGE_FIELDS, "latest_number", "latest_at")
            .first()
        )
        if row is None:
            raise Http404("This dossier has no such revision.")
        return build_page(
            row, latest_number=row["latest_number"], latest_at=row["latest_at"], language=language
        )

    if number > MAX_REVISION:
        raise Http404("This dossier has no such revision.")
    language = get_language()
    return serve_page(request, (slug, number, language), load, max_age=REVISION_MAX_AGE)


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
        request,
        "claims/public/index.html",
        {
            "stories": stories,
            "publisher_name": settings.PUBLISHER_NAME,
            "desk_language": settings.DESK_LANGUAGE,
        },
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
            "desk_language": settings.DESK_LANGUAGE,
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
            "change_note": snapshots[new].get("change_note", ""),
            "publisher_name": settings.PUBLISHER_NAME,
            "desk_language": settings.DESK_LANGUAGE,
        },
    )
    patch_cache_control(response, public=True, max_age=REVISION_MAX_AGE)
    return response


def _published_fact(slug: str, number: int, fact_id: int) -> tuple[dict, dict]:
    """The snapshot of revision `number` and its fact `fact_id`, or 404."""
    if number > MAX_REVISION:
        raise Http404("This dossier has no such revision.")
    snapshot = get_object_or_404(
        DossierRevision.objects.values_list("snapshot", flat=True), story__slug=slug, number=number
    )
    fact = next((fact for fact in snapshot["facts"] if fact["id"] == fact_id), None)
    if fact is None:
        raise Http404("This revision has no such fact.")
    return snapshot, fact


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def fact_embed(request: HttpRequest, slug: str, number: int, fact_id: int) -> HttpResponse:
    """A fact as a small card other sites may show in an iframe (the only page that any site may
    frame): its statement, verdict and a link to it in the dossier."""
    snapshot, fact = _published_fact(slug, number, fact_id)
    claims = [claim for article in fact["articles"] for claim in article["claims"]]
    response = render(
        request,
        "claims/public/embed.html",
        {
            "story": snapshot["story"],
            "number": number,
            "fact": fact,
            "claims": len(claims),
            "articles": len(fact["articles"]),
            "permalink": f"{settings.PUBLIC_URL}{reverse('dossiers:revision', args=[slug, number])}#fact-{fact_id}",
            "publisher_name": settings.PUBLISHER_NAME,
            "desk_language": settings.DESK_LANGUAGE,
        },
    )
    patch_cache_control(response, public=True, max_age=REVISION_MAX_AGE)
    return response


EMBED_WIDTH, EMBED_HEIGHT = 560, 320


def _embedded_fact(url: str) -> tuple[str, int, int] | None:
    """(slug, revision, fact) that a url of this desk names: a fact's permalink
    (`/dossiers/<slug>/v<n>/#fact-<id>`, or the latest revision's) or its embeddable card."""
    parts = urlsplit(url)
    origin = urlsplit(settings.PUBLIC_URL)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kwargs = match.kwargs
    if match.view_name == "dossiers:fact-embed":
        return kwargs["slug"], kwargs["number"], kwargs["fact_id"]
    fact = re.fullmatch(r"fact-(\d{1,12})", parts.fragment)
    if fact is None or match.view_name not in ("dossiers:revision", "dossiers:latest"):
        return None
    number = kwargs.get("number") or (
        DossierRevision.objects.filter(story__slug=kwargs["slug"])
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (kwargs["slug"], number, int(fact.group(1))) if number else None


def _dimension(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    return max(1, min(default, int(value))) if value.isdigit() else default


@require_safe
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com/) for a published fact: its embeddable card as a "rich" iframe.
    Its own words (the iframe's accessible name, an error) follow the reader's language; the
    fact's title stays as the desk wrote it."""
    if request.GET.get("format", "json") != "json":
        response = HttpResponse(
            _("Only the JSON format is served."), status=501, content_type="text/plain; charset=utf-8"
        )
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response
    found = _embedded_fact(request.GET.get("url", ""))
    if found is None:
        raise Http404("This url is not a published fact of this desk.")
    slug, number, fact_id = found
    snapshot, fact = _published_fact(slug, number, fact_id)
    width = _dimension(request, "maxwidth", EMBED_WIDTH)
    height = _dimension(request, "maxheight", EMBED_HEIGHT)
    src = f"{settings.PUBLIC_URL}{reverse('dossiers:fact-embed', args=[slug, number, fact_id])}"
    title = f"{fact['statement']} · {snapshot['story']['title']}"
    frame_title = _("Fact-check by %(publisher)s: %(title)s") % {
        "publisher": settings.PUBLISHER_NAME,
        "title": title,
    }
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": settings.PUBLISHER_NAME,
            "provider_url": f"{settings.PUBLIC_URL}/",
            "width": width,
            "height": height,
            "cache_age": REVISION_MAX_AGE,
            "html": format_html(
                '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
                'style="border:0;max-width:100%"></iframe>',
                src,
                width,
                height,
                frame_title,
            ),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, public=True, max_age=REVISION_MAX_AGE)
    return response
