"""The reader: highlight claims in an article, edit them, correct the body."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.access import access_article
from articles.forms import ArticleBodyForm
from claims.access import access_claim, access_claim_for_reattach, can_create_claims
from claims.reader import services
from claims.reader.forms import ClaimEditForm, ClaimForm, SpanForm
from claims.reader.pages import render_claim_form, render_reader
from claims.reader.selectors import body_changes
from factcheck.desk import refusals


@login_required
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    return render_reader(request, access_article(request.user, pk))


@login_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The new-claim form for a selected span (POST with `show_form`, or GET), then the
    draft claim's creation (POST with the form filled in)."""
    article = access_article(request.user, pk)
    if not can_create_claims(request.user):
        raise PermissionDenied(_("You may read claims but not create them."))
    span = SpanForm(request.POST or request.GET)
    creating = request.method == "POST" and "show_form" not in request.POST
    form = ClaimForm(request.POST if creating else None)
    if not span.is_valid():
        messages.error(request, _("Select the text of the claim in the article first."))
        response = render_reader(request, article)
        if request.htmx:
            response["HX-Retarget"], response["HX-Reswap"] = "#reader", "innerHTML"
        return response
    duplicates: list = []
    if creating and form.is_valid():
        # The form shown with the claims it duplicates carries confirm_duplicate=1 ("Save anyway").
        save_anyway = request.POST.get("confirm_duplicate") == "1"
        with refusals(request, form=form) as refused:
            claim = services.claim_create(
                article=article,
                by=request.user,
                save_anyway=save_anyway,
                **span.cleaned_data,
                **form.cleaned_data,
            )
        if not refused:
            messages.success(request, _("Draft claim created."))
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, article, focus_claim=claim.pk)
        if isinstance(refused.error, services.DuplicateClaim):
            duplicates = refused.error.duplicates
    context = {"article": article, "form": form, "span": span, "action": "new", "duplicates": duplicates}
    return render_claim_form(request, context)


@login_required
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id, for_write=True)
    form = ClaimEditForm(request.POST or None, instance=claim, initial={"version": claim.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with refusals(request, form=form) as refused:
            services.claim_update(claim=claim, by=request.user, expected_version=data.pop("version"), **data)
        if not refused:
            messages.success(request, _("Claim saved."))
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, claim.article, focus_claim=claim.pk)
    return render_claim_form(
        request, {"article": claim.article, "form": form, "claim": claim, "action": "edit"}
    )


@login_required
@require_POST
def claim_delete(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id, for_write=True)
    article = claim.article
    services.claim_delete(claim=claim)
    messages.success(request, _("Draft claim deleted."))
    if not request.htmx:
        return redirect("claims:reader", article.pk)
    return render_reader(request, article)


@login_required
@require_POST
def claim_reattach(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim_for_reattach(request.user, claim_id)
    span = SpanForm(request.POST)
    if span.is_valid():
        with refusals(request) as refused:
            services.claim_reattach(claim=claim, by=request.user, **span.cleaned_data)
        if not refused:
            messages.success(request, _("Claim re-attached."))
    else:
        messages.error(request, _("Select the text to re-attach the claim to."))
    if not request.htmx:
        return redirect("claims:reader", claim.article_id)
    return render_reader(request, claim.article)


@login_required
def article_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the article's body; every claim is re-anchored, and each version is kept."""
    article = access_article(request.user, pk, for_write=True)
    initial = {"body": article.body, "base_version": services.article_current_version(article)}
    form = ArticleBodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form) as refused:
            result = services.article_correct_body(article=article, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(
                request,
                _(
                    "Body corrected: %(kept)s claim(s) in place, %(moved)s moved, "
                    "%(edited)s with an edited quote, %(orphaned)s orphaned."
                )
                % {
                    "kept": len(result.kept),
                    "moved": len(result.moved),
                    "edited": len(result.edited),
                    "orphaned": len(result.orphaned),
                },
            )
            if result.edited:
                messages.warning(request, _("Check the statements of the claims whose quote was edited."))
            if result.orphaned:
                messages.warning(request, _("Orphaned claims are listed beside the article: re-attach them."))
            return redirect("claims:reader", article.pk)
    return render(request, "claims/reader/article_correct.html", {"article": article, "form": form})


@login_required
def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Each version of the body, with what changed from the one before."""

    article = access_article(request.user, pk)
    context = {"article": article, "changes": body_changes(article)}
    return render(request, "claims/reader/article_versions.html", context)


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: a suggested sentence becomes a draft claim (statement to be reworded)."""
    article = access_article(request.user, pk)
    if not can_create_claims(request.user):
        raise PermissionDenied(_("You may read claims but not create them."))
    span = SpanForm(request.POST)
    if not span.is_valid():
        messages.error(request, _("That suggestion is no longer valid: reload the article."))
    else:
        with refusals(request) as refused:
            claim = services.claim_create(
                article=article,
                by=request.user,
                statement=span.cleaned_data["exact"],
                claimant=article.outlet.name if article.outlet_id else _("the article"),
                **span.cleaned_data,
            )
        if not refused:
            messages.success(request, _("Suggestion turned into a draft claim: reword its statement."))
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            return render_reader(request, article, focus_claim=claim.pk)
    if not request.htmx:
        return redirect("claims:reader", article.pk)
    return render_reader(request, article)
