from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from articles.access import access_import_batch, can_import, can_read_articles, can_view_imports
from articles.api.serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ImportBatchSerializer,
    ImportItemSerializer,
    ImportUploadSerializer,
)
from articles.filters import ArticleFilter
from articles.models import ImportBatch, ImportItem
from articles.selectors import article_list, article_snippets
from articles.services.batches import NOT_QUEUED, import_batch_requeue
from articles.services.import_ import import_uploaded_files
from factcheck.api import Conflict, errors


class CanImport(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_import(request.user)


class CanViewImports(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method == "POST":
            return can_import(request.user)
        return can_view_imports(request.user)


@extend_schema_view(get=extend_schema(responses={200: ImportBatchSerializer(many=True), **errors(403, 404)}))
class ImportBatchListCreate(generics.ListAPIView):
    """Import batches, newest first; POST files (multipart, field `files`) to start one."""

    permission_classes = [permissions.IsAuthenticated, CanViewImports]
    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser]
    queryset = ImportBatch.objects.select_related("created_by")

    @extend_schema(
        request=ImportUploadSerializer, responses={202: ImportBatchSerializer, **errors(403, body=True)}
    )
    def post(self, request: Request) -> Response:
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        batch = import_uploaded_files(
            files=upload.validated_data["files"], created_by=request.user, source=ImportBatch.Source.API
        )
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(get=extend_schema(responses={200: ImportBatchSerializer, **errors(403, 404)}))
class ImportBatchDetail(generics.RetrieveAPIView):
    """One batch's progress and counts (poll it while `status` is pending or running)."""

    permission_classes = [permissions.IsAuthenticated, CanViewImports]
    serializer_class = ImportBatchSerializer

    def get_object(self) -> ImportBatch:
        return access_import_batch(self.request.user, self.kwargs["pk"])


class ImportBatchRunAgain(generics.GenericAPIView):
    """POST: run a batch again — pending (never queued, or its message lost), failed, or stalled
    (running with no sign of life for longer than the lease). Files with an outcome are passed
    over. 202 with the batch when it is queued; 409 saying why when it is not (done, running
    live, a command-line import, or the task queue cannot be reached)."""

    permission_classes = [permissions.IsAuthenticated, CanImport]
    serializer_class = ImportBatchSerializer

    @extend_schema(request=None, responses={202: ImportBatchSerializer, **errors(403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        batch = access_import_batch(request.user, pk)
        if not import_batch_requeue(batch=batch):
            batch.refresh_from_db()
            raise Conflict(
                batch.error
                if batch.error == NOT_QUEUED
                else f"Import #{batch.pk} is {batch.get_status_display().lower()}: nothing to run again."
            )
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(get=extend_schema(responses={200: ImportItemSerializer(many=True), **errors(403, 404)}))
class ImportItemList(generics.ListAPIView):
    """What each file (or JSON/CSV record) of a batch became."""

    permission_classes = [permissions.IsAuthenticated, CanViewImports]
    serializer_class = ImportItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request kwargs
            return ImportItem.objects.none()
        batch = access_import_batch(self.request.user, self.kwargs["pk"])
        return ImportItem.objects.filter(batch=batch).order_by("id")


class CanReadArticles(permissions.BasePermission):
    message = "Your account has no role on the desk yet: ask an admin."

    def has_permission(self, request, view) -> bool:
        return can_read_articles(request.user)


@extend_schema_view(
    list=extend_schema(responses={200: ArticleListSerializer(many=True), **errors(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ArticleDetailSerializer, **errors(403, 404)}),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Imported articles. Filters: `language`, `outlet`, `import_batch`, `has_claims`, and `q`
    (full-text search in each article's language on PostgreSQL)."""

    filterset_class = ArticleFilter
    permission_classes = [permissions.IsAuthenticated, CanReadArticles]

    def get_queryset(self):
        queryset = article_list()
        return queryset.defer(None) if self.action == "retrieve" else queryset

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleListSerializer

    def paginate_queryset(self, queryset):
        """The page's articles, with their snippets when searching (for the page's rows only)."""
        page = super().paginate_queryset(queryset)
        if page is not None:
            article_snippets(page, self.request.query_params.get("q", ""))
        return page
