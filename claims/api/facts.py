"""Facts through the API: compose, review, attach and detach claims."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import access_fact
from claims.api.permissions import CanReadStories
from claims.api.serializers import AssignSerializer
from claims.models import Claim, Fact
from claims.ratings import Rating
from claims.review.assignment import assignment_set
from claims.review.workflow import TRANSITIONS, review_transition
from claims.stories.services import fact_attach_claim, fact_create, fact_detach_claim, fact_update
from factcheck.api import errors


class FactSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField(allow_null=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    requested_reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
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
            "assignee",
            "due_on",
            "requested_reviewer",
            "version",
            "claims",
            "claim",
        ]
        read_only_fields = ["due_on", "position", "status", "retraction_reason", "approved_at", "version"]


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
    requested_reviewer = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
        default=None,
        help_text="With submit: the reviewer asked for (a username; never the submitter).",
    )


class ClaimRefSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())


@extend_schema_view(
    list=extend_schema(responses={200: FactSerializer(many=True), **errors(400, 403, 404)}),
    retrieve=extend_schema(responses={200: FactSerializer, **errors(403, 404)}),
)
class FactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Facts of stories (`?story=<id>`). Editors create them (from a claim, optionally) and
    compose them while they are theirs; they go through review like claims."""

    serializer_class = FactSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadStories]
    filterset_fields = ["story", "status"]

    def get_object(self) -> Fact:
        return access_fact(self.request.user, self.kwargs["pk"], queryset=self.get_queryset())

    def get_queryset(self):
        return Fact.objects.select_related(
            "author", "approved_by", "assignee", "requested_reviewer"
        ).prefetch_related("claims")

    @extend_schema(responses={201: FactSerializer, **errors(403, body=True)})
    def create(self, request: Request) -> Response:
        serializer = FactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fact = fact_create(
            story=data["story"],
            statement=data["statement"],
            happened_on=data.get("happened_on"),
            claim=data.get("claim"),
            by=request.user,
        )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data, status=201)

    @extend_schema(
        request=FactUpdateSerializer, responses={200: FactSerializer, **errors(403, 404, 409, body=True)}
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        fact = self.get_object()
        serializer = FactUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = ("statement", "happened_on", "rating", "rationale", "reconciliation")
        fact_update(
            fact=fact,
            by=request.user,
            expected_version=data["version"],
            **{field: data.get(field, getattr(fact, field)) for field in fields},
        )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(
        request=FactReviewSerializer, responses={200: FactSerializer, **errors(403, 404, 409, body=True)}
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        """Move the fact through review: submit, approve, request_changes, correct, retract."""
        fact = self.get_object()
        data = FactReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review_transition(
            item=fact,
            action=values["action"],
            by=request.user,
            comment=values["comment"],
            expected_version=values["version"],
            requested_reviewer=values["requested_reviewer"],
        )
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=AssignSerializer, responses={200: FactSerializer, **errors(403, 404, body=True)})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        """Give the fact to someone with a desk role (or to nobody), with an optional due date."""
        fact = self.get_object()
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment_set(item=fact, by=request.user, **data.validated_data)
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=ClaimRefSerializer, responses={200: FactSerializer, **errors(403, 404, body=True)})
    @action(detail=True, methods=["post"], url_path="claims")
    def attach(self, request: Request, pk: int) -> Response:
        """Put a claim under this fact (a claim is in one fact at most)."""
        fact = self.get_object()
        data = ClaimRefSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fact_attach_claim(fact=fact, claim=data.validated_data["claim"], by=request.user)
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)

    @extend_schema(request=None, responses={200: FactSerializer, **errors(400, 403, 404)})
    @action(detail=True, methods=["delete"], url_path=r"claims/(?P<claim_id>\d+)")
    def detach(self, request: Request, pk: int, claim_id: str) -> Response:
        fact = self.get_object()
        fact_detach_claim(fact=fact, claim=get_object_or_404(Claim, pk=claim_id), by=request.user)
        return Response(FactSerializer(self.get_queryset().get(pk=fact.pk)).data)
