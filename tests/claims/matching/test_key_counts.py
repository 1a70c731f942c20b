"""The desk's key counts (ClaimKeyCount), kept by database triggers, always equal a count of the
key rows of the claims not retracted, whatever writes the claims; and the sweep of changed claims
before suggestions reads only the claims written or created since its last look."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from claims.matching.features import CHECKED, refresh_changed_features, refresh_stale_features
from claims.matching.selectors import match_suggestions
from claims.models import Claim, ClaimFeatureKey, ClaimKeyCount
from claims.models.features import EVERY_CLAIM
from claims.reader.services import claim_delete, claim_update
from factcheck.versioning import versioned_save
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _claim(article, exact: str, statement: str, author) -> Claim:
    return Claim.objects.create(
        article=article,
        start=0,
        end=len(exact),
        exact=exact,
        statement=statement,
        claimant="The outlet",
        author=author,
    )


def _counted() -> dict[str, tuple[int, int]]:
    """Every key's counts from a reading of the live claims' features, as a count of rows would."""
    live = Claim.objects.exclude(status=Claim.Status.RETRACTED)
    rows = (
        ClaimFeatureKey.objects.filter(claim__in=live)
        .values("key")
        .annotate(claims=Count("pk"), quote_claims=Count("pk", filter=Q(in_quote=True)))
    )
    return {row["key"]: (row["claims"], row["quote_claims"]) for row in rows}


def _kept() -> dict[str, tuple[int, int]]:
    rows = ClaimKeyCount.objects.exclude(claims=0, quote_claims=0)
    return {row.key: (row.claims, row.quote_claims) for row in rows}


def test_key_counts_follow_claims_created_updated_retracted_and_deleted(fact_checker):
    article, other = ArticleFactory(), ArticleFactory()
    claim = _claim(article, "Meta delayed Behemoth.", "Meta delayed Behemoth.", fact_checker)
    twin = _claim(other, "Meta delayed Behemoth to June.", "Meta delayed Behemoth.", fact_checker)
    draft = _claim(other, "The tokenizer was praised.", "Zuckerberg praised the tokenizer.", fact_checker)
    refresh_stale_features()
    assert _kept() == _counted()
    assert _kept()[EVERY_CLAIM] == (3, 3)
    assert _kept()["word:en:tokenizer"] == (1, 1)
    assert _kept()["word:en:zuckerberg"] == (1, 0)  # only in the statement

    claim_update(
        claim=claim, statement="Zuckerberg praised Behemoth.", claimant="The outlet", by=fact_checker
    )
    match_suggestions(Claim.objects.get(pk=claim.pk))
    assert _kept() == _counted()
    assert _kept()["word:en:zuckerberg"] == (2, 0)

    twin.status = Claim.Status.RETRACTED
    versioned_save(twin, by=fact_checker, fields=["status"])
    match_suggestions(Claim.objects.get(pk=claim.pk))
    assert not ClaimFeatureKey.objects.filter(claim=twin).exists()
    assert _kept() == _counted()
    assert _kept()[EVERY_CLAIM] == (2, 2)

    claim_delete(claim=draft)
    assert _kept() == _counted()
    assert "word:en:tokenizer" not in _kept()
    assert _kept()[EVERY_CLAIM] == (1, 1)

    twin.status = Claim.Status.PUBLISHED  # taken back: its keys count again, nothing recomputed
    versioned_save(twin, by=fact_checker, fields=["status"])
    refresh_stale_features()
    assert _kept() == _counted()
    assert _kept()[EVERY_CLAIM] == (2, 2)


def test_the_sweep_reads_only_claims_written_or_created_since_its_last_look(fact_checker):
    article = ArticleFactory()
    claim = _claim(article, "Meta delayed Behemoth.", "Meta delayed Behemoth.", fact_checker)
    cache.delete(CHECKED)
    assert refresh_changed_features() == 1  # a first look reads every claim
    assert refresh_changed_features() == 0
    old = timezone.now() - datetime.timedelta(days=30)
    # An import with an old date: found as a claim created since the last look.
    backdated = _claim(article, "Behemoth was delayed again.", "Behemoth was delayed.", fact_checker)
    Claim.objects.filter(pk=backdated.pk).update(updated_at=old)
    # Stale, but neither written nor created since the last look: left to the next full sweep.
    Claim.objects.filter(pk=claim.pk).update(version=claim.version + 1, updated_at=old)
    assert refresh_changed_features() == 1
    cache.delete(CHECKED)
    assert refresh_changed_features() == 1
