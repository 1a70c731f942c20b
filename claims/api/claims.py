"""Claims through the API: create, read, update a draft, move through review, evidence."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from articles.models import Article
from claims.access import access_claim, can_create_claims
from claims.api.permissions import CanReadClaims
from claims.api.serializers import (
    AssignSerializer,
    ClaimSerializer,
    ClaimSourceSerializer,
    ClaimSourceUpdateSerializer,
    ClaimUpdateSerializer,
    CommentSerializer,
    DuplicateClaimSerializer,
    DuplicateClaimsSerializer,
    SourceAttachSerializer,
    TransitionRequestSerializer,
    TransitionSerializer,
    VerdictSerializer,
)
from claims.models import Claim, ClaimSource
from claims.reader.services import DuplicateClaim, claim_create, claim_delete, claim_update
from claims.review.assignment import assignment_set
from claims.review.evidence import (
    claim_source_update,
    comment_add,
    source_attach,
    source_detach,
    verdict_set,
)
from claims.review.search import claim_search
from claims.review.workflow import review_transition, verdict_of
from factcheck.api import Conflict, errors

# One list of answers per kind of operation: 403 is also the answer to a client not logged in.
READ = errors(403, 404)
WRITE = errors(403, 404, body=True)
VERSIONED_WRITE = errors(403, 404, 409, body=True)
DUPLICATE = OpenApiResponse(
    DuplicateClaimsSerializer,
    "The claim duplicates claims of its article (its span overlaps theirs, or its statement "
    "restates one): nothing was saved. The answer names them; send `save_anyway: true` to create "
    "it all the same.",
)


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        help_text="Words to find in the statement or the quote: full-text search in the claim's "
        "article's language on PostgreSQL, best matches first.",
    )

    class Meta:
        model = Claim
        fields = ["q", "article", "status", "is_orphaned"]

    def search(self, queryset, name: str, value: str):
        return claim_search(queryset, value)


@extend_schema_view(
    list=extend_schema(responses={200: ClaimSerializer(many=True), **errors(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ClaimSerializer, **READ}),
    destroy=extend_schema(responses={204: None, **READ}),
)
class ClaimViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Claims. List them by article with `?article=<id>`, search them with `?q=`; create with the
    span's selectors; only the author updates or deletes a draft."""

    serializer_class = ClaimSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadClaims]
    filterset_class = ClaimFilter

    def get_queryset(self):
        return Claim.objects.select_related("author", "assignee", "requested_reviewer").order_by(
            "article", "start", "end", "id"
        )

    def get_object(self) -> Claim:
        for_write = self.request.method not in permissions.SAFE_METHODS
        return access_claim(self.request.user, self.kwargs["pk"], for_write=for_write)

    def handle_exception(self, exc: Exception) -> Response:
        # The shared mapping answers a duplicate (an EditConflict) with its message only: the
        # claims API also names the claims it duplicates.
        if isinstance(exc, DuplicateClaim):
            context = {"request": self.request}
            duplicates = DuplicateClaimSerializer(exc.duplicates, many=True, context=context).data
            exc = Conflict(
                f"{exc} To create it all the same, send it again with save_anyway: true.",
                body={"duplicates": duplicates},
            )
        return super().handle_exception(exc)

    @extend_schema(responses={201: ClaimSerializer, 409: DUPLICATE, **errors(403, body=True)})
    def create(self, request: Request) -> Response:
        """Create a draft claim on a span of an article. A claim that duplicates claims of the
        article (its span overlaps theirs, or its statement restates one) is refused with a 409
        naming them, unless `save_anyway` is true."""
        if not can_create_claims(request.user):
            raise PermissionDenied("You may read claims but not create them.")
        serializer = ClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = get_object_or_404(Article, pk=data.pop("article").pk)
        claim = claim_create(article=article, by=request.user, **data)
        return Response(ClaimSerializer(claim).data, status=201)

    @extend_schema(request=ClaimUpdateSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    def partial_update(self, request: Request, pk: int) -> Response:
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise ValidationError({"version": ["The version of the claim you read is required."]})
        values = {f: data.get(f, getattr(claim, f)) for f in ("statement", "claimant", "claim_date")}
        claim = claim_update(claim=claim, by=request.user, expected_version=data["version"], **values)
        return Response(ClaimSerializer(claim).data)

    def perform_destroy(self, instance: Claim) -> None:
        claim_delete(claim=instance)

    # -- review workflow: every move goes through review_transition -------------------------

    def _move(self, request: Request, pk: int, action: str) -> Response:
        claim = access_claim(request.user, pk)
        data = TransitionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        claim = review_transition(
            item=claim,
            action=action,
            by=request.user,
            comment=values["comment"],
            expected_version=values["version"],
            requested_reviewer=values["requested_reviewer"],
        )
        return Response(ClaimSerializer(claim).data)

    @extend_schema(request=AssignSerializer, responses={200: ClaimSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        """Give the claim to someone with a desk role (or to nobody), with an optional due date."""
        claim = access_claim(request.user, pk)
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = assignment_set(item=claim, by=request.user, **data.validated_data)
        return Response(ClaimSerializer(claim).data)

    @extend_schema(request=TransitionRequestSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        """Send the draft (or the claim sent back) for review: needs a verdict and a source."""
        return self._move(request, pk, "submit")

    @extend_schema(request=TransitionRequestSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        """Approve a claim in review (reviewers only, never one's own: four eyes)."""
        return self._move(request, pk, "approve")

    @extend_schema(request=TransitionRequestSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    @action(detail=True, methods=["post"])
    def request_changes(self, request: Request, pk: int) -> Response:
        """Send a claim in review back to its author, with a comment saying why."""
        return self._move(request, pk, "request_changes")

    @extend_schema(request=TransitionRequestSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: int) -> Response:
        return self._move(request, pk, "publish")

    @extend_schema(request=TransitionRequestSerializer, responses={200: ClaimSerializer, **VERSIONED_WRITE})
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: int) -> Response:
        """Withdraw a published claim, with the reason (it stays visible, marked)."""
        return self._move(request, pk, "retract")

    @extend_schema(responses={200: TransitionSerializer(many=True), **READ})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request: Request, pk: int) -> Response:
        claim = access_claim(request.user, pk)
        return Response(TransitionSerializer(claim.transitions.select_related("by"), many=True).data)

    # -- evidence -------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses={200: VerdictSerializer, **READ},
        description="The claim's verdict; 404 also when it has none yet.",
    )
    @extend_schema(
        methods=["PUT"],
        request=VerdictSerializer,
        responses={200: VerdictSerializer, **VERSIONED_WRITE},
        description="Give the claim its verdict, or change it (with the `version` read).",
    )
    @action(detail=True, methods=["get", "put"])
    def verdict(self, request: Request, pk: int) -> Response:
        claim = access_claim(request.user, pk)
        if request.method == "GET":
            verdict = verdict_of(claim)
            if verdict is None:
                raise NotFound("The claim has no verdict yet.")
            return Response(VerdictSerializer(verdict).data)
        data = VerdictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if verdict_of(claim) is not None and "version" not in values:
            raise ValidationError({"version": ["The version of the verdict you read is required."]})
        verdict = verdict_set(
            claim=claim,
            by=request.user,
            rating=values["rating"],
            rationale=values["rationale"],
            expected_version=values.get("version"),
        )
        return Response(VerdictSerializer(verdict).data)

    @extend_schema(methods=["GET"], responses={200: ClaimSourceSerializer(many=True), **READ})
    @extend_schema(
        methods=["POST"], request=SourceAttachSerializer, responses={201: ClaimSourceSerializer, **WRITE}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def sources(self, request: Request, pk: int) -> Response:
        claim = access_claim(request.user, pk)
        if request.method == "GET":
            links = claim.claim_sources.select_related("source", "added_by")
            return Response(ClaimSourceSerializer(links, many=True).data)
        data = SourceAttachSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = source_attach(claim=claim, by=request.user, **data.validated_data)
        return Response(ClaimSourceSerializer(link).data, status=201)

    @extend_schema(methods=["DELETE"], request=None, responses={204: None, **READ})
    @extend_schema(
        methods=["PATCH"],
        request=ClaimSourceUpdateSerializer,
        responses={200: ClaimSourceSerializer, **WRITE},
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"sources/(?P<link_id>\d+)")
    def source_link(self, request: Request, pk: int, link_id: str) -> Response:
        """Change a source's stance, quote or note for this claim (PATCH), or detach it (DELETE)."""
        claim = access_claim(request.user, pk)
        link = get_object_or_404(ClaimSource.objects.select_related("source"), pk=link_id, claim=claim)
        if request.method == "DELETE":
            source_detach(claim_source=link, by=request.user)
            return Response(status=204)
        data = ClaimSourceUpdateSerializer(link, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {f: data.validated_data.get(f, getattr(link, f)) for f in ("stance", "quote", "note")}
        link = claim_source_update(claim_source=link, by=request.user, **values)
        return Response(ClaimSourceSerializer(link).data)

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True), **READ})
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer, **WRITE})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def comments(self, request: Request, pk: int) -> Response:
        claim = access_claim(request.user, pk)
        if request.method == "GET":
            return Response(CommentSerializer(claim.comments.select_related("author"), many=True).data)
        if not request.user.has_perm("claims.add_comment"):
            raise PermissionDenied("You may read the conversation but not take part in it.")
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_add(claim=claim, by=request.user, body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=201)
