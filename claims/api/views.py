from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from articles.models import Article
from claims.access import access_claim, can_create_claims
from claims.api.serializers import ClaimSerializer, ClaimUpdateSerializer
from claims.models import Claim
from claims.services.claims import claim_create, claim_delete, claim_update
from claims.services.evidence import EditConflict


class Conflict(APIException):
    status_code = 409
    default_detail = "Someone saved this since you read it."
    default_code = "conflict"


class ClaimViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Claims. List them by article with `?article=<id>`; create with the span's selectors;
    only the author updates or deletes a draft."""

    serializer_class = ClaimSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["article", "status", "is_orphaned"]

    def get_queryset(self):
        return Claim.objects.select_related("author").order_by("article", "start", "end", "id")

    def get_object(self) -> Claim:
        for_write = self.request.method not in permissions.SAFE_METHODS
        return access_claim(self.request.user, self.kwargs["pk"], for_write=for_write)

    def create(self, request: Request) -> Response:
        if not can_create_claims(request.user):
            raise PermissionDenied("You may read claims but not create them.")
        serializer = ClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = get_object_or_404(Article, pk=data.pop("article").pk)
        try:
            claim = claim_create(article=article, by=request.user, **data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(ClaimSerializer(claim).data, status=201)

    @extend_schema(request=ClaimUpdateSerializer, responses=ClaimSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise ValidationError({"version": ["The version of the claim you read is required."]})
        values = {f: data.get(f, getattr(claim, f)) for f in ("statement", "claimant", "claim_date")}
        try:
            claim = claim_update(claim=claim, by=request.user, expected_version=data["version"], **values)
        except EditConflict as exc:
            raise Conflict(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(ClaimSerializer(claim).data)

    def perform_destroy(self, instance: Claim) -> None:
        claim_delete(claim=instance)
