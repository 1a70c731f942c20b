"""Anchoring claims to article text with W3C Web Annotation selectors.

A claim points at a span of `Article.body` twice over: a TextPositionSelector (start, end, in
Unicode code points, as Python counts them) and a TextQuoteSelector (the exact text, with up
to 32 characters of prefix and suffix). The two must agree when a claim is made. When an
editor corrects the body, each claim is re-anchored: at the same position if its quote is
still there, else where the quote (or a lightly edited version of it) now stands, found
through the difference between the old and the new body; else it is orphaned, never dropped.

Browsers count string offsets in UTF-16 code units, which differ from code points after any
character outside the Basic Multilingual Plane (emoji): `utf16_to_codepoint` converts.
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


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code point offset in `text` of a UTF-16 code unit offset (as JavaScript counts)."""
    if offset < 0:
        raise AnchorError("offsets cannot be negative")
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            if units > offset:
                raise AnchorError(f"UTF-16 offset {offset} falls inside a character")
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    if units == offset:
        return len(text)
    raise AnchorError(f"UTF-16 offset {offset} is past the end of the text")


def codepoint_to_utf16(text: str, offset: int) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text[:offset])


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


def reanchor(selector: Selector, old_body: str, new_body: str) -> Selector | None:
    """Where the claim stands in `new_body`, or None when its quote is gone (orphaned)."""
    start, end = selector.start, selector.end
    if new_body[start:end] == selector.exact:
        return selector_for(new_body, start, end)

    candidates = _occurrences(new_body, selector.exact)
    if candidates:
        best = max(
            candidates,
            key=lambda at: (
                _context_score(new_body, at, at + len(selector.exact), selector),
                -abs(at - start),
            ),
        )
        return selector_for(new_body, best, best + len(selector.exact))

    # The quote itself was edited: carry its ends through the difference between the bodies.
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 1.0
    diffs = dmp.diff_main(old_body, new_body)
    new_start = dmp.diff_xIndex(diffs, start)
    new_end = dmp.diff_xIndex(diffs, end - 1) + 1
    if not (0 <= new_start < new_end <= len(new_body)):
        return None
    quote = new_body[new_start:new_end]
    if not quote.strip() or SequenceMatcher(None, selector.exact, quote).ratio() < MIN_SIMILARITY:
        return None
    return selector_for(new_body, new_start, new_end)
