from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from articles.access import access_article, can_add_outlet, can_change_outlet, can_read_articles
from articles.filters import ArticleFilter
from articles.forms import ArticleMetadataForm, OutletForm
from articles.models import Outlet
from articles.selectors import article_list as article_list_query
from articles.selectors import article_snippets
from articles.selectors import outlet_list as outlet_list_query
from articles.services.articles import DETAIL_FIELDS, article_update_details
from articles.services.outlets import outlet_for_url, outlet_save
from factcheck.desk import refusals
from factcheck.pagination import EstimatedCountPaginator
from factcheck.search import too_many_to_rank

PAGE_SIZE = 25
OUTLET_PAGE_SIZE = 50


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    if not can_read_articles(request.user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    filterset = ArticleFilter(request.GET, queryset=article_list_query())
    page = EstimatedCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    article_snippets(page.object_list, filterset.form.cleaned_data.get("q") or "")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "newest_first": too_many_to_rank(filterset.qs),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "articles/_partials/article_rows.html" if partial else "articles/article_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # caches keep the page and the fragment apart
    return response


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = access_article(request.user, pk, for_write=True)
    proposed = outlet_for_url(article.url) if article.url and not article.outlet_id else None
    initial = {"version": article.version, **({"outlet": proposed.pk} if proposed else {})}
    form = ArticleMetadataForm(request.POST or None, instance=article, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        with refusals(request, form=form) as refused:
            saved = article_update_details(
                article=article, by=request.user, expected_version=form.cleaned_data["version"], **values
            )
        if not refused:
            found = values["outlet"] is None and saved.outlet
            message = _("Article details saved.")
            if found:
                message += " " + _("Outlet set to %(outlet)s (its domain is the url's host).") % {
                    "outlet": saved.outlet
                }
            messages.success(request, message)
            return redirect("claims:reader", article.pk)
    context = {
        "article": article,
        "form": form,
        "proposed_outlet": proposed,
        "can_add_outlet": can_add_outlet(request.user),
    }
    return render(request, "articles/article_edit.html", context)


# Outlet rights; they belong with the other access checks in articles/access.py.


def _next_url(request: HttpRequest) -> str:
    """Where to go back to after saving an outlet (e.g. the article being edited), if safe."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if safe else ""


@login_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    if not (can_read_articles(request.user) or request.user.has_perm("articles.view_outlet")):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    text = request.GET.get("q", "")
    page = Paginator(outlet_list_query(text), OUTLET_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": text,
        "can_add_outlet": can_add_outlet(request.user),
        "can_change_outlet": can_change_outlet(request.user),
    }
    return render(request, "articles/outlet_list.html", context)


@login_required
def outlet_create(request: HttpRequest) -> HttpResponse:
    if not can_add_outlet(request.user):
        raise PermissionDenied(_("Only editors who may add outlets can create one."))
    return _outlet_form(request, None)


@login_required
def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_change_outlet(request.user):
        raise PermissionDenied(_("Only editors who may change outlets can edit one."))
    return _outlet_form(request, get_object_or_404(Outlet, pk=pk))


def _outlet_form(request: HttpRequest, outlet: Outlet | None) -> HttpResponse:
    form = OutletForm(request.POST or None, outlet=outlet)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form) as refused:
            saved = outlet_save(outlet=outlet, by=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Outlet “%(name)s” saved.") % {"name": saved.name})
            return redirect(_next_url(request) or "articles:outlet-list")
    context = {"form": form, "outlet": outlet, "next": _next_url(request)}
    return render(request, "articles/outlet_form.html", context)
