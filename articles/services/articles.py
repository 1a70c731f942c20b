"""Editing an article's details (its body changes only through a correction, in claims)."""

from django.db import transaction

from articles.models import Article, DatePrecision
from articles.services.outlets import outlet_for_url
from factcheck.versioning import check_version, versioned_save

DETAIL_FIELDS = (
    "title",
    "outlet",
    "byline",
    "url",
    "language",
    "published_on",
    "published_precision",
    "original_outlet",
    "original_url",
)


def snap_to_precision(date, precision: str):
    """A date stored at its precision: the first day of its month or of its year."""
    if date is None:
        return None
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    return date


@transaction.atomic
def article_update_details(*, article: Article, by, expected_version: int, **values) -> Article:
    """Change the article's details, and only those; refused if it changed since
    `expected_version` (a detail edit or a body correction by someone else). An article with
    a url and no outlet gets the outlet whose domain is the url's host, if there is one."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    check_version(locked, expected_version)
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not article details: {sorted(unknown)}")
    values["published_on"] = snap_to_precision(
        values.get("published_on"), values.get("published_precision", "")
    )
    if values.get("url") and "outlet" in values and values["outlet"] is None:
        values["outlet"] = outlet_for_url(values["url"])
    for name, value in values.items():
        setattr(locked, name, value)
    versioned_save(locked, by=by, fields=list(values))
    return locked
