"""Read paths for claims, shared by the desk and the API."""

import itertools

from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from claims.models import Claim


def claims_for_article(article: Article) -> QuerySet[Claim]:
    """The article's claims in text order, with what the side panel shows."""
    return article.claims.select_related("author").order_by("start", "end", "id")


MAX_DEPTH_CLASS = 3


def highlight_body(body: str, claims: list[Claim]) -> SafeString:
    """The body as HTML with every anchored claim's span marked; overlapping and nested
    claims split the text into segments, each marked with the claims that cover it.

    The result's text content is exactly `body` (offsets in the browser match the server's),
    and every piece of article text is escaped.
    """
    anchored = [c for c in claims if not c.is_orphaned and c.end <= len(body)]
    boundaries = sorted({0, len(body), *(c.start for c in anchored), *(c.end for c in anchored)})
    parts = []
    for left, right in itertools.pairwise(boundaries):
        covering = [c for c in anchored if c.start <= left and c.end >= right]
        text = body[left:right]
        if not covering:
            parts.append(escape(text))
            continue
        parts.append(
            format_html(
                '<mark class="claim-span depth-{}" data-claims="{}">{}</mark>',
                min(len(covering), MAX_DEPTH_CLASS),
                " ".join(str(c.pk) for c in covering),
                text,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (every part above is escaped or format_html)
