"""The desk home, the claim page (verdict, sources, review, timeline, comments, history), queues, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.access import can_read_articles, can_view_imports
from articles.models import Article, ImportBatch
from claims.access import access_claim, access_fact, can_compose, can_read_claims, check_story_reader
from claims.matching.selectors import match_suggestions
from claims.models import Claim, ClaimSource, Notification, Source, Story
from claims.notify import notifications_mark_read
from claims.reader.pages import render_reader
from claims.review import evidence
from claims.review.assignment import assignment_set, desk_users
from claims.review.forms import (
    AssignForm,
    ClaimSearchForm,
    CommentForm,
    FactFromClaimForm,
    SourceAttachForm,
    TransitionForm,
    VerdictForm,
    WorkFilterForm,
)
from claims.review.search import claim_search, claim_snippets
from claims.review.selectors import (
    QUEUES,
    WorkFilters,
    claim_history,
    queue_claims,
    queue_facts,
    queue_stories,
    work_list,
)
from claims.review.selectors import claim_list as claim_list_query
from claims.review.workflow import done_message, review_panel, review_transition, verdict_of
from factcheck.desk import form_errors, refusals
from factcheck.pagination import EstimatedCountPaginator
from factcheck.search import too_many_to_rank

PAGE_SIZE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The desk home: what each role may see, and nothing for an account with no role yet."""
    user = request.user
    if not (can_read_claims(user) or can_read_articles(user)):
        return render(request, "claims/review/no_role.html", status=403)
    context: dict = {}
    if can_read_claims(user):
        filters = WorkFilters.from_query(request.GET)
        context["sections"] = work_list(user, filters)
        context["filter_form"] = WorkFilterForm(request.GET or None)
        context["filters"] = filters
    if can_read_articles(user):
        context["article_count"] = Article.objects.count()
    if can_view_imports(user):
        context["recent_batches"] = ImportBatch.objects.select_related("created_by")[:5]
    return render(request, "claims/review/home.html", context)


def _claim_page(request: HttpRequest, claim, **forms) -> HttpResponse:
    verdict = verdict_of(claim)
    context = {
        "claim": claim,
        "verdict": verdict,
        "verdict_form": forms.get("verdict_form")
        or VerdictForm(instance=verdict, initial={"version": verdict.version if verdict else None}),
        "source_form": forms.get("source_form") or SourceAttachForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "claim_sources": claim.claim_sources.select_related("source", "added_by"),
        "transitions": claim.transitions.select_related("by"),
        "comments": claim.comments.select_related("author"),
        **review_panel(item=claim, user=request.user),
        "can_edit_evidence": claim.is_editable and claim.author_id == request.user.pk,
        "can_change_approved_verdict": claim.status == claim.Status.APPROVED
        and request.user.has_perm("claims.review_claim"),
        "history": claim_history(claim),
        "matches": match_suggestions(claim),
        "fact_form": FactFromClaimForm() if can_compose(request.user) and not claim.fact_id else None,
    }
    return render(request, "claims/review/claim_detail.html", context, status=400 if forms else 200)


@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _claim_page(request, access_claim(request.user, claim_id))


@login_required
@require_POST
def verdict_set(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id)
    form = VerdictForm(request.POST)
    if form.is_valid():
        with refusals(request, form=form) as refused:
            evidence.verdict_set(
                claim=claim,
                by=request.user,
                rating=form.cleaned_data["rating"],
                rationale=form.cleaned_data["rationale"],
                expected_version=form.cleaned_data["version"],
            )
        if not refused:
            messages.success(request, _("Verdict saved."))
            return redirect("claims:claim-detail", claim.pk)
    return _claim_page(request, claim, verdict_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Attach a source: from the claim page, or (htmx) from the reader's side panel."""
    claim = access_claim(request.user, claim_id, for_write=True)
    form = SourceAttachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form) as refused:
            evidence.source_attach(claim=claim, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Source attached."))
            if request.htmx:
                return render_reader(request, claim.article, focus_claim=claim.pk)
            return redirect("claims:claim-detail", claim.pk)
    if request.htmx:
        response = render(
            request, "claims/review/_partials/source_form.html", {"claim": claim, "source_form": form}
        )
        response["HX-Retarget"], response["HX-Reswap"] = "#claim-form-slot", "innerHTML"
        return response
    return _claim_page(request, claim, source_form=form)


@login_required
@require_POST
def source_remove(request: HttpRequest, claim_id: int, link_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id, for_write=True)
    evidence.source_detach(
        claim_source=get_object_or_404(ClaimSource, pk=link_id, claim=claim), by=request.user
    )
    messages.success(request, _("Source detached."))
    return redirect("claims:claim-detail", claim.pk)


@login_required
def source_lookup(request: HttpRequest) -> JsonResponse:
    """The source the desk already has for a url (the source form offers to reuse it)."""
    if not can_read_claims(request.user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    try:
        url = evidence.normalize_url(request.GET.get("url", ""))
    except ValidationError:
        return JsonResponse({"source": None})
    source = Source.objects.filter(url=url).first()
    if source is None:
        return JsonResponse({"source": None, "url": url})
    fields = {"id": source.pk, "url": source.url, "title": source.title, "publisher": source.publisher}
    return JsonResponse({"source": fields, "url": url})


@login_required
@require_POST
def claim_move(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with refusals(request, conflict_hint="Nothing was done: look at the claim again.") as refused:
            claim = review_transition(
                item=claim,
                by=request.user,
                action=data["action"],
                comment=data["comment"],
                expected_version=data["version"],
                requested_reviewer=data.get("requested_reviewer"),
            )
        if not refused:
            messages.success(request, done_message(claim))
    else:
        messages.error(request, _("The review form was incomplete: reload the claim and try again."))
    return redirect("claims:claim-detail", claim.pk)


@login_required
@require_POST
def comment_post(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(request.user, claim_id)
    if not request.user.has_perm("claims.add_comment"):
        raise PermissionDenied(_("You may read the conversation but not take part in it."))
    form = CommentForm(request.POST)
    if form.is_valid():
        evidence.comment_add(claim=claim, by=request.user, body=form.cleaned_data["body"])
        return redirect(f"{reverse('claims:claim-detail', args=[claim.pk])}#comments")
    return _claim_page(request, claim, comment_form=form)


@login_required
@require_safe
def claim_list(request: HttpRequest) -> HttpResponse:
    """Every claim, newest first, or the best matches of a search in the statement and quote."""
    if not can_read_claims(request.user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    form = ClaimSearchForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    text = values.get("q", "")
    claims = claim_search(claim_list_query(values.get("state", "")), text)
    page = EstimatedCountPaginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    claim_snippets(page.object_list, text)
    context = {
        "form": form,
        "page": page,
        "query": _query_without_pages(request),
        "newest_first": too_many_to_rank(claims),
    }
    return render(request, "claims/review/claim_list.html", context)


@login_required
def queue(request: HttpRequest, name: str) -> HttpResponse:
    if name not in QUEUES:
        raise Http404("No such queue.")
    if not can_read_claims(request.user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    filters = WorkFilters.from_query(request.GET)
    page = Paginator(queue_claims(name, request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    fact_page = Paginator(queue_facts(name, request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("fact_page")
    )
    context = {
        "title": QUEUES[name],
        "name": name,
        "page": page,
        "fact_page": fact_page,
        "stories": queue_stories(name, request.user, filters)[:PAGE_SIZE],
        "filter_form": WorkFilterForm(request.GET or None),
        "query": _query_without_pages(request),
    }
    return render(request, "claims/review/queue.html", context)


def _query_without_pages(request: HttpRequest) -> str:
    """The filters of the page's address, for its pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("fact_page", None)
    return query.urlencode()


_ASSIGNABLE = {"claim": access_claim, "fact": access_fact}


@login_required
@require_POST
def assign(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Give a claim, a fact or a story to someone with a desk role, with a due date."""
    if kind == "story":
        check_story_reader(request.user)
        item = get_object_or_404(Story, pk=pk)
    elif kind in _ASSIGNABLE:
        item = _ASSIGNABLE[kind](request.user, pk)
    else:
        raise Http404("Nothing of this kind is assigned.")
    form = AssignForm(request.POST, users=desk_users())
    with refusals(request) as refused:
        if not form.is_valid():
            raise form_errors(form)
        item = assignment_set(
            item=item,
            assignee=form.cleaned_data["assignee"],
            due_on=form.cleaned_data["due_on"],
            by=request.user,
        )
    if not refused:
        messages.success(
            request,
            _("Assigned to %(user)s.") % {"user": item.assignee}
            if item.assignee
            else _("Nobody is assigned now."),
        )
    return redirect(_back(request, item))


def _back(request: HttpRequest, item) -> str:
    """Back where the form was (a list, or the item's page), if it is the desk's own address."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    if isinstance(item, Claim):
        return reverse("claims:claim-detail", args=[item.pk])
    return item.get_absolute_url()


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    """One's notifications, newest first; reading them changes nothing (marking is a POST)."""
    items = Notification.objects.filter(recipient=request.user).select_related("story")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/review/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("claims:notifications")
