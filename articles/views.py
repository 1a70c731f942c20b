from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from articles.access import access_article, can_read_articles
from articles.filters import ArticleFilter
from articles.forms import ArticleMetadataForm
from articles.selectors import article_list as article_list_query
from articles.services.articles import DETAIL_FIELDS, article_update_details
from factcheck.desk import refusals

PAGE_SIZE = 25


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    if not can_read_articles(request.user):
        raise PermissionDenied("Your account has no role on the desk yet: ask an admin.")
    filterset = ArticleFilter(request.GET, queryset=article_list_query())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "articles/_partials/article_rows.html" if partial else "articles/article_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # caches keep the page and the fragment apart
    return response


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = access_article(request.user, pk, for_write=True)
    form = ArticleMetadataForm(request.POST or None, instance=article, initial={"version": article.version})
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        with refusals(request, form=form) as refused:
            article_update_details(
                article=article, by=request.user, expected_version=form.cleaned_data["version"], **values
            )
        if not refused:
            messages.success(request, "Article details saved.")
            return redirect("claims:reader", article.pk)
    return render(request, "articles/article_edit.html", {"article": article, "form": form})
