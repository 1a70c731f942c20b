"""Read paths for articles, shared by the desk and the API."""

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from articles.models import Article, Outlet

# PostgreSQL text-search configurations for the languages the desk reads.
SEARCH_CONFIGS = {
    "it": "italian",
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "pt": "portuguese",
    "nl": "dutch",
}


def article_list() -> QuerySet[Article]:
    """Articles with what the list shows, in a fixed number of queries whatever the page size."""
    return (
        Article.objects.select_related("outlet", "import_batch")
        .defer("body", "raw_text")
        .annotate(claim_count=Count("claims"))
        .order_by("-created_at", "-id")
    )


def article_search(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Articles whose title or body matches `text`: full-text search in each article's own
    language on PostgreSQL (stemming: "rinviato" finds "rinviare"), substring match elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(Q(title__icontains=text) | Q(body__icontains=text))
    from django.contrib.postgres.search import SearchQuery, SearchVector

    # Each row is searched with its own language's configuration (cast to regconfig by Django).
    config = Case(
        *[When(language=code, then=Value(name)) for code, name in SEARCH_CONFIGS.items()],
        default=Value("simple"),
    )
    return queryset.annotate(search=SearchVector("title", "body", config=config)).filter(
        search=SearchQuery(text, config=config, search_type="websearch")
    )


def outlet_list(text: str = "") -> QuerySet[Outlet]:
    """Outlets by name with their article counts; `text` finds it in the name or the domain."""
    outlets = Outlet.objects.annotate(article_count=Count("articles")).order_by(Lower("name"), "id")
    text = text.strip()
    if text:
        outlets = outlets.filter(Q(name__icontains=text) | Q(domain__icontains=text))
    return outlets
