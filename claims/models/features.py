"""A claim's matching features, stored so that match suggestions read them instead of computing
them from every claim's text on every page (claims/matching/features.py keeps them current)."""

from django.db import models

from articles.models import Article
from claims.models.claim import Claim


class ClaimFeatures(models.Model):
    """What a claim's quote and statement say for matching, as of one version of the claim and of
    the algorithm: rows of an older algorithm, or whose texts changed since, are recomputed."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="features")
    algorithm = models.PositiveSmallIntegerField()
    claim_version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64, help_text="SHA-256 of the algorithm version and the texts read.")
    quote = models.JSONField()
    statement = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"features of claim {self.claim_id}"


EVERY_CLAIM = ""  # the key every claim not retracted holds: its rows count the claims


class ClaimFeatureKey(models.Model):
    """One feature key of one claim (a lemma, a name, a concept, a typed figure, a date): the index
    that finds the claims sharing a key, and counts them for its rarity, without reading texts.
    Only claims not retracted have rows, each one an `EVERY_CLAIM` row besides its keys."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="feature_keys", db_index=False)
    # The claim's article, kept here so that "claims of other articles" needs no join.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=200)
    in_quote = models.BooleanField(help_text="Found in the quote (not only in the statement).")

    class Meta:
        indexes = [
            models.Index(fields=["key", "article", "claim", "in_quote"], name="claims_feature_key_lookup"),
            # The keys of a few articles' claims, counted for rarity (claims migration 0015).
            models.Index(fields=["article", "key", "in_quote"], name="claims_feature_key_article"),
        ]
        constraints = [models.UniqueConstraint(fields=["claim", "key"], name="claims_feature_key_unique")]

    def __str__(self) -> str:
        return self.key


class ClaimKeyCount(models.Model):
    """How many claims hold a feature key (the desk's document frequencies): read by match
    suggestions instead of counting the key's rows, which grow with the desk. Kept by database
    triggers on ClaimFeatureKey (claims migration 0015), so that no write, bulk or cascading, can
    leave it behind. The key `EVERY_CLAIM` counts the claims themselves."""

    key = models.CharField(max_length=200, primary_key=True)
    claims = models.IntegerField(default=0, help_text="Claims holding the key in the quote or the statement.")
    quote_claims = models.IntegerField(default=0, help_text="Claims holding it in the quote.")

    def __str__(self) -> str:
        return f"{self.key}: {self.claims}"
