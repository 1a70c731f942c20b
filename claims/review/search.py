"""Search over claims (statement and quote) and sources (title), ranked, for the desk and the API.

On PostgreSQL each reads a stored vector under its GIN index (claims migration 0012): a claim's
is in its article's language, a source's in the `simple` configuration. A claim matches when its
vector matches the words in the configuration of its article's language; the index is asked
first with the words in every configuration at once (OR-ed, a superset: one constant query
whatever the language), and the row's own configuration decides among the candidates, so a
negated word ("-rinvio") is negated in the claim's own language. Elsewhere (SQLite, the embedded
desk) a case-insensitive substring search, unranked. Either is ranked only when its matches are
few enough to rank quickly (factcheck.search.ranked_if_few); past that, newest first.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet, TextField, Value

from claims.models import Claim, Source
from factcheck.search import (
    HEADLINE_OPTIONS,
    HEADLINE_WHOLE,
    SQL,
    Column,
    any_config_query,
    config_of,
    excerpt,
    highlight,
    ranked_if_few,
)

_VECTOR = "search_vector"


def _own_query(language: str, text: str) -> str:
    return f"websearch_to_tsquery({config_of(language)}, {text})"


def claim_search(queryset: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    """Claims whose statement or quote holds the words of `text`, best matches first (the
    statement weighs above the quote) unless they are many, then in the queryset's own order."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(Q(statement__icontains=text) | Q(exact__icontains=text))
    vector = Column(_VECTOR, output_field=TextField())
    words = Value(text)
    language = F("article__language")
    candidates = SQL("{0} @@ " + any_config_query("{1}"), vector, words, output_field=BooleanField())
    matches = SQL("{0} @@ " + _own_query("{1}", "{2}"), vector, language, words, output_field=BooleanField())
    rank = SQL(
        "ts_rank({0}, " + _own_query("{1}", "{2}") + ")", vector, language, words, output_field=FloatField()
    )
    return ranked_if_few(queryset.filter(candidates).filter(matches), rank)


def source_search(queryset: QuerySet[Source], text: str) -> QuerySet[Source]:
    """Sources whose title holds the words of `text`, best matches first unless they are many."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        return queryset.filter(title__icontains=text)
    vector = Column(_VECTOR, output_field=TextField())
    query = "websearch_to_tsquery('simple'::regconfig, {1})"
    words = Value(text)
    matches = SQL("{0} @@ " + query, vector, words, output_field=BooleanField())
    rank = SQL(f"ts_rank({{0}}, {query})", vector, words, output_field=FloatField())
    return ranked_if_few(queryset.filter(matches), rank)


def claim_snippets(claims: Sequence[Claim], text: str) -> None:
    """Set `statement_snippet` (the whole statement) and `quote_snippet` (the quote's passages
    around the matches) on each of `claims` (a page's rows), matches marked, as safe HTML; None
    without search words. One query for the page: ts_headline in the claim's article's language
    on PostgreSQL, plain excerpts elsewhere."""
    text = text.strip()
    ids = [claim.pk for claim in claims]
    snippets: dict[int, tuple] = {}
    if text and ids:
        rows = Claim.objects.filter(pk__in=ids).order_by()
        if connection.vendor == "postgresql":
            snippets = {
                pk: (highlight(statement), highlight(quote))
                for pk, statement, quote in rows.annotate(
                    s=_headline(F("statement"), text, HEADLINE_WHOLE),
                    q=_headline(F("exact"), text, HEADLINE_OPTIONS),
                ).values_list("pk", "s", "q")
            }
        else:
            snippets = {
                pk: (excerpt(statement, text, width=1000), excerpt(quote, text))
                for pk, statement, quote in rows.values_list("pk", "statement", "exact")
            }
    for claim in claims:
        statement, quote = snippets.get(claim.pk, (None, None))
        claim.statement_snippet = statement  # type: ignore[attr-defined]
        claim.quote_snippet = quote  # type: ignore[attr-defined]


def _headline(field: F, text: str, options: str) -> SQL:
    config = config_of("{0}")
    return SQL(
        f"ts_headline({config}, {{1}}, websearch_to_tsquery({config}, {{2}}), {{3}})",
        F("article__language"),
        field,
        Value(text),
        Value(options),
        output_field=TextField(),
    )
