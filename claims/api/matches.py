"""Match suggestions for a claim through the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import access_claim
from claims.matching.selectors import match_suggestions
from factcheck.api import errors


class MatchSerializer(serializers.Serializer):
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    contradictions = serializers.ListField(child=serializers.CharField())
    claim = serializers.IntegerField(source="claim.pk", allow_null=True, default=None)
    fact = serializers.IntegerField(source="fact.pk", allow_null=True, default=None)
    statement = serializers.SerializerMethodField()

    def get_statement(self, match) -> str:
        return (match.claim or match.fact).statement


class MatchViewSet(viewsets.ViewSet):
    """Match suggestions for a claim: the claims (and facts) of other articles likely about the
    same thing, best first, with the reasons and likely contradictions."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MatchSerializer(many=True), **errors(403, 404)})
    def list(self, request: Request, claim_pk: int) -> Response:
        claim = access_claim(request.user, claim_pk)
        return Response(MatchSerializer(match_suggestions(claim), many=True).data)
