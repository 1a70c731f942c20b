"""Tabular import/export of articles (CSV, JSON, XLSX) for the admin, via django-import-export.

Rows go through the same preparation as every other import (normalization, language
detection, hints, validation); a row whose article is already in the desk is skipped as a
duplicate rather than overwriting it.
"""

from import_export import fields, resources

from articles.models import Article, Outlet
from articles.services.import_ import PreparedArticle, prepare_article
from articles.services.readers import RECORD_FIELDS, ArticleRecord
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

    def before_import(self, dataset, **kwargs) -> None:
        # The hash is computed from each row's body: a hand-made sheet need not carry it.
        if "content_hash" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="content_hash")

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
        row["content_hash"] = prepared.article.content_hash
        self._prepared[prepared.article.content_hash] = prepared

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        return bool(original and original.pk)  # already in the desk: a duplicate, left as it is

    def before_save_instance(self, instance: Article, row, **kwargs) -> None:
        prepared = self._prepared[instance.content_hash]
        for name in _PREPARED_FIELDS:
            setattr(instance, name, getattr(prepared.article, name))
        instance.outlet = Outlet.for_name(prepared.outlet_name) if prepared.outlet_name else None
