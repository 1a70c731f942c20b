"""Editing an article's details (its body changes only through a correction, in claims)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, DatePrecision
from articles.services.outlets import outlet_for_url
from factcheck.versioning import LastChange, check_version, versioned_save

# A body correction saves its version, then the article, within this time.
BODY_SAVE_WINDOW = datetime.timedelta(seconds=2)

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


def _last_change(article: Article) -> LastChange:
    """Who changed the article last: the author of a body correction saved with it (they keep
    their name in the body's versions), or whoever last edited its details."""
    body = article.body_versions.filter(number__gt=1).select_related("created_by").order_by("-number").first()
    if body is not None and body.created_at >= article.updated_at - BODY_SAVE_WINDOW:
        return LastChange(str(body.created_by or _("someone")), body.created_at, _("its body"))
    return LastChange(str(article.updated_by or _("someone")), article.updated_at, _("its details"))


@transaction.atomic
def article_update_details(*, article: Article, by, expected_version: int, **values) -> Article:
    """Change the article's details, and only those; refused if it changed since
    `expected_version` (a detail edit or a body correction by someone else). An article with
    a url and no outlet gets the outlet whose domain is the url's host, if there is one."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    check_version(locked, expected_version, last_change=lambda: _last_change(locked))
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
    locked.updated_by = by
    versioned_save(locked, by=by, fields=[*values, "updated_by"])
    return locked
