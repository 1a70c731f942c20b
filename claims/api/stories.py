"""Stories through the API: create, read, publish their dossier."""

from django.db.models import Max
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import access_story
from claims.api.permissions import CanReadStories
from claims.api.serializers import RevisionSummarySerializer
from claims.dossiers.publish import dossier_publish
from claims.models import Story
from claims.stories.services import story_create
from factcheck.api import errors


class StorySerializer(serializers.ModelSerializer):
    lead_editor = serializers.StringRelatedField()
    latest_revision = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Story
        fields = ["id", "slug", "title", "summary", "lead_editor", "version", "latest_revision"]
        read_only_fields = ["lead_editor", "version"]
        extra_kwargs = {"slug": {"validators": []}}  # the service says when the address is taken


class PublishSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(responses={200: StorySerializer(many=True), **errors(403, 404)}),
    retrieve=extend_schema(responses={200: StorySerializer, **errors(403, 404)}),
)
class StoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stories. Editors create them and publish their dossiers."""

    serializer_class = StorySerializer
    permission_classes = [permissions.IsAuthenticated, CanReadStories]
    lookup_field = "slug"

    def get_object(self) -> Story:
        return access_story(self.request.user, self.kwargs["slug"], queryset=self.get_queryset())

    def get_queryset(self):
        # An aggregate drops Meta.ordering: the list is ordered here, so its pages are stable.
        return (
            Story.objects.select_related("lead_editor")
            .annotate(latest_revision=Max("revisions__number"))
            .order_by("title", "id")
        )

    @extend_schema(responses={201: StorySerializer, **errors(403, body=True)})
    def create(self, request: Request) -> Response:
        serializer = StorySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        story = story_create(
            title=data["title"], slug=data["slug"], summary=data.get("summary", ""), by=request.user
        )
        return Response(StorySerializer(self.get_queryset().get(pk=story.pk)).data, status=201)

    @extend_schema(
        request=PublishSerializer, responses={201: RevisionSummarySerializer, **errors(403, 404, body=True)}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        """Freeze the story's approved facts into its next dossier revision (editors; four eyes)."""
        story = self.get_object()
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revision = dossier_publish(
            story=story, by=request.user, change_note=data.validated_data["change_note"]
        )
        return Response(RevisionSummarySerializer(revision).data, status=201)
