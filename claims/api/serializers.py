from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims.models import Claim, ClaimSource, Comment, DossierRevision, Source, Stance, Transition, Verdict
from claims.ratings import review_rating


class ClaimSerializer(serializers.ModelSerializer):
    """A claim; its span is given as `start`/`end` (Unicode code points of the article's body,
    not UTF-16 units) and `exact`, which must agree. `target` repeats it as W3C selectors."""

    author = serializers.StringRelatedField()
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    requested_reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    target = serializers.SerializerMethodField()
    save_anyway = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "Create the claim even if it duplicates claims of the article: its span overlaps "
            "theirs (spans that only touch do not), or its statement restates one (compared "
            "casefolded, white space collapsed, final punctuation dropped); retracted and "
            "orphaned claims are not counted. Without it such a claim is refused with a 409 "
            "naming the claims it duplicates."
        ),
    )

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
            "assignee",
            "due_on",
            "requested_reviewer",
            "created_at",
            "updated_at",
            "save_anyway",
        ]
        read_only_fields = [
            "due_on",
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


class DuplicateClaimSerializer(serializers.ModelSerializer):
    """An existing claim that a new one would duplicate; `url` is its address in the API."""

    url = serializers.HyperlinkedIdentityField(view_name="claim-detail")

    class Meta:
        model = Claim
        fields = ["id", "exact", "start", "end", "status", "url"]
        read_only_fields = fields


class DuplicateClaimsSerializer(serializers.Serializer):
    """The answer to a new claim that duplicates claims of its article (a 409): why, and which
    claims. Send it again with `save_anyway` to create it all the same."""

    detail = serializers.CharField()
    duplicates = DuplicateClaimSerializer(many=True)


class ClaimUpdateSerializer(serializers.ModelSerializer):
    """`version` is the claim's version you read: a write over a newer one is refused (409)."""

    version = serializers.IntegerField()

    class Meta:
        model = Claim
        fields = ["statement", "claimant", "claim_date", "version"]


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = Transition
        fields = ["id", "action", "from_status", "to_status", "by", "at", "comment"]


def _user_by_username(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True), **kwargs
    )


class AssignSerializer(serializers.Serializer):
    """Who works on it next (a username; null: nobody), and by when (claims/review/assignment.py:
    editors assign anything, a fact-checker only their own drafts, to themselves)."""

    assignee = _user_by_username(allow_null=True)
    due_on = serializers.DateField(allow_null=True, required=False, default=None)


class TransitionRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    requested_reviewer = _user_by_username(
        allow_null=True,
        required=False,
        default=None,
        help_text="With submit: the reviewer asked for (a username; never the submitter).",
    )
    version = serializers.IntegerField(
        required=False,
        default=None,
        help_text="The claim's version you reviewed: a claim changed since is not moved (409).",
    )


class VerdictSerializer(serializers.ModelSerializer):
    """`version` is required to change an existing verdict (a stale one is refused with 409)."""

    author = serializers.StringRelatedField(read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True, allow_null=True)
    version = serializers.IntegerField(required=False)
    review_rating = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = ["rating", "rationale", "author", "approved_by", "approved_at", "version", "review_rating"]
        read_only_fields = ["approved_at"]

    def get_review_rating(self, verdict: Verdict) -> dict:
        return review_rating(verdict.rating)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published_on", "archived_url"]


class ClaimSourceSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    added_by = serializers.StringRelatedField()

    class Meta:
        model = ClaimSource
        fields = ["id", "source", "stance", "quote", "note", "added_by", "created_at"]


class SourceAttachSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    stance = serializers.ChoiceField(choices=Stance.choices)
    title = serializers.CharField(max_length=500, required=False, default="")
    publisher = serializers.CharField(max_length=300, required=False, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    archived_url = serializers.URLField(max_length=2000, required=False, default="")
    quote = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["author", "created_at"]


class ClaimSourceUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimSource
        fields = ["stance", "quote", "note"]


class RevisionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DossierRevision
        fields = ["number", "published_at", "change_note", "is_correction", "url"]

    def get_url(self, revision: DossierRevision) -> str:
        return revision.get_absolute_url()
