"""Anchoring claims to article text with W3C Web Annotation selectors.

A claim points at a span of `Article.body` twice over: a TextPositionSelector (start, end, in
Unicode code points, as Python counts them) and a TextQuoteSelector (the exact text, with up
to 32 characters of prefix and suffix). The two must agree when a claim is made. When an
editor corrects the body, each claim is re-anchored: at the same position if its quote is
still there, else where the quote (or a lightly edited version of it) now stands, found
through the difference between the old and the new body; else it is orphaned, never dropped.

Browsers count string offsets in UTF-16 code units, which differ from code points after any
character outside the Basic Multilingual Plane (emoji): the highlighter converts in the
browser (static/js/highlighter.js) before anything reaches the server, which only ever sees
code points (tested in real Chromium: tests/browser/).
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

CONTEXT_CHARS = 32
# How much of the old quote a re-anchored span must keep (difflib ratio, 0..1).
MIN_SIMILARITY = 0.75


class AnchorError(ValueError):
    """The selectors do not describe a span of this body."""


@dataclass(frozen=True)
class Selector:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    def as_web_annotation(self) -> list[dict]:
        return [
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix},
        ]


def selector_for(body: str, start: int, end: int, exact: str | None = None) -> Selector:
    """The selectors of `body[start:end]`; with `exact`, refuse a quote that disagrees."""
    if not (0 <= start < end <= len(body)):
        raise AnchorError(f"the span {start}–{end} is not inside the article (length {len(body)})")
    quote = body[start:end]
    if exact is not None and quote != exact:
        raise AnchorError(
            f"the quote does not match the article at {start}–{end}: the text there is {quote[:80]!r}"
        )
    if not quote.strip():
        raise AnchorError("the span holds only white space")
    return Selector(
        start=start,
        end=end,
        exact=quote,
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
    )


def _context_score(body: str, start: int, end: int, selector: Selector) -> int:
    """How many characters of the old prefix and suffix still stand around body[start:end]."""
    before = body[max(0, start - CONTEXT_CHARS) : start]
    after = body[end : end + CONTEXT_CHARS]
    score = 0
    for old, new in zip(reversed(selector.prefix), reversed(before), strict=False):
        if old != new:
            break
        score += 1
    for old, new in zip(selector.suffix, after, strict=False):
        if old != new:
            break
        score += 1
    return score


def _occurrences(body: str, quote: str) -> list[int]:
    found, index = [], body.find(quote)
    while index != -1:
        found.append(index)
        index = body.find(quote, index + 1)
    return found


# Where the quote is found again elsewhere, this much of its old context must still be around
# it (or all of it, for a quote with less): a repeated phrase is not the claim's own sentence.
MIN_CONTEXT_CHARS = 8


class BodyMapping:
    """The difference between two versions of a body, computed once for all its claims:
    maps an offset in the old body to the corresponding offset in the new one."""

    def __init__(self, old_body: str, new_body: str):
        self._dmp = diff_match_patch()
        self._dmp.Diff_Timeout = 2.0
        self._diffs = self._dmp.diff_main(old_body, new_body)

    def position(self, index: int) -> int:
        return self._dmp.diff_xIndex(self._diffs, index)


def reanchor(
    selector: Selector, old_body: str, new_body: str, mapping: BodyMapping | None = None
) -> Selector | None:
    """Where the claim stands in `new_body`, or None when its quote is gone (orphaned).

    1. The quote where the difference between the bodies carries it (edits elsewhere only
       shift it). 2. The quote found elsewhere with enough of its old context around it (the
       paragraph moved), or the only copy of a quote that was unique. 3. The span the difference carries it to, if its text is still close
       to the quote (a typo corrected inside it). Else orphaned: never a guess.
    """
    mapping = mapping or BodyMapping(old_body, new_body)
    exact = selector.exact
    expected = mapping.position(selector.start)
    if new_body[expected : expected + len(exact)] == exact:
        return selector_for(new_body, expected, expected + len(exact))

    needed = min(MIN_CONTEXT_CHARS, len(selector.prefix) + len(selector.suffix))
    candidates = [
        (_context_score(new_body, at, at + len(exact), selector), -abs(at - expected), at)
        for at in _occurrences(new_body, exact)
    ]
    if candidates:
        score, _, at = max(candidates)
        # A quote that stood once in the old body and stands once in the new one is the same
        # passage, even when an edit right beside it changed its context.
        if score >= needed or (len(candidates) == 1 and old_body.count(exact) == 1):
            return selector_for(new_body, at, at + len(exact))

    new_start = expected
    new_end = mapping.position(selector.end - 1) + 1
    if not (0 <= new_start < new_end <= len(new_body)):
        return None
    quote = new_body[new_start:new_end]
    if not quote.strip() or SequenceMatcher(None, exact, quote).ratio() < MIN_SIMILARITY:
        return None
    return selector_for(new_body, new_start, new_end)
