"""Read paths of the reader: an article's claims, its highlighted body, its corrections."""

import bisect
import itertools
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services.hints import is_heading_line
from claims.models import Claim, ReviewStatus
from claims.ratings import SCALE, rating_info


def claims_for_article(article: Article) -> QuerySet[Claim]:
    """The article's claims in text order, with what the side panel shows (verdict included)."""
    return article.claims.select_related("author", "verdict").order_by("start", "end", "id")


@dataclass(frozen=True)
class ClaimState:
    """What a highlight says of its claim: the review status and the verdict, if any."""

    status: str
    status_label: str
    rating: str  # "" without a verdict
    rating_label: str
    statement: str

    @property
    def css(self) -> str:
        return f"hl-{self.status.replace('_', '-')} hl-verdict-{(self.rating or 'none').replace('_', '-')}"

    @property
    def text(self) -> str:
        """The highlight's title: status and verdict in words, so colour is never the only sign."""
        statement = Truncator(self.statement).words(8)
        if self.rating:
            return _("%(statement)s (%(status)s, verdict: %(rating)s)") % {
                "statement": statement,
                "status": self.status_label,
                "rating": self.rating_label,
            }
        return _("%(statement)s (%(status)s, no verdict)") % {
            "statement": statement,
            "status": self.status_label,
        }


def claim_rating(claim: Claim) -> str:
    try:
        return claim.verdict.rating
    except ObjectDoesNotExist:
        return ""


def claim_states(claims: list[Claim]) -> dict[int, ClaimState]:
    """Each claim's state for the highlights (the verdict was fetched with the claims)."""
    states = {}
    for claim in claims:
        rating = claim_rating(claim)
        states[claim.pk] = ClaimState(
            status=claim.status,
            status_label=str(ReviewStatus(claim.status).label),
            rating=rating,
            rating_label=str(rating_info(rating).label) if rating else "",
            statement=claim.statement,
        )
    return states


def status_legend(claims: list[Claim]) -> list[dict]:
    """Every review status with how many of the article's claims are in it, for the legend."""
    counts = dict.fromkeys(ReviewStatus.values, 0)
    for claim in claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    return [
        {"value": s.value, "css": s.value.replace("_", "-"), "label": s.label, "count": counts[s.value]}
        for s in ReviewStatus
    ]


def verdict_legend(claims: list[Claim]) -> list[dict]:
    """The verdicts the article's claims carry (in scale order), for the legend."""
    present = {claim_rating(claim) for claim in claims}
    return [
        {"value": key, "css": str(key).replace("_", "-"), "label": info.label}
        for key, info in SCALE.items()
        if key in present
    ]


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


def _mark(text: str, covering: list, right: int, states: dict[int, ClaimState]) -> SafeString:
    """One marked segment: the innermost claim covering it gives its colour (status and verdict);
    the segment where a claim ends carries the claim's status sign (`claim-end`)."""
    depth = f"depth-{min(len(covering), MAX_DEPTH_CLASS)}"
    ids = " ".join(str(c.pk) for c in covering)
    if not states:
        return format_html('<mark class="claim-span {}" data-claims="{}">{}</mark>', depth, ids, text)
    inner = min(covering, key=lambda c: (c.end - c.start, c.pk))
    ends = " claim-end" if any(c.end == right for c in covering) else ""
    title = "; ".join(states[c.pk].text for c in covering if c.pk in states)
    css = states[inner.pk].css if inner.pk in states else ""
    return format_html(
        '<mark class="claim-span {} {}{}" title="{}" data-claims="{}">{}</mark>',
        depth,
        css,
        ends,
        title,
        ids,
        text,
    )


def highlight_body(body: str, claims: list[Claim], states: dict[int, ClaimState] | None = None) -> SafeString:
    """The body as HTML with every anchored claim's span marked; overlapping and nested
    claims split the text into segments, each marked with the claims that cover it, and
    heading lines shown as headings.

    The result's text content is exactly `body` (offsets in the browser match the server's),
    and every piece of article text is escaped. With `states`, each mark also carries the
    status and verdict of its claims (classes for colour and underline, a title in words).
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
        html = _mark(text, covering, right, states or {}) if covering else escape(text)
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
