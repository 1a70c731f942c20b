"""The reader page (article body with its highlighted claims, and the side panel)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.access import can_edit_article
from articles.models import Article
from claims.access import can_create_claims
from claims.reader.selectors import (
    claim_states,
    claims_for_article,
    highlight_body,
    status_legend,
    verdict_legend,
)
from claims.reader.services import article_current_version
from claims.reader.suggestions import reader_suggestions


def reader_context(request: HttpRequest, article: Article, **extra) -> dict:
    claims = list(claims_for_article(article))
    suggestions, suggestion_count = reader_suggestions(article, existing=claims)
    return {
        "article": article,
        "body_html": highlight_body(article.body, claims, claim_states(claims)),
        "status_legend": status_legend(claims),
        "verdict_legend": verdict_legend(claims),
        "claims": [c for c in claims if not c.is_orphaned],
        "orphaned": [c for c in claims if c.is_orphaned],
        "suggestions": suggestions,
        "suggestion_count": suggestion_count,
        "can_create": can_create_claims(request.user),
        "can_edit_article": can_edit_article(request.user),
        "version": article_current_version(article),
        **extra,
    }


def render_reader(request: HttpRequest, article: Article, **extra) -> HttpResponse:
    """The whole page, or for htmx the reader fragment (body and side panel) it swaps in."""
    template = "claims/reader/_partials/reader.html" if request.htmx else "claims/reader/reader.html"
    return render(request, template, reader_context(request, article, **extra))


def render_claim_form(request: HttpRequest, context: dict) -> HttpResponse:
    """The claim form in the reader's side panel (htmx), or on a page of its own (a 409 when
    it shows the claims the new one would duplicate, a 400 with other errors)."""
    if not request.htmx:
        status = 409 if context.get("duplicates") else 400 if context["form"].errors else 200
        return render(request, "claims/reader/claim_form_page.html", context, status=status)
    response = render(request, "claims/reader/_partials/claim_form.html", context)
    response["HX-Retarget"] = "#claim-form-slot"
    response["HX-Reswap"] = "innerHTML"
    return response
