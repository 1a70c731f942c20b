from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article, ImportBatch


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "article_count": Article.objects.count(),
        "recent_batches": ImportBatch.objects.select_related("created_by")[:5],
    }
    return render(request, "articles/home.html", context)
