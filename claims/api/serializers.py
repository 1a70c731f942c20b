from rest_framework import serializers

from claims.models import Claim


class ClaimSerializer(serializers.ModelSerializer):
    """A claim; its span is given as `start`/`end` (Unicode code points of the article's body,
    not UTF-16 units) and `exact`, which must agree. `target` repeats it as W3C selectors."""

    author = serializers.StringRelatedField()
    target = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "is_orphaned",
            "target",
            "statement",
            "claimant",
            "claim_date",
            "status",
            "version",
            "author",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "prefix",
            "suffix",
            "is_orphaned",
            "status",
            "version",
            "author",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"exact": {"trim_whitespace": False}}

    def get_target(self, claim: Claim) -> dict:
        return {"source": claim.article_id, "selector": claim.selector.as_web_annotation()}


class ClaimUpdateSerializer(serializers.ModelSerializer):
    """`version` is the claim's version you read: a write over a newer one is refused (409)."""

    version = serializers.IntegerField()

    class Meta:
        model = Claim
        fields = ["statement", "claimant", "claim_date", "version"]
