"""The desk's stories and facts: composing a dossier from reviewed claims, and publishing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.access import access_claim
from claims.forms import FactForm, FactFromClaimForm, PublishForm, SourceAttachForm, StoryForm, TransitionForm
from claims.models import Claim, Fact, FactSource, Story
from claims.selectors import match_suggestions
from claims.services.dossiers import PublishError, can_publish, dossier_preview, dossier_publish
from claims.services.facts import (
    can_compose,
    fact_attach_claim,
    fact_create_from_claim,
    fact_delete,
    fact_detach_claim,
    fact_move,
    fact_source_attach,
    fact_source_detach,
    fact_update,
    story_create,
    story_update,
)
from claims.services.versions import EditConflict
from claims.services.workflow import available_actions, review_transition
from claims.views_public import page_frame


def _check_reader(user) -> None:
    if not user.has_perm("claims.view_story"):
        raise PermissionDenied("Your account has no role on the desk yet: ask an admin.")


def _number(value: str | None) -> int | None:
    """A number posted by a form; anything else is None (the service then says what is wrong)."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _fail(request: HttpRequest, error: Exception) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


def _claims_by_article(claims) -> list[tuple]:
    """A fact's claims grouped by article: [(article, [claims])], oldest article first."""
    groups: dict[int, tuple] = {}
    for claim in claims:
        groups.setdefault(claim.article_id, (claim.article, []))[1].append(claim)
    return sorted(groups.values(), key=lambda g: (g[0].published_on is None, g[0].published_on, g[0].pk))


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    _check_reader(request.user)
    form = StoryForm()
    if request.method == "POST":
        form = StoryForm(request.POST)
        if form.is_valid():
            try:
                story = story_create(**form.cleaned_data, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                _fail(request, error)
            else:
                return redirect(story)
    stories = Story.objects.select_related("lead_editor").annotate(
        fact_count=Count("facts", distinct=True), latest_number=Max("revisions__number")
    )
    return render(
        request,
        "claims/story_list.html",
        {"stories": stories, "form": form, "can_compose": can_compose(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _check_reader(request.user)
    story = get_object_or_404(Story.objects.select_related("lead_editor"), slug=slug)
    claims = Claim.objects.select_related("article__outlet", "verdict").order_by("article_id", "start")
    facts = list(
        story.facts.select_related("author", "approved_by")
        .prefetch_related(Prefetch("claims", claims))
        .annotate(source_count=Count("fact_sources"))
    )
    for fact in facts:
        fact.by_article = _claims_by_article(fact.claims.all())
    revisions = list(story.revisions.order_by("-number").only("number", "published_at", "change_note"))
    return render(
        request,
        "claims/story_detail.html",
        {
            "story": story,
            "facts": facts,
            "revisions": revisions,
            "publish_form": PublishForm(),
            "story_form": StoryForm(instance=story),
            "can_compose": can_compose(request.user),
            "can_publish": can_publish(request.user),
            "unplaced": Claim.objects.filter(fact__isnull=True, status__in=["approved", "published"])
            .select_related("article", "verdict")
            .order_by("-updated_at")[:20],
        },
    )


@login_required
@require_POST
def story_edit(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    form = StoryForm(request.POST, instance=Story.objects.get(pk=story.pk))
    if not form.is_valid():
        _fail(request, ValidationError([f"{f}: {' '.join(e)}" for f, e in form.errors.items()]))
        return redirect(story)
    try:
        story = story_update(
            story=story,
            by=request.user,
            title=form.cleaned_data["title"],
            slug=form.cleaned_data["slug"],
            summary=form.cleaned_data["summary"],
            expected_version=_number(request.POST.get("version")),
        )
    except (ValidationError, PermissionDenied, EditConflict) as error:
        _fail(request, error)
        return redirect("claims:story-detail", slug)
    messages.success(request, "Story saved.")
    return redirect(story)


@login_required
def story_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page as it would be published now; never cached, never indexed."""
    _check_reader(request.user)
    story = get_object_or_404(Story, slug=slug)
    head, middle, tail, _ = page_frame()
    notice = (
        '<p class="notice" role="status">Preview: not published. Only approved facts and claims show.</p>'
    )
    response = HttpResponse(head + "Preview" + middle + notice + dossier_preview(story, request.user) + tail)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def story_publish(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            revision = dossier_publish(
                story=story, by=request.user, change_note=form.cleaned_data["change_note"]
            )
        except (PublishError, PermissionDenied) as error:
            _fail(request, error)
        else:
            messages.success(request, f"Published revision {revision.number}.")
    return redirect(story)


@login_required
@require_POST
def fact_from_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id)
    form = FactFromClaimForm(request.POST)
    if not form.is_valid():
        _fail(request, ValidationError("Choose the story the fact belongs to."))
        return redirect("claims:claim-detail", claim.pk)
    try:
        fact = fact_create_from_claim(claim=claim, story=form.cleaned_data["story"], by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
        return redirect("claims:claim-detail", claim.pk)
    messages.success(request, "Fact created from the claim: complete its verdict, note and sources.")
    return redirect(fact)


def _fact_page(
    request: HttpRequest, fact: Fact, *, form: FactForm | None = None, status: int = 200
) -> HttpResponse:
    claims = list(fact.claims.select_related("article__outlet", "verdict").order_by("article_id", "start"))
    suggestions: dict[int, dict] = {}
    for claim in claims:  # other articles' claims likely about the same thing
        for suggestion in match_suggestions(claim, limit=5):
            candidate = suggestion.claim
            if candidate is None or candidate.fact_id == fact.pk:
                continue
            best = suggestions.get(candidate.pk)
            if best is None or best["score"] < suggestion.score:
                suggestions[candidate.pk] = {
                    "claim": candidate,
                    "score": suggestion.score,
                    "reasons": suggestion.reasons,
                    "contradictions": suggestion.contradictions,
                }
    is_author = fact.author_id == request.user.pk and fact.is_editable
    return render(
        request,
        "claims/fact_detail.html",
        {
            "fact": fact,
            "by_article": _claims_by_article(claims),
            "suggestions": sorted(suggestions.values(), key=lambda s: -s["score"]),
            "form": form or FactForm(instance=fact, initial={"version": fact.version}),
            "source_form": SourceAttachForm(),
            "fact_sources": fact.fact_sources.select_related("source"),
            "transitions": fact.transitions.select_related("by"),
            "actions": available_actions(item=fact, user=request.user),
            "can_edit": is_author and can_compose(request.user),
        },
        status=status,
    )


def _fact(request: HttpRequest, fact_id: int) -> Fact:
    _check_reader(request.user)
    return get_object_or_404(Fact.objects.select_related("story", "author", "approved_by"), pk=fact_id)


@login_required
def fact_detail(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = _fact(request, fact_id)
    if request.method == "POST":
        form = FactForm(request.POST, instance=Fact.objects.get(pk=fact.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                fact_update(
                    fact=fact,
                    by=request.user,
                    statement=data["statement"],
                    happened_on=data["happened_on"],
                    rating=data["rating"],
                    rationale=data["rationale"],
                    reconciliation=data["reconciliation"],
                    expected_version=data["version"],
                )
            except (ValidationError, PermissionDenied, EditConflict) as error:
                _fail(request, error)
                return _fact_page(
                    request, fact, form=form, status=409 if isinstance(error, EditConflict) else 400
                )
            messages.success(request, "Fact saved.")
            return redirect(fact)
        return _fact_page(request, fact, form=form, status=400)
    return _fact_page(request, fact)


def _fact_action(request: HttpRequest, fact_id: int, action) -> HttpResponse:
    """Run a fact service on POST; its refusal becomes a message. Back to the fact."""
    fact = _fact(request, fact_id)
    try:
        result = action(fact)
    except (ValidationError, PermissionDenied, EditConflict) as error:
        _fail(request, error)
    else:
        if isinstance(result, str):
            messages.success(request, result)
    return redirect(fact)


@login_required
@require_POST
def fact_attach(request: HttpRequest, fact_id: int) -> HttpResponse:
    def attach(fact: Fact) -> str:
        claim = get_object_or_404(Claim, pk=_number(request.POST.get("claim")) or 0)
        fact_attach_claim(fact=fact, claim=claim, by=request.user)
        return "Claim attached."

    return _fact_action(request, fact_id, attach)


@login_required
@require_POST
def fact_detach(request: HttpRequest, fact_id: int, claim_id: int) -> HttpResponse:
    def detach(fact: Fact) -> str:
        fact_detach_claim(fact=fact, claim=get_object_or_404(Claim, pk=claim_id), by=request.user)
        return "Claim detached."

    return _fact_action(request, fact_id, detach)


@login_required
@require_POST
def fact_source_add(request: HttpRequest, fact_id: int) -> HttpResponse:
    def add(fact: Fact) -> str:
        form = SourceAttachForm(request.POST)
        if not form.is_valid():
            raise ValidationError([f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()])
        data = form.cleaned_data
        fact_source_attach(
            fact=fact,
            url=data["url"],
            stance=data["stance"],
            title=data["title"],
            publisher=data["publisher"],
            published_on=data["published_on"],
            quote=data["quote"],
            note=data["note"],
            by=request.user,
        )
        return "Source attached."

    return _fact_action(request, fact_id, add)


@login_required
@require_POST
def fact_source_remove(request: HttpRequest, fact_id: int, link_id: int) -> HttpResponse:
    def remove(fact: Fact) -> str:
        fact_source_detach(fact_source=get_object_or_404(FactSource, pk=link_id, fact=fact), by=request.user)
        return "Source detached."

    return _fact_action(request, fact_id, remove)


@login_required
@require_POST
def fact_move_view(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = _fact(request, fact_id)
    try:
        fact_move(
            fact=fact,
            by=request.user,
            direction=-1 if request.POST.get("direction") == "up" else 1,
            expected_story_version=_number(request.POST.get("story_version")),
        )
    except (ValidationError, PermissionDenied, EditConflict) as error:
        _fail(request, error)
    return redirect(fact.story)


@login_required
@require_POST
def fact_transition(request: HttpRequest, fact_id: int) -> HttpResponse:
    def move(fact: Fact) -> str:
        form = TransitionForm(request.POST)
        if not form.is_valid():
            raise ValidationError("The review form was incomplete: reload the fact.")
        data = form.cleaned_data
        moved = review_transition(
            item=fact,
            action=data["action"],
            by=request.user,
            comment=data["comment"],
            expected_version=data["version"],
        )
        return f"The fact is now {moved.get_status_display().lower()}."

    return _fact_action(request, fact_id, move)


@login_required
@require_POST
def fact_remove(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = _fact(request, fact_id)
    try:
        fact_delete(fact=fact, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
        return redirect(fact)
    messages.success(request, "Fact deleted; its claims are free to join another fact.")
    return redirect(fact.story)
