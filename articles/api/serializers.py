from rest_framework import serializers

from articles.models import ImportBatch, ImportItem


class ImportItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportItem
        fields = ["id", "name", "outcome", "article", "message"]


class ImportBatchSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)
    created_by = serializers.StringRelatedField()

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
            "error",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    # An empty file is not a form error: the import rejects it on its own line.
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)
