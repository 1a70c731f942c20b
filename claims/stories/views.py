"""The desk's stories and facts: composing a dossier from reviewed claims."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.access import (
    access_claim,
    access_fact,
    access_story,
    can_compose,
    can_publish,
    check_story_reader,
)
from claims.matching.selectors import fact_match_suggestions
from claims.models import Claim, Fact, FactSource
from claims.review.forms import FactFromClaimForm, SourceAttachForm, TransitionForm
from claims.review.workflow import done_message, review_panel, review_transition
from claims.stories import services
from claims.stories.forms import FactForm, PublishForm, StoryForm
from claims.stories.selectors import (
    FACTS_PER_PAGE,
    claims_by_article,
    fact_page_number,
    facts_by_state,
    story_fact_rows,
    story_list_rows,
    unplaced_claims,
)
from factcheck.desk import form_errors, refusals


def _number(value: str | None) -> int | None:
    """A number posted by a form; anything else is None (the service then says what is wrong)."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    check_story_reader(request.user)
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request) as refused:
            story = services.story_create(**form.cleaned_data, by=request.user)
        if not refused:
            return redirect(story)
    return render(
        request,
        "claims/stories/story_list.html",
        {"stories": story_list_rows(), "form": form, "can_compose": can_compose(request.user)},
        status=400 if form.errors else 200,
    )


def _facts_page(request: HttpRequest, story) -> Page:
    """The page of the story's facts asked for: by number, or the one showing `?fact=<id>`."""
    fact_id = _number(request.GET.get("fact"))
    number = fact_page_number(story, fact_id) if fact_id else None
    return Paginator(story_fact_rows(story), FACTS_PER_PAGE).get_page(number or request.GET.get("page"))


def story_page(request: HttpRequest, story, **extra) -> HttpResponse:
    """The story page: its summary (facts by state; `extra` adds what blocks publishing, which
    the dossiers room knows), a page of its facts in dossier order, and its revisions."""
    facts = _facts_page(request, story)
    revisions = list(story.revisions.order_by("-number").only("number", "published_at", "change_note"))
    return render(
        request,
        "claims/stories/story_detail.html",
        {
            "story": story,
            "facts": facts,
            "fact_count": facts.paginator.count,
            "facts_by_state": facts_by_state(story),
            "revisions": revisions,
            "next_revision": revisions[0].number + 1 if revisions else 1,
            "publish_form": PublishForm(),
            "story_form": StoryForm(instance=story),
            "can_compose": can_compose(request.user),
            "can_publish": can_publish(request.user),
            "unplaced": unplaced_claims(),
            **extra,
        },
    )


@login_required
@require_POST
def story_edit(request: HttpRequest, slug: str) -> HttpResponse:
    story = access_story(request.user, slug)
    form = StoryForm(request.POST, instance=story)
    with refusals(request) as refused:
        if not form.is_valid():
            raise form_errors(form)
        story = services.story_update(
            story=story,
            by=request.user,
            title=form.cleaned_data["title"],
            slug=form.cleaned_data["slug"],
            summary=form.cleaned_data["summary"],
            expected_version=_number(request.POST.get("version")),
        )
    if refused:
        return redirect("claims:story-detail", slug)
    messages.success(request, _("Story saved."))
    return redirect(story)


@login_required
@require_POST
def fact_from_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id)
    form = FactFromClaimForm(request.POST)
    with refusals(request) as refused:
        if not form.is_valid():
            raise ValidationError(_("Choose the story the fact belongs to."))
        fact = services.fact_create_from_claim(claim=claim, story=form.cleaned_data["story"], by=request.user)
    if refused:
        return redirect("claims:claim-detail", claim.pk)
    messages.success(request, _("Fact created from the claim: complete its verdict, note and sources."))
    return redirect(fact)


def _fact_page(
    request: HttpRequest, fact: Fact, *, form: FactForm | None = None, status: int = 200
) -> HttpResponse:
    claims = list(fact.claims.select_related("article__outlet", "verdict").order_by("article_id", "start"))
    is_author = fact.author_id == request.user.pk and fact.is_editable
    return render(
        request,
        "claims/stories/fact_detail.html",
        {
            "fact": fact,
            "by_article": claims_by_article(claims),
            "suggestions": fact_match_suggestions(fact, claims),
            "form": form or FactForm(instance=fact, initial={"version": fact.version}),
            "source_form": SourceAttachForm(),
            "fact_sources": fact.fact_sources.select_related("source"),
            "transitions": fact.transitions.select_related("by"),
            **review_panel(item=fact, user=request.user),
            "can_edit": is_author and can_compose(request.user),
        },
        status=status,
    )


@login_required
def fact_detail(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = access_fact(request.user, fact_id)
    if request.method != "POST":
        return _fact_page(request, fact)
    form = FactForm(request.POST, instance=Fact.objects.get(pk=fact.pk))
    if not form.is_valid():
        return _fact_page(request, fact, form=form, status=400)
    data = form.cleaned_data
    with refusals(request) as refused:
        services.fact_update(
            fact=fact,
            by=request.user,
            statement=data["statement"],
            happened_on=data["happened_on"],
            happened_precision=data["happened_precision"],
            rating=data["rating"],
            rationale=data["rationale"],
            reconciliation=data["reconciliation"],
            expected_version=data["version"],
        )
    if refused:
        return _fact_page(request, fact, form=form, status=refused.status)
    messages.success(request, _("Fact saved."))
    return redirect(fact)


def _fact_action(request: HttpRequest, fact_id: int, action) -> HttpResponse:
    """Run a fact service on POST; its refusal becomes a message. Back to the fact."""
    fact = access_fact(request.user, fact_id)
    with refusals(request):
        messages.success(request, action(fact))
    return redirect(fact)


@login_required
@require_POST
def fact_attach(request: HttpRequest, fact_id: int) -> HttpResponse:
    def attach(fact: Fact) -> str:
        claim = get_object_or_404(Claim, pk=_number(request.POST.get("claim")) or 0)
        services.fact_attach_claim(fact=fact, claim=claim, by=request.user)
        return _("Claim attached.")

    return _fact_action(request, fact_id, attach)


@login_required
@require_POST
def fact_detach(request: HttpRequest, fact_id: int, claim_id: int) -> HttpResponse:
    def detach(fact: Fact) -> str:
        services.fact_detach_claim(fact=fact, claim=get_object_or_404(Claim, pk=claim_id), by=request.user)
        return _("Claim detached.")

    return _fact_action(request, fact_id, detach)


@login_required
@require_POST
def fact_source_add(request: HttpRequest, fact_id: int) -> HttpResponse:
    def add(fact: Fact) -> str:
        form = SourceAttachForm(request.POST)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        services.fact_source_attach(
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
        return _("Source attached.")

    return _fact_action(request, fact_id, add)


@login_required
@require_POST
def fact_source_remove(request: HttpRequest, fact_id: int, link_id: int) -> HttpResponse:
    def remove(fact: Fact) -> str:
        link = get_object_or_404(FactSource, pk=link_id, fact=fact)
        services.fact_source_detach(fact_source=link, by=request.user)
        return _("Source detached.")

    return _fact_action(request, fact_id, remove)


@login_required
@require_POST
def fact_move(request: HttpRequest, fact_id: int) -> HttpResponse:
    """Move a fact one step (`direction`), or to the `position` typed in (1 is the first)."""
    fact = access_fact(request.user, fact_id)
    version = _number(request.POST.get("story_version"))
    with refusals(request) as refused:
        if "direction" in request.POST:
            direction = -1 if request.POST["direction"] == "up" else 1
            services.fact_move(
                fact=fact, by=request.user, direction=direction, expected_story_version=version
            )
        else:
            position = _number(request.POST.get("position"))
            if position is None:
                raise ValidationError(_("Type the position the fact moves to (1 is the first)."))
            services.fact_move_to(
                fact=fact, by=request.user, position=position, expected_story_version=version
            )
    if not refused:
        messages.success(request, _("Fact moved."))
    return redirect(f"{fact.story.get_absolute_url()}?fact={fact.pk}#fact-{fact.pk}")  # on its page


@login_required
@require_POST
def fact_review(request: HttpRequest, fact_id: int) -> HttpResponse:
    def move(fact: Fact) -> str:
        form = TransitionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("The review form was incomplete: reload the fact."))
        data = form.cleaned_data
        moved = review_transition(
            item=fact,
            action=data["action"],
            by=request.user,
            comment=data["comment"],
            expected_version=data["version"],
            requested_reviewer=data.get("requested_reviewer"),
        )
        return done_message(moved)

    return _fact_action(request, fact_id, move)


@login_required
@require_POST
def fact_delete(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = access_fact(request.user, fact_id)
    with refusals(request) as refused:
        services.fact_delete(fact=fact, by=request.user)
    if refused:
        return redirect(fact)
    messages.success(request, _("Fact deleted; its claims are free to join another fact."))
    return redirect(fact.story)
