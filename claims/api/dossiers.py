"""The API for stories, facts and dossiers.

Desk endpoints (authenticated) compose and publish; the public endpoints serve the frozen
revisions, read-only, to anyone, throttled.
"""

from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from claims.access import access_claim
from claims.api.views import service_errors
from claims.models import Claim, DossierRevision, Fact, Story
from claims.ratings import Rating
from claims.selectors import match_suggestions
from claims.services.dossiers import dossier_publish
from claims.services.facts import (
    fact_attach_claim,
    fact_create,
    fact_detach_claim,
    fact_update,
    story_create,
)
from claims.services.workflow import TRANSITIONS, review_transition


class CanReadStories(permissions.BasePermission):
    message = "Your account has no role on the desk yet: ask an admin."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("claims.view_story")


# -- serializers ----------------------------------------------------------------------------


class StorySerializer(serializers.ModelSerializer):
    lead_editor = serializers.StringRelatedField()
    latest_revision = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Story
        fields = ["id", "slug", "title", "summary", "lead_editor", "version", "latest_revision"]
        read_only_fields = ["lead_editor", "version"]
        extra_kwargs = {"slug": {"validators": []}}  # the service says when the address is taken


class FactSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField()
    claims = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        write_only=True,
        required=False,
        help_text="Make the fact from this claim.",
    )

    class Meta:
        model = Fact
        fields = [
            "id",
            "story",
            "statement",
            "happened_on",
            "rating",
            "rationale",
            "reconciliation",
            "position",
            "status",
            "retraction_reason",
            "author",
            "approved_by",
            "approved_at",
            "version",
            "claims",
            "claim",
        ]
        read_only_fields = ["position", "status", "retraction_reason", "approved_at", "version"]


class FactUpdateSerializer(serializers.Serializer):
    """The fields to change (the others keep their values); `version` is the fact's version
    you read: a write over a newer one is refused (409)."""

    statement = serializers.CharField(required=False)
    happened_on = serializers.DateField(allow_null=True, required=False)
    rating = serializers.ChoiceField(
        choices=[("", "No verdict yet"), *Rating.choices], allow_blank=True, required=False
    )
    rationale = serializers.CharField(allow_blank=True, required=False)
    reconciliation = serializers.CharField(allow_blank=True, required=False)
    version = serializers.IntegerField()


class FactReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ClaimRefSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())


class PublishSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class RevisionSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DossierRevision
        fields = ["number", "published_at", "change_note", "is_correction", "url"]

    def get_url(self, revision: DossierRevision) -> str:
        return revision.get_absolute_url()


class PublicStorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    latest_revision = serializers.IntegerField(source="number")
    published_at = serializers.DateTimeField()


class MatchSerializer(serializers.Serializer):
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    contradictions = serializers.ListField(child=serializers.CharField())
    claim = serializers.IntegerField(source="claim.pk", allow_null=True, default=None)
    fact = serializers.IntegerField(source="fact.pk", allow_null=True, default=None)
    statement = serializers.SerializerMethodField()

    def get_statement(self, match) -> str:
        return (match.claim or match.fact).statement


# -- desk -----------------------------------------------------------------------------------


class StoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stories. Editors create them and publish their dossiers."""

    serializer_class = StorySerializer
    permission_classes = [permissions.IsAuthenticated, CanReadStories]
    lookup_field = "slug"

    def get_queryset(self):
        return Story.objects.select_related("lead_editor").annotate(latest_revision=Max("revisions__number"))

    def create(self, request: Request) -> Response:
        serializer = StorySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            story = story_create(
                title=data["title"], slug=data["slug"], summary=data.get("summary", ""), by=request.user
            )
        return Response(StorySerializer(self.get_queryset().get(pk=story.pk)).data, status=201)

    @extend_schema(request=PublishSerializer, responses={201: RevisionSummarySerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        """Freeze the story's approved facts into its next dossier revision (editors; four eyes)."""
        story = self.get_object()
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            revision = dossier_publish(
                story=story, by=request.user, change_note=data.validated_data["change_note"]
            )
        return Response(RevisionSummarySerializer(revision).data, status=201)


class FactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Facts of stories (`?story=<id>`). Editors create them (from a claim, optionally) and
    compose them while they are theirs; they go through review like claims."""

    serializer_class = FactSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadStories]
    filterset_fields = ["story", "status"]

    def get_queryset(self):
        return Fact.objects.select_related("author", "approved_by").prefetch_related("claims")

    def create(self, request: Request) -> Response:
        serializer = FactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            fact = fact_create(
                story=data["story"],
                statement=data["statement"],
                happened_on=data.get("happened_on"),
                claim=data.get("claim"),
                by=request.user,
            )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data, status=201)

    @extend_schema(request=FactUpdateSerializer, responses=FactSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        fact = self.get_object()
        serializer = FactUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = ("statement", "happened_on", "rating", "rationale", "reconciliation")
        with service_errors():
            fact_update(
                fact=fact,
                by=request.user,
                expected_version=data["version"],
                **{field: data.get(field, getattr(fact, field)) for field in fields},
            )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=FactReviewSerializer, responses=FactSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        """Move the fact through review: submit, approve, request_changes, correct, retract."""
        fact = self.get_object()
        data = FactReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors():
            review_transition(
                item=fact,
                action=values["action"],
                by=request.user,
                comment=values["comment"],
                expected_version=values["version"],
            )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=ClaimRefSerializer, responses=FactSerializer)
    @action(detail=True, methods=["post"], url_path="claims")
    def attach(self, request: Request, pk: int) -> Response:
        """Put a claim under this fact (a claim is in one fact at most)."""
        fact = self.get_object()
        data = ClaimRefSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            fact_attach_claim(fact=fact, claim=data.validated_data["claim"], by=request.user)
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=None, responses=FactSerializer)
    @action(detail=True, methods=["delete"], url_path=r"claims/(?P<claim_id>\d+)")
    def detach(self, request: Request, pk: int, claim_id: str) -> Response:
        fact = self.get_object()
        with service_errors():
            fact_detach_claim(fact=fact, claim=get_object_or_404(Claim, pk=claim_id), by=request.user)
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)


class MatchViewSet(viewsets.ViewSet):
    """Match suggestions for a claim: the claims (and facts) of other articles likely about the
    same thing, best first, with the reasons and likely contradictions."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MatchSerializer(many=True))
    def list(self, request: Request, claim_pk: int) -> Response:
        claim = access_claim(request.user, claim_pk)
        return Response(MatchSerializer(match_suggestions(claim), many=True).data)


# -- public ---------------------------------------------------------------------------------


class PublicDossierThrottle(AnonRateThrottle):
    scope = "dossiers"


class PublicDossierViewSet(viewsets.GenericViewSet):
    """Published dossiers, for anyone: the stories, their revisions, and each revision's frozen
    snapshot (the same content as the public page and its JSON export)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [PublicDossierThrottle]
    lookup_field = "slug"
    serializer_class = RevisionSummarySerializer
    queryset = Story.objects.none()

    @extend_schema(responses=PublicStorySerializer(many=True), operation_id="public_dossiers_list")
    def list(self, request: Request) -> Response:
        """The published stories, as their latest revision shows them."""
        latest = (
            DossierRevision.objects.filter(story=OuterRef("story")).order_by("-number").values("number")[:1]
        )
        stories = (
            DossierRevision.objects.filter(number=Subquery(latest))
            .annotate(
                slug=F("story__slug"),
                title=KT("snapshot__story__title"),
                summary=KT("snapshot__story__summary"),
            )
            .values("slug", "title", "summary", "number", "published_at")
            .order_by("-published_at")
        )
        page = self.paginate_queryset(stories)
        return self.get_paginated_response(PublicStorySerializer(page, many=True).data)

    @extend_schema(
        responses=RevisionSummarySerializer(many=True), operation_id="public_dossier_revisions_list"
    )
    def retrieve(self, request: Request, slug: str) -> Response:
        """The story's revisions, newest first."""
        revisions = list(
            DossierRevision.objects.filter(story__slug=slug)
            .select_related("story")
            .order_by("-number")
            .only("number", "published_at", "change_note", "is_correction", "story__slug")
        )
        if not revisions:
            raise NotFound("No dossier is published at this address.")
        return Response(RevisionSummarySerializer(revisions, many=True).data)

    @extend_schema(responses={200: dict}, operation_id="public_dossier_revision_retrieve")
    @action(detail=True, methods=["get"], url_path=r"revisions/(?P<number>\d+)")
    def revision(self, request: Request, slug: str, number: str) -> Response:
        """One revision's frozen snapshot."""
        revision = get_object_or_404(
            DossierRevision.objects.only("snapshot"), story__slug=slug, number=number
        )
        return Response(revision.snapshot)
