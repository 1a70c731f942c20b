from rest_framework import serializers

from articles.models import Article, ImportBatch, ImportItem


class ImportItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportItem
        fields = ["id", "name", "outcome", "article", "message"]


class ImportBatchSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)
    created_by = serializers.StringRelatedField(allow_null=True, help_text="None for a command-line import.")

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "source",
            "description",
            "status",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "total_files",
            "processed_files",
            "progress_percent",
            "created_count",
            "duplicate_count",
            "rejected_count",
            "queued_at",
            "attempts",
            "error",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    # An empty file is not a form error: the import rejects it on its own line.
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)


class ArticleListSerializer(serializers.ModelSerializer):
    outlet = serializers.StringRelatedField(allow_null=True, help_text="None when the outlet is not known.")
    published = serializers.CharField(source="published_display", read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    snippet = serializers.SerializerMethodField(
        help_text="With `q`: the passages of the body around the matched words, as HTML (the text "
        "escaped, each match in <mark>); null without a search."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "byline",
            "url",
            "language",
            "published",
            "published_precision",
            "import_batch",
            "claim_count",
            "created_at",
            "snippet",
        ]

    def get_snippet(self, article: Article) -> str | None:
        return getattr(article, "snippet", None)


class ArticleDetailSerializer(ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields[:-1], "body", "content_hash"]
