"""The candidates of match suggestions, and their features' rarity, read through the feature-key
index (ClaimFeatureKey) instead of from every claim of the desk.

Rarity is the same as `scoring.rarity` over a claim and every (not retracted) claim of the other
articles, computed from counts: how many claims hold each key, in the whole desk (ClaimKeyCount,
kept by the database as key rows come and go: one row read per key, however many claims hold it)
and in the claim's own article (its key rows, through the index). The candidates are the claims sharing a key that could lift them to the least
score: a claim sharing only keys whose weights add up to less than `min_score`² of the claim's own
total cannot reach `min_score` (the weighted cosine of two sets is at most the square root of that
share), so the lightest keys, held by most claims, are not looked up. Of the rest, the
`CANDIDATES` that share the most weight are scored; below that many, the result is the one a
reading of every claim gives (tests/claims/matching/test_stored_features.py).
"""

import math
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count

from claims.matching.scoring import TextFeatures, informativeness
from claims.models import ClaimFeatureKey, ClaimKeyCount
from claims.models.features import EVERY_CLAIM

CANDIDATES = 150  # claims scored for one claim
MOST_CANDIDATES = 400  # for all the claims of a page together
ROUNDING = 0.0005  # a score is rounded to three places: 0.0995 shows as 0.1
CHUNK = 5000  # keys per query (SQLite's limit of bound parameters)


def _live_keys(*, with_statements: bool):
    """Key rows of the claims not retracted (the only ones that have some)."""
    rows = ClaimFeatureKey.objects.all()
    return rows if with_statements else rows.filter(in_quote=True)


class DeskCounts:
    """How many (not retracted) claims there are, and hold each key, in the desk and in each of
    some articles: the claims themselves are the holders of `EVERY_CLAIM`."""

    def __init__(self, articles: list[int], *, with_statements: bool) -> None:
        self.articles, self.with_statements = articles, with_statements
        self.keys: dict[str, int] = {}
        self.keys_in_article: dict[tuple[int, str], int] = {}

    @property
    def total(self) -> int:
        return self.keys[EVERY_CLAIM]

    @property
    def in_article(self) -> dict[int, int]:
        return {pk: self.keys_in_article.get((pk, EVERY_CLAIM), 0) for pk in self.articles}

    def read(self, keys: Iterable[str]) -> None:
        """Count the claims holding each of `keys` not counted yet (at first, also the claims, and
        every key's holders in the articles: a few of their rows)."""
        if not self.keys:
            self._read_articles()
        wanted = sorted({*keys, EVERY_CLAIM} - self.keys.keys())
        column = "claims" if self.with_statements else "quote_claims"
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            self.keys.update(dict.fromkeys(part, 0))
            self.keys.update(ClaimKeyCount.objects.filter(key__in=part).values_list("key", column))

    def _read_articles(self) -> None:
        rows = (
            _live_keys(with_statements=self.with_statements)
            .filter(article_id__in=self.articles)
            .values_list("article_id", "key")
            .annotate(held=Count("pk"))
            .order_by()
        )
        self.keys_in_article.update({(article, key): held for article, key, held in rows})


class Rarity:
    """`scoring.rarity` of each key among one claim and the claims of the other articles."""

    def __init__(self, counts: DeskCounts, *, article: int, mine: TextFeatures) -> None:
        self.counts, self.article, self.mine = counts, article, mine
        self.texts = counts.total - counts.in_article.get(article, 0) + 2  # others, the claim, and 1

    def weight(self, key: str) -> float:
        held = self.counts.keys.get(key, 0) - self.counts.keys_in_article.get((self.article, key), 0)
        held += key in self.mine.keys
        return math.log(self.texts / max(1, held)) * informativeness(key)

    def weights(self, keys: Iterable[str]) -> dict[str, float]:
        return {key: self.weight(key) for key in keys}


def lookup_keys(mine: TextFeatures, weights: dict[str, float], *, min_score: float) -> dict[str, float]:
    """The keys of `mine` worth looking up (see the module's docstring), with their weights.
    A figure's measure is always looked up: a figure inside another's range counts as shared."""
    least = max(0.0, min_score - ROUNDING)
    budget = least * least * sum(weights[key] for key in mine.keys)
    kept, left_out = {}, 0.0
    for key in sorted(mine.keys, key=lambda k: (weights[k], k)):
        if not key.startswith("measure:"):
            if weights[key] <= 0:
                continue
            if left_out + weights[key] < budget:
                left_out += weights[key]
                continue
        kept[key] = weights[key]
    return kept


def candidate_ids(
    weights: dict[str, float], *, with_statements: bool, limit: int, other_than: int | None = None
) -> list[int]:
    """The (not retracted) claims holding the most weight of `weights`' keys, `limit` at most,
    of articles other than `other_than`. The weights are joined as a list of values: a hash of
    the keys, not a comparison with each of them for each row read."""
    if not weights:
        return []
    table = ClaimFeatureKey._meta.db_table
    where = ["TRUE" if with_statements else "k.in_quote"]
    params: list = [value for key in sorted(weights) for value in (key, weights[key])]
    if other_than is not None:
        where.append("k.article_id <> %s")
        params.append(other_than)
    sql = (  # placeholders and the model's own table name only
        f"WITH wanted (key, weight) AS (VALUES {', '.join(['(%s, %s)'] * len(weights))}) "  # noqa: S608
        f"SELECT k.claim_id FROM {table} k JOIN wanted w ON w.key = k.key WHERE {' AND '.join(where)} "
        "GROUP BY k.claim_id ORDER BY SUM(w.weight) DESC, k.claim_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]
