"""The desk's sources, read-only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, viewsets

from claims.api.permissions import CanReadClaims
from claims.api.serializers import (
    SourceSerializer,
)
from claims.models import Source
from claims.review.evidence import normalize_url


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """The desk's sources; `?url=` finds the one a url normalizes to."""

    serializer_class = SourceSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadClaims]

    def get_queryset(self):
        sources = Source.objects.order_by("title", "id")
        url = self.request.query_params.get("url")
        if url:
            try:
                return sources.filter(url=normalize_url(url))
            except DjangoValidationError:
                return sources.none()
        return sources
