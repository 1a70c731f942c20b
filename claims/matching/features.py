"""Each claim's matching features, stored (ClaimFeatures) with one row per feature key
(ClaimFeatureKey), so that a suggestion reads the candidates' features instead of reading every
claim's text, and finds the candidates and their keys' rarity through an index.

A stored row holds the features of one version of the claim and of the algorithm
(`FEATURES_VERSION`, to be bumped whenever claims/matching/scoring.py or the language code would
compute other features), and the digest of the texts they were computed from. Whatever changes a
claim bumps its version (and its `updated_at`), so `refresh_stale_features` finds the rows to
recompute with one query, and `refresh_changed_features`, on every suggestion, among the claims
changed since its last look only; the digest is checked again whenever features are read, so a
stale row is never used. Only claims not retracted have key rows: a retraction (a new version of
the same texts) takes them away without recomputing anything.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from articles.models import Article
from claims.matching.scoring import TextFeatures, TypedQuantity, combine, features
from claims.models import Claim, ClaimFeatureKey, ClaimFeatures
from claims.models.features import EVERY_CLAIM

FEATURES_VERSION = 1
MAX_KEY = 200  # a longer key (a run of characters with no space) is rare enough to leave unindexed
REFRESH_BATCH = 500
CHECKED = "claims:features:checked"  # the cache key of when refresh_changed_features last looked
# How far before its last look it looks again: a write committed late keeps an earlier updated_at.
CHECK_OVERLAP = datetime.timedelta(minutes=10)


def encode(found: TextFeatures) -> dict:
    return {
        "keys": sorted(found.keys),
        "quantities": [[str(q.low), str(q.high), q.unit, q.qualifier] for q in found.quantities],
        "concepts": sorted(found.concepts),
        "events": sorted(found.events),
        "states": sorted(found.states),
    }


def decode(data: dict) -> TextFeatures:
    return TextFeatures(
        keys=frozenset(data["keys"]),
        quantities=tuple(
            TypedQuantity(Decimal(lo), Decimal(hi), unit, q) for lo, hi, unit, q in data["quantities"]
        ),
        concepts=frozenset(data["concepts"]),
        events=frozenset(data["events"]),
        states=frozenset(data["states"]),
    )


def digest(claim: Claim) -> str:
    """What the stored features depend on: the algorithm, the quote, its language, the statement."""
    texts = [FEATURES_VERSION, claim.exact, claim.article.language, claim.statement]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()


class Stored:
    """A claim's features as stored: the quote's, and the statement's (None without one)."""

    def __init__(self, quote: TextFeatures, statement: TextFeatures | None) -> None:
        self.quote, self.statement = quote, statement

    def select(self, *, with_statement: bool) -> TextFeatures:
        """As `selectors.text_features` computes them: the quote's, with the statement's or not."""
        return combine(self.quote, self.statement) if with_statement and self.statement else self.quote


def _key_rows(claim: Claim, stored: Stored) -> list[ClaimFeatureKey]:
    """The key rows of a claim: none when it is retracted (it is neither a candidate nor counted)."""
    if claim.status == Claim.Status.RETRACTED:
        return []
    every = stored.select(with_statement=True).keys
    return [
        ClaimFeatureKey(
            claim_id=claim.pk, article_id=claim.article_id, key=key, in_quote=key in stored.quote.keys
        )
        for key in sorted(every)
        if len(key) <= MAX_KEY
    ] + [ClaimFeatureKey(claim_id=claim.pk, article_id=claim.article_id, key=EVERY_CLAIM, in_quote=True)]


def _compute(claim: Claim) -> tuple[ClaimFeatures, list[ClaimFeatureKey], Stored]:
    quote = features(claim.exact, claim.article.language)
    statement = features(claim.statement, "en") if claim.statement else None
    stored = Stored(quote, statement)
    row = ClaimFeatures(
        claim_id=claim.pk,
        algorithm=FEATURES_VERSION,
        claim_version=claim.version,
        digest=digest(claim),
        quote=encode(quote),
        statement=encode(statement) if statement else None,
    )
    return row, _key_rows(claim, stored), stored


@transaction.atomic
def claim_features_refresh(*, claims: list[Claim]) -> dict[int, Stored]:
    """Compute and store the features of `claims` (their articles loaded), replacing older rows.
    Two requests refreshing one claim at once store the same rows: the second one's are ignored."""
    computed = {claim.pk: _compute(claim) for claim in claims}
    ClaimFeatures.objects.filter(claim__in=list(computed)).delete()
    ClaimFeatureKey.objects.filter(claim__in=list(computed)).delete()
    ClaimFeatures.objects.bulk_create([row for row, _, _ in computed.values()], ignore_conflicts=True)
    _insert_keys([key for _, keys, _ in computed.values() for key in keys])
    return {pk: stored for pk, (_, _, stored) in computed.items()}


def _store_keys(claims: list[Claim], found: dict[int, Stored]) -> None:
    """Write again the key rows of claims whose texts did not change (their state may have)."""
    ClaimFeatureKey.objects.filter(claim__in=[claim.pk for claim in claims]).delete()
    rows = [row for claim in claims for row in _key_rows(claim, found[claim.pk])]
    _insert_keys(rows)


def _insert_keys(rows: list[ClaimFeatureKey]) -> None:
    """Insert key rows (thirty or so a claim), skipping those a concurrent refresh stored. On
    PostgreSQL as four arrays in one statement, not four parameters per row: the key rows'
    insert was about half of a refresh's time."""
    if connection.vendor != "postgresql":
        ClaimFeatureKey.objects.bulk_create(rows, ignore_conflicts=True)
        return
    if not rows:
        return
    columns = (
        [r.claim_id for r in rows],
        [r.article_id for r in rows],
        [r.key for r in rows],
        [r.in_quote for r in rows],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ClaimFeatureKey._meta.db_table} (claim_id, article_id, key, in_quote) "  # noqa: S608
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::boolean[]) ON CONFLICT DO NOTHING",
            columns,
        )


def stale_claims(*, since: tuple[datetime.datetime, int] | None = None):
    """The claims whose stored features are missing, of an older algorithm or an older version of
    the claim (a write since); with `since` (a time and a claim id), only among the claims written
    since that time or created after that claim (two indexes: an import may backdate a claim)."""
    fresh = ClaimFeatures.objects.filter(
        claim=OuterRef("pk"), algorithm=FEATURES_VERSION, claim_version=OuterRef("version")
    )
    claims = Claim.objects.all()
    if since:
        claims = claims.filter(Q(updated_at__gte=since[0]) | Q(pk__gt=since[1]))
    return claims.filter(~Exists(fresh))


def refresh_stale_features(
    *, batch: int = REFRESH_BATCH, since: tuple[datetime.datetime, int] | None = None
) -> int:
    """Bring every claim's stored features up to date (one query when they are); how many were
    recomputed. Rows whose texts did not change only take the claim's new version."""
    ids = list(stale_claims(since=since).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        read_features(
            list(Claim.objects.filter(pk__in=part).select_related("article", "features").defer(*DEFERRED))
        )
    return len(ids)


def refresh_changed_features() -> int:
    """`refresh_stale_features` among the claims written or created since the cache's last look
    (through indexes, whatever the desk's size); all of them on its first look."""
    started = timezone.now()
    last = Claim.objects.aggregate(last=Max("pk"))["last"] or 0
    checked = cache.get(CHECKED)
    count = refresh_stale_features(since=(checked[0] - CHECK_OVERLAP, checked[1]) if checked else None)
    cache.set(CHECKED, (started, last), timeout=None)
    return count


DEFERRED = ("article__body", "article__raw_text")


def _usable(claim: Claim) -> ClaimFeatures | None:
    try:
        row = claim.features
    except ClaimFeatures.DoesNotExist:
        return None
    if row.algorithm != FEATURES_VERSION or row.digest != digest(claim):
        return None
    return row


def _load(claims: list[Claim]) -> None:
    """Read the stored rows (and the articles' languages) of claims a page loaded without them."""
    without = [claim for claim in claims if not Claim.features.is_cached(claim)]
    prefetch_related_objects(without, "features")
    without = [claim for claim in claims if not Claim.article.is_cached(claim)]
    prefetch_related_objects(without, Prefetch("article", Article.objects.defer("body", "raw_text")))


def read_features(claims: list[Claim]) -> dict[int, Stored]:
    """The features of `claims` (loaded with their article and `features`): the stored ones where
    they are current, computed and stored where they are missing or stale."""
    _load(claims)
    found: dict[int, Stored] = {}
    stale, moved = [], []
    for claim in claims:
        row = _usable(claim)
        if row is None:
            stale.append(claim)
            continue
        found[claim.pk] = Stored(decode(row.quote), decode(row.statement) if row.statement else None)
        if row.claim_version != claim.version:
            row.claim_version = claim.version
            moved.append(row)
    if moved:
        ClaimFeatures.objects.bulk_update(moved, ["claim_version"])
        moved_ids = {row.pk for row in moved}
        _store_keys([claim for claim in claims if claim.pk in moved_ids], found)
    if stale:
        found.update(claim_features_refresh(claims=stale))
    return found
