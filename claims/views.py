from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from articles.access import access_article, can_edit_article
from articles.forms import ArticleBodyForm
from articles.models import Article
from claims.access import access_claim, access_claim_for_reattach, can_create_claims
from claims.forms import ClaimEditForm, ClaimForm, SpanForm
from claims.selectors import body_changes, claims_for_article, highlight_body
from claims.services.claims import (
    BodyConflict,
    article_correct_body,
    article_current_version,
    claim_create,
    claim_delete,
    claim_reattach,
    claim_update,
)
from claims.services.suggest import suggest_claims
from claims.services.versions import EditConflict


def _reader_context(request: HttpRequest, article: Article, **extra) -> dict:
    claims = list(claims_for_article(article))
    return {
        "article": article,
        "body_html": highlight_body(article.body, claims),
        "claims": [c for c in claims if not c.is_orphaned],
        "orphaned": [c for c in claims if c.is_orphaned],
        "suggestions": suggest_claims(article.body, article.language, existing=claims),
        "can_create": can_create_claims(request.user),
        "can_edit_article": can_edit_article(request.user),
        "version": article_current_version(article),
        **extra,
    }


def render_reader(request: HttpRequest, article: Article, **extra) -> HttpResponse:
    """The whole page, or for htmx the reader fragment (body and side panel) it swaps in."""
    template = "claims/_partials/reader.html" if request.htmx else "claims/reader.html"
    return render(request, template, _reader_context(request, article, **extra))


def _render_claim_form(request: HttpRequest, context: dict) -> HttpResponse:
    """The claim form in the reader's side panel (htmx), or on a page of its own."""
    if not request.htmx:
        status = 400 if context["form"].errors else 200
        return render(request, "claims/claim_form_page.html", context, status=status)
    response = render(request, "claims/_partials/claim_form.html", context)
    response["HX-Retarget"] = "#claim-form-slot"
    response["HX-Reswap"] = "innerHTML"
    return response


@login_required
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    return render_reader(request, access_article(request.user, pk))


@login_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The new-claim form for a selected span (POST with `show_form`, or GET), then the
    draft claim's creation (POST with the form filled in)."""
    article = access_article(request.user, pk)
    if not can_create_claims(request.user):
        raise PermissionDenied("You may read claims but not create them.")
    span = SpanForm(request.POST or request.GET)
    creating = request.method == "POST" and "show_form" not in request.POST
    form = ClaimForm(request.POST if creating else None)
    if not span.is_valid():
        messages.error(request, "Select the text of the claim in the article first.")
        response = render_reader(request, article)
        if request.htmx:
            response["HX-Retarget"], response["HX-Reswap"] = "#reader", "innerHTML"
        return response
    if creating and form.is_valid():
        try:
            claim = claim_create(article=article, by=request.user, **span.cleaned_data, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Draft claim created.")
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, article, focus_claim=claim.pk)
    return _render_claim_form(request, {"article": article, "form": form, "span": span, "action": "new"})


@login_required
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id, for_write=True)
    form = ClaimEditForm(request.POST or None, instance=claim, initial={"version": claim.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            claim_update(claim=claim, by=request.user, expected_version=data.pop("version"), **data)
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Claim saved.")
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, claim.article, focus_claim=claim.pk)
    return _render_claim_form(
        request, {"article": claim.article, "form": form, "claim": claim, "action": "edit"}
    )


@login_required
@require_POST
def claim_remove(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id, for_write=True)
    article = claim.article
    claim_delete(claim=claim)
    messages.success(request, "Draft claim deleted.")
    if not request.htmx:
        return redirect("claims:reader", article.pk)
    return render_reader(request, article)


@login_required
@require_POST
def claim_reattach_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim_for_reattach(request.user, claim_id)
    span = SpanForm(request.POST)
    if span.is_valid():
        try:
            claim_reattach(claim=claim, by=request.user, **span.cleaned_data)
            messages.success(request, "Claim re-attached.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Select the text to re-attach the claim to.")
    if not request.htmx:
        return redirect("claims:reader", claim.article_id)
    return render_reader(request, claim.article)


@login_required
def article_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the article's body; every claim is re-anchored, and each version is kept."""
    article = access_article(request.user, pk, for_write=True)
    initial = {"body": article.body, "base_version": article_current_version(article)}
    form = ArticleBodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = article_correct_body(article=article, by=request.user, **form.cleaned_data)
        except BodyConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"Body corrected: {len(result.kept)} claim(s) in place, {len(result.moved)} moved, "
                f"{len(result.edited)} with an edited quote, {len(result.orphaned)} orphaned.",
            )
            if result.edited:
                messages.warning(request, "Check the statements of the claims whose quote was edited.")
            if result.orphaned:
                messages.warning(request, "Orphaned claims are listed beside the article: re-attach them.")
            return redirect("claims:reader", article.pk)
    return render(request, "claims/article_correct.html", {"article": article, "form": form})


@login_required
def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Each version of the body, with what changed from the one before."""

    article = access_article(request.user, pk)
    context = {"article": article, "changes": body_changes(article)}
    return render(request, "claims/article_versions.html", context)


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: a suggested sentence becomes a draft claim (statement to be reworded)."""
    article = access_article(request.user, pk)
    if not can_create_claims(request.user):
        raise PermissionDenied("You may read claims but not create them.")
    span = SpanForm(request.POST)
    if not span.is_valid():
        messages.error(request, "That suggestion is no longer valid: reload the article.")
    else:
        try:
            claim = claim_create(
                article=article,
                by=request.user,
                statement=span.cleaned_data["exact"],
                claimant=article.outlet.name if article.outlet_id else "the article",
                **span.cleaned_data,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Suggestion turned into a draft claim: reword its statement.")
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, article, focus_claim=claim.pk)
    if not request.htmx:
        return redirect("claims:reader", article.pk)
    return render_reader(request, article)
