"""The desk's sources, read-only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from claims.api.permissions import CanReadClaims
from claims.api.serializers import (
    SourceSerializer,
)
from claims.models import Source
from claims.review.evidence import normalize_url
from claims.review.search import source_search
from factcheck.api import errors


class SourceQuerySerializer(serializers.Serializer):
    """The list's query: a url that is no text (a NUL byte) is refused, never sent to the database."""

    url = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The source this url normalizes to (none if it is not a url).",
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to find in the title (full-text on PostgreSQL), best matches first.",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[SourceQuerySerializer],
        responses={200: SourceSerializer(many=True), **errors(400, 403, 404)},
    ),
    retrieve=extend_schema(responses={200: SourceSerializer, **errors(403, 404)}),
)
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The desk's sources; `?url=` finds the one a url normalizes to, `?q=` searches the titles."""

    serializer_class = SourceSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadClaims]

    def get_queryset(self):
        sources = Source.objects.order_by("title", "id")
        if self.action != "list":
            return sources
        query = SourceQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        url = query.validated_data.get("url")
        if url:
            try:
                return sources.filter(url=normalize_url(url))
            except DjangoValidationError:
                return sources.none()
        return source_search(sources, query.validated_data.get("q", ""))
