"""Read paths for articles, shared by the desk and the API."""

from django.db import connection
from django.db.models import BooleanField, Count, Exists, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower

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
    language on PostgreSQL (stemming: "rinviato" finds "rinviare"), substring match elsewhere."""
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
    return (
        queryset.filter(RawSQL(" OR ".join(conditions), params, output_field=BooleanField()))  # noqa: S611
        .annotate(search_rank=rank)
        .order_by("-search_rank", *queryset.query.order_by)
    )


# The row's own configuration, for ranking (not for filtering: that must stay indexable).
T = '"articles_article"'  # the columns are named with their table: a join may bring another language
_CONFIG_SQL = (
    f"CASE {T}.language "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in SEARCH_CONFIGS.items())
    + " ELSE 'simple'::regconfig END"
)


def outlet_list(text: str = "") -> QuerySet[Outlet]:
    """Outlets by name with their article counts; `text` finds it in the name or the domain."""
    outlets = Outlet.objects.annotate(article_count=Count("articles")).order_by(Lower("name"), "id")
    text = text.strip()
    if text:
        outlets = outlets.filter(Q(name__icontains=text) | Q(domain__icontains=text))
    return outlets
