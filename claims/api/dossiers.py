"""The public dossiers through the API: read-only, throttled, no login."""

from django.db.models import F, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from claims.access import slug_or_404
from claims.api.serializers import RevisionSummarySerializer
from claims.models import DossierRevision, Story
from factcheck.api import errors


class PublicStorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    latest_revision = serializers.IntegerField(source="number")
    published_at = serializers.DateTimeField()


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

    @property
    def pagination_class(self):  # type: ignore[override]
        """The list of dossiers is paginated; a story's revisions are all of them, in one array."""
        return None if self.action == "retrieve" else api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        responses={200: PublicStorySerializer(many=True), **errors(404, 429)},
        operation_id="public_dossiers_list",
    )
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
        responses={200: RevisionSummarySerializer(many=True), **errors(404, 429)},
        operation_id="public_dossier_revisions_list",
    )
    def retrieve(self, request: Request, slug: str) -> Response:
        """The story's revisions, newest first."""
        revisions = list(
            DossierRevision.objects.filter(story__slug=slug_or_404(slug))
            .select_related("story")
            .order_by("-number")
            .only("number", "published_at", "change_note", "is_correction", "story__slug")
        )
        if not revisions:
            raise NotFound("No dossier is published at this address.")
        return Response(RevisionSummarySerializer(revisions, many=True).data)

    @extend_schema(
        responses={200: dict, **errors(404, 429)},
        operation_id="public_dossier_revision_retrieve",
    )
    @action(detail=True, methods=["get"], url_path=r"revisions/(?P<number>\d+)")
    def revision(self, request: Request, slug: str, number: str) -> Response:
        """One revision's frozen snapshot."""
        revision = get_object_or_404(
            DossierRevision.objects.only("snapshot"), story__slug=slug_or_404(slug), number=number
        )
        return Response(revision.snapshot)
