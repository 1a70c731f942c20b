"""Read paths of the reader: an article's claims, its highlighted body, its corrections."""

import bisect
import itertools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.services.hints import is_heading_line
from claims.models import Claim


def claims_for_article(article: Article) -> QuerySet[Claim]:
    """The article's claims in text order, with what the side panel shows."""
    return article.claims.select_related("author").order_by("start", "end", "id")


MAX_DEPTH_CLASS = 3


def heading_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the body's heading lines: short lines without final punctuation."""
    spans, offset = [], 0
    for line in body.split("\n"):
        if is_heading_line(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _in_heading(headings: list[tuple[int, int]], starts: list[int], left: int, right: int) -> bool:
    """Whether the segment [left, right) lies in a heading line (the spans are sorted and apart:
    one look-up, not a scan of every heading for every segment of a long body)."""
    index = bisect.bisect_right(starts, left) - 1
    return index >= 0 and right <= headings[index][1]


def highlight_body(body: str, claims: list[Claim]) -> SafeString:
    """The body as HTML with every anchored claim's span marked; overlapping and nested
    claims split the text into segments, each marked with the claims that cover it, and
    heading lines shown as headings.

    The result's text content is exactly `body` (offsets in the browser match the server's),
    and every piece of article text is escaped.
    """
    anchored = [c for c in claims if not c.is_orphaned and c.end <= len(body)]
    headings = heading_spans(body)
    heading_starts = [start for start, _ in headings]
    boundaries = sorted(
        {0, len(body), *(c.start for c in anchored), *(c.end for c in anchored), *itertools.chain(*headings)}
    )
    parts = []
    for left, right in itertools.pairwise(boundaries):
        covering = [c for c in anchored if c.start <= left and c.end >= right]
        text = body[left:right]
        if covering:
            html = format_html(
                '<mark class="claim-span depth-{}" data-claims="{}">{}</mark>',
                min(len(covering), MAX_DEPTH_CLASS),
                " ".join(str(c.pk) for c in covering),
                text,
            )
        else:
            html = escape(text)
        if _in_heading(headings, heading_starts, left, right):
            html = format_html('<strong class="body-heading">{}</strong>', html)
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 (every part above is escaped or format_html)


@dataclass(frozen=True)
class BodyChange:
    version: object  # the ArticleBodyVersion this change produced
    segments: list[tuple[str, str]]  # ("same" | "added" | "removed", text)


def body_changes(article: Article) -> list[BodyChange]:
    """Each correction of the body as word-level changes from the version before, newest first."""
    from diff_match_patch import diff_match_patch

    versions = list(article.body_versions.select_related("created_by"))
    dmp = diff_match_patch()
    kinds = {0: "same", 1: "added", -1: "removed"}
    changes = []
    for before, after in itertools.pairwise(versions):
        diffs = dmp.diff_main(before.body, after.body)
        dmp.diff_cleanupSemantic(diffs)
        changes.append(BodyChange(after, [(kinds[op], text) for op, text in diffs]))
    return list(reversed(changes))
