"""Full-text search pieces shared by articles and claims: the desk's text-search configurations,
SQL over columns a model does not declare (the stored vectors: PostgreSQL only), and highlighted
snippets that are safe to show whatever the text holds."""

import re
from typing import Any

from django.conf import settings
from django.db.models import Expression, F, Field, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from factcheck.pagination import planned_rows, remember_rows

# PostgreSQL text-search configurations for the languages the desk reads; `simple` for others.
SEARCH_CONFIGS = {
    "it": "italian",
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "pt": "portuguese",
    "nl": "dutch",
}

# What ts_headline puts around a matched word: private-use characters, which no article text
# means, so that the text is escaped whole and only these become <mark> (see `highlight`).
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, ShortWord=3, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# An estimate of a search's matches past this many times SEARCH_RANKED_MATCHES is taken at its
# word (too many to rank); under it they are counted (see `ranked_if_few`).
SURELY_MANY = 4
# A short text (a statement, a title) is shown whole, its matches marked.
HEADLINE_WHOLE = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
# The passage of a long text that ts_headline is given (see `headline_window`), in characters:
# before the first match (more than the half of MaxWords that a fragment reaches back) and in
# all (room for a second fragment). A page of 25 bodies of 2,500 characters: 11 ms whole, 4 ms so.
WINDOW_BEFORE, WINDOW_LENGTH = 200, 500


def config_of(language_sql: str) -> str:
    """The configuration of a row's language (an SQL expression), among constant ones."""
    whens = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in SEARCH_CONFIGS.items())
    return f"(CASE {language_sql} {whens} ELSE 'simple'::regconfig END)"


def headline_window(text_sql: str, query_sql: str) -> str:
    """SQL of the passage of `text_sql` around the first occurrence of a word of `query_sql` (a
    tsquery), for ts_headline: it parses the whole text it is given, and a page of long bodies
    parsed whole is most of a search's time. A stem most often begins the words it finds
    ("govern" in "governo"), so it is looked for after a space or a line break ("lanc" is in
    "bilancio" too); when none occurs so (a stem that does not begin its word, a word after an
    apostrophe, a match in the title only), the whole text, as before."""
    lexemes = f"regexp_matches(({query_sql})::text, '''((?:[^'']|'''')+)''', 'g')"
    # A space before the text: a position in it is the word's own position in the text.
    words = f"' ' || translate(lower({text_sql}), E'\\n\\r\\t', '   ')"
    # Only SQL expressions and constants go into these (the reader's words are a parameter).
    first = f"SELECT min(nullif(strpos({words}, ' ' || lexeme[1]), 0)) AS at FROM {lexemes} AS lexeme"  # noqa: S608
    # NULL when no word was found (greatest() alone would skip a NULL and answer 1).
    start = f"(SELECT greatest(1, at - {WINDOW_BEFORE}) FROM ({first}) AS found WHERE at IS NOT NULL)"  # noqa: S608
    return f"coalesce(substr({text_sql}, {start}, {WINDOW_LENGTH}), {text_sql})"


def any_config_query(text_sql: str) -> str:
    """The reader's words as a query in every configuration at once (OR-ed): one constant query
    that a GIN index answers, whatever language each row was stemmed in."""
    configs = [*SEARCH_CONFIGS.values(), "simple"]
    return (
        "(" + " || ".join(f"websearch_to_tsquery('{name}'::regconfig, {text_sql})" for name in configs) + ")"
    )


class SQL(Expression):
    """An SQL template over expressions, `{0}`, `{1}`... standing for the compiled expressions
    (each may appear several times: its parameters are repeated with it). Only constants belong
    in the template; the reader's text is always an expression (a `Value`), hence a parameter."""

    def __init__(self, template: str, *expressions, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.expressions = list(expressions)

    def get_source_expressions(self):
        return self.expressions

    def set_source_expressions(self, exprs) -> None:
        self.expressions = list(exprs)

    def as_sql(self, compiler, connection):
        compiled = [compiler.compile(expression) for expression in self.expressions]
        params: list = []

        def substitute(match: re.Match) -> str:
            sql, expression_params = compiled[int(match.group(1))]
            params.extend(expression_params)
            return sql

        return re.sub(r"\{(\d+)\}", substitute, self.template), params


class Column(Expression):
    """A column of the query's own table that the model does not declare (a stored vector added
    by a migration on PostgreSQL only). It follows the table's alias, in a join or a subquery."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name
        self.anchor: Any = F("pk")  # resolved to the table's primary key column: its alias

    def get_source_expressions(self):
        return [self.anchor]

    def set_source_expressions(self, exprs) -> None:
        (self.anchor,) = exprs

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.anchor.alias)
        return f"{table}.{connection.ops.quote_name(self.name)}", []


def highlight(headline: str) -> SafeString:
    """HTML of a headline whose matches sit between START and STOP: the text escaped, each match
    in <mark>, the tags always balanced (a stray marker in the text opens or closes nothing
    twice)."""
    html, open_ = [], False
    for part in re.split(f"([{START}{STOP}])", headline):
        if part == START:
            html.append("" if open_ else "<mark>")
            open_ = True
        elif part == STOP:
            html.append("</mark>" if open_ else "")
            open_ = False
        else:
            html.append(escape(part))
    if open_:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 — every piece of text went through escape()


def excerpt(text: str, words: str, width: int = 120) -> SafeString:
    """A plain excerpt of `text` around the first occurrence of `words` (case-insensitive), cut
    at word boundaries, the occurrence marked: the snippet where there is no ts_headline
    (SQLite). Without an occurrence, the text's beginning."""
    at = text.lower().find(words.lower()) if words else -1
    if at < 0:
        return highlight(_cut(text, 0, 2 * width))
    start = max(0, at - width)
    end = min(len(text), at + len(words) + width)
    marked = text[start:at] + START + text[at : at + len(words)] + STOP + text[at + len(words) : end]
    return highlight(_cut(marked, 0, len(marked), clipped_before=start > 0, clipped_after=end < len(text)))


def _cut(
    text: str, start: int, end: int, *, clipped_before: bool = False, clipped_after: bool = False
) -> str:
    """text[start:end] with the partial words at its clipped ends dropped and an ellipsis there."""
    piece = text[start:end]
    clipped_after = clipped_after or end < len(text)
    if clipped_before and " " in piece:
        piece = "… " + piece.split(" ", 1)[1]
    if clipped_after and " " in piece:
        piece = piece.rsplit(" ", 1)[0] + " …"
    return " ".join(piece.split())


def ranked_if_few(queryset: QuerySet, rank: Expression) -> QuerySet:
    """`queryset` (a search's matches) best first when they are at most `SEARCH_RANKED_MATCHES`;
    otherwise in its own order (newest first, read from an index), since ranking means reading
    every match's vector: tens of thousands for a frequent word at 100,000 articles (a second).

    The planner's estimate is trusted only when it is far past the threshold. Nearer, or under
    it, the matches are counted up to the threshold + 1 (a few hundred rows from the index):
    an estimate can be off several times either way (an absent word is expected in 650 rows at
    100,000 articles), and each order is slow on the wrong side (ranking 27,000 matches; the
    newest-first index walked to its end for a word found nowhere). The count of few matches
    is kept for the paginator. Annotated `search_rank` when ranked; `too_many_to_rank` tells."""
    threshold = settings.SEARCH_RANKED_MATCHES
    rows = queryset.order_by().values("pk")
    planned = planned_rows(rows)
    counted = None if planned > SURELY_MANY * threshold else rows[: threshold + 1].count()
    if counted is None or counted > threshold:
        many = queryset.alias(search_many=Value(True))
        return remember_rows(many, rows, max(planned, counted or 0), exact=False)
    best = queryset.annotate(search_rank=rank).order_by("-search_rank", *queryset.query.order_by)
    return remember_rows(best, rows, counted, exact=True)


def too_many_to_rank(queryset: QuerySet) -> bool:
    """Whether `queryset` is a search whose matches were too many to rank (see `ranked_if_few`)."""
    return "search_many" in queryset.query.annotations
