"""Tabular import/export of articles (CSV, JSON, XLSX) for the admin, via django-import-export.

Rows go through the same preparation as every other import (normalization, language
detection, hints, validation); a row whose article is already in the desk is skipped as a
duplicate rather than overwriting it. A real (not dry) run is recorded as an ImportBatch with
one line per row, like every other import.
"""

from django.utils import timezone
from import_export import fields, resources

from articles.models import Article, ImportBatch, ImportItem, Outlet
from articles.services.import_ import existing_articles, import_batch_create
from articles.services.prepare import PreparedArticle, prepare_article
from articles.services.records import IGNORED_FIELDS, RECORD_FIELDS, ArticleRecord
from articles.services.text import RejectFile

_PREPARED_FIELDS = (
    "title",
    "body",
    "raw_text",
    "byline",
    "url",
    "language",
    "published_on",
    "published_precision",
    "content_hash",
    "source_name",
)


class ArticleResource(resources.ModelResource):
    outlet = fields.Field(column_name="outlet")
    published = fields.Field(column_name="published")

    class Meta:
        model = Article
        fields = ("title", "outlet", "byline", "url", "language", "published", "body", "content_hash")
        import_id_fields = ("content_hash",)
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._prepared: dict[str, PreparedArticle] = {}
        self._batch: ImportBatch | None = None

    def before_import(self, dataset, **kwargs) -> None:
        headers = [h.strip().lower() for h in dataset.headers or []]
        unknown = sorted(set(headers) - set(RECORD_FIELDS) - set(IGNORED_FIELDS))
        if unknown:
            # A misspelt column would silently lose its data: refuse the sheet, naming it.
            raise ValueError(
                f"Unknown column {', '.join(map(repr, unknown))} (known: {', '.join(RECORD_FIELDS)})."
            )
        # The hash is computed from each row's body: a hand-made sheet need not carry it.
        if "content_hash" not in headers:
            dataset.append_col([""] * len(dataset), header="content_hash")
        if not kwargs.get("dry_run"):
            user = kwargs.get("user")
            self._batch = import_batch_create(
                source=ImportBatch.Source.ADMIN,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                description=f"Spreadsheet: {kwargs.get('file_name') or 'rows'}"[:500],
            )
            ImportBatch.objects.filter(pk=self._batch.pk).update(
                status=ImportBatch.Status.RUNNING, started_at=timezone.now(), total_files=1
            )

    def after_import(self, dataset, result, **kwargs) -> None:
        super().after_import(dataset, result, **kwargs)
        if self._batch is None:
            return
        items, counts = [], {"new": 0, "skip": 0, "error": 0}
        outcomes = {"new": ImportItem.Outcome.CREATED, "skip": ImportItem.Outcome.DUPLICATE}
        for number, row in enumerate(result.rows, start=1):
            kind = row.import_type if row.import_type in outcomes else "error"
            counts[kind] += 1
            message = "; ".join(str(error.error) for error in row.errors)[:1000]
            if kind == "skip":
                message = f"duplicate of #{row.object_id}"
            items.append(
                ImportItem(
                    batch=self._batch,
                    name=f"row {number}",
                    file="spreadsheet",
                    outcome=outcomes.get(kind, ImportItem.Outcome.REJECTED),
                    article_id=row.object_id,
                    message=message,
                )
            )
        ImportItem.objects.bulk_create(items)
        ImportBatch.objects.filter(pk=self._batch.pk).update(
            status=ImportBatch.Status.DONE,
            finished_at=timezone.now(),
            processed_files=1,
            created_count=counts["new"],
            duplicate_count=counts["skip"],
            rejected_count=counts["error"],
        )

    def dehydrate_outlet(self, article: Article) -> str:
        return article.outlet.name if article.outlet_id else ""

    def dehydrate_published(self, article: Article) -> str:
        return article.published_display

    def before_import_row(self, row, **kwargs) -> None:
        values = {key: str(row.get(key) or "") for key in RECORD_FIELDS}
        body = values.pop("body")
        record = ArticleRecord(
            name=f"row {kwargs.get('row_number', '?')}", text=body, raw_text=body, **values
        )
        try:
            prepared = prepare_article(record)
        except RejectFile as exc:
            raise ValueError(str(exc)) from exc
        known = existing_articles([prepared.article.content_hash])
        if known:
            # A corrected version of an article is the same article: point the row at it.
            article_id = known[prepared.article.content_hash]
            row["content_hash"] = Article.objects.values_list("content_hash", flat=True).get(pk=article_id)
        else:
            row["content_hash"] = prepared.article.content_hash
        self._prepared[row["content_hash"]] = prepared

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        return bool(original and original.pk)  # already in the desk: a duplicate, left as it is

    def before_save_instance(self, instance: Article, row, **kwargs) -> None:
        prepared = self._prepared[instance.content_hash]
        for name in _PREPARED_FIELDS:
            setattr(instance, name, getattr(prepared.article, name))
        instance.import_batch = self._batch
        instance.outlet = Outlet.for_name(prepared.outlet_name) if prepared.outlet_name else None
