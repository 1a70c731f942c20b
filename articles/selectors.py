"""Read paths for articles, shared by the desk and the API."""

from collections.abc import Sequence

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower

from articles.models import Article, Outlet
from factcheck.search import (
    HEADLINE_OPTIONS,
    SEARCH_CONFIGS,
    SQL,
    config_of,
    excerpt,
    headline_window,
    highlight,
    ranked_if_few,
)


def _claims_of_article():
    """The claims of the outer query's article (the model is reached through the relation:
    articles never imports claims)."""
    claim = Article._meta.get_field("claims").related_model
    return claim._default_manager.filter(article=OuterRef("pk"))


def article_list() -> QuerySet[Article]:
    """Articles with what the list shows, in a fixed number of queries whatever the page size.
    Claims are counted by a correlated subquery, for the rows of the page only: no GROUP BY over
    the whole table, for the page or for the paginator's count."""
    count = _claims_of_article().order_by().values("article").annotate(n=Count("pk")).values("n")
    return (
        Article.objects.select_related("outlet", "import_batch")
        .defer("body", "raw_text")
        .annotate(claim_count=Coalesce(Subquery(count), 0))
        .order_by("-created_at", "-id")
    )


def with_or_without_claims(queryset: QuerySet[Article], with_claims: bool) -> QuerySet[Article]:
    has = Exists(_claims_of_article())
    return queryset.filter(has if with_claims else ~has)


def article_search(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Articles whose title or body matches `text`: full-text search in each article's own
    language on PostgreSQL (stemming: "rinviato" finds "rinviare"), best first unless they are
    many (`ranked_if_few`); substring match elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(Q(title__icontains=text) | Q(body__icontains=text))
    # The stored vector (migration 0010) under its GIN index: one condition per language, each
    # with a constant configuration, so that PostgreSQL answers each from the index (a bitmap
    # index scan per language, OR-ed), best matches first (the title weighs above the body).
    languages = [*SEARCH_CONFIGS.items(), (None, "simple")]
    conditions = []
    params: list[str] = []
    for code, config in languages:
        if code is None:
            known = ", ".join(["%s"] * len(SEARCH_CONFIGS))
            conditions.append(
                f"({T}.language NOT IN ({known}) AND {T}.search_vector @@ websearch_to_tsquery('simple', %s))"
            )
            params += [*SEARCH_CONFIGS, text]
        else:
            conditions.append(
                f"({T}.language = %s AND {T}.search_vector @@ websearch_to_tsquery('{config}', %s))"
            )
            params += [code, text]
    # Only constants go into the SQL (SEARCH_CONFIGS); the reader's text is a parameter.
    rank = RawSQL(  # noqa: S611
        f"ts_rank({T}.search_vector, websearch_to_tsquery(({_CONFIG_SQL}), %s))",
        [text],
        output_field=FloatField(),
    )
    matches = queryset.filter(RawSQL(" OR ".join(conditions), params, output_field=BooleanField()))  # noqa: S611
    return ranked_if_few(matches, rank)


# The row's own configuration, for ranking (not for filtering: that must stay indexable).
T = '"articles_article"'  # the columns are named with their table: a join may bring another language
_CONFIG_SQL = (
    f"CASE {T}.language "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in SEARCH_CONFIGS.items())
    + " ELSE 'simple'::regconfig END"
)


def article_snippets(articles: Sequence[Article], text: str) -> None:
    """Set `snippet` on each of `articles` (a page's rows): the passages of its body around the
    words of `text`, matches marked, as safe HTML; None without search words. One query for the
    page, whatever its size: ts_headline on PostgreSQL (in the article's language, over the
    passage around the first match: `headline_window`), a plain excerpt around the first
    occurrence elsewhere."""
    text = text.strip()
    ids = [article.pk for article in articles]
    snippets = {}
    if text and ids:
        rows = Article.objects.filter(pk__in=ids).order_by()
        if connection.vendor == "postgresql":
            query = f"websearch_to_tsquery({config_of('{0}')}, {{2}})"
            headline = SQL(
                f"ts_headline({config_of('{0}')}, {headline_window('{1}', query)}, {query}, {{3}})",
                F("language"),
                F("body"),
                Value(text),
                Value(HEADLINE_OPTIONS),
                output_field=TextField(),
            )
            snippets = {pk: highlight(h) for pk, h in rows.annotate(h=headline).values_list("pk", "h")}
        else:
            snippets = {pk: excerpt(body, text) for pk, body in rows.values_list("pk", "body")}
    for article in articles:
        article.snippet = snippets.get(article.pk)  # type: ignore[attr-defined]


def outlet_list(text: str = "") -> QuerySet[Outlet]:
    """Outlets by name with their article counts; `text` finds it in the name or the domain."""
    outlets = Outlet.objects.annotate(article_count=Count("articles")).order_by(Lower("name"), "id")
    text = text.strip()
    if text:
        outlets = outlets.filter(Q(name__icontains=text) | Q(domain__icontains=text))
    return outlets
