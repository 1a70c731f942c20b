"""Where the sentences of an article's body are, and what each line is.

A body is read line by line, as the importer keeps it (one paragraph per line):

- a markdown table (`| Model | Parameters |`, then `|---|---|`) yields one span per data row
  (the header and separator rows are not sentences); a model card's figures live there;
- a list item (`- …`, `* …`, `1. …`) yields its text, without the marker, punctuated or not;
- a heading (`# …`, or a short line with no final punctuation) yields nothing;
- any other line is cut into sentences at `.`, `!`, `?` or `…` followed by a space and the start
  of a new sentence, except after an abbreviation ("Feb.", "Dr.", "M.", "U.S."), an initial
  ("J. R. R."), or before a lower-case word or a figure ("Feb. 9", "ca. 20"); decimal points and
  commas never cut ("2.5", "2,5").
"""

import re
from dataclasses import dataclass

from articles.services.hints import is_heading_line

# Abbreviations that end with a period inside a sentence (lowercased, without the period).
ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "febb",
        "apr",
        "giu",
        "lug",
        "ago",
        "set",
        "ott",
        "dic",
        "janv",
        "févr",
        "avr",
        "juil",
        "déc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "vs",
        "etc",
        "approx",
        "ca",
        "cf",
        "al",
        "fig",
        "nr",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "mme",
        "mlle",
        "mm",
        "dott",
        "sig",
        "sigg",
        "ing",
        "avv",
        "pag",
        "pp",
    ]
)
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_LIST_MARKER = re.compile(r"^(?:[-*•–]|\d{1,2}[.)])\s+")
# A candidate end of sentence: the punctuation, closing quotes or brackets, then a space.
_END = re.compile(r"[.!?…]+(?:[\u00a0\u202f ]?[»”\"')\]])*(?=\s|$)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "sentence", "table row" or "list item"


def _is_table_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and line.count("|") >= 3


def _splits_here(line: str, end: int, match_start: int) -> bool:
    """Whether the punctuation that ends at `end` (starting at `match_start`) ends a sentence."""
    rest = line[end:].lstrip()
    if not rest:
        return True
    following = rest[0]
    if following.islower() or following.isdigit():
        return False  # "Feb. 9", "ca. 20", "… e poi"
    if line[match_start] == ".":
        word = re.search(r"([\w.]+)$", line[:match_start])
        if word:
            token = word.group(1).lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                return False
    return following.isupper() or following in "«“\"'([¿¡–-" or not following.isalnum()


def _sentences_of_line(line: str, offset: int, kind: str = "sentence"):
    start = 0
    for match in _END.finditer(line):
        if _splits_here(line, match.end(), match.start()):
            yield from _trimmed(line, offset, start, match.end(), kind)
            start = match.end()
    yield from _trimmed(line, offset, start, len(line), kind)


def _trimmed(line: str, offset: int, start: int, end: int, kind: str):
    text = line[start:end]
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if end - trail > start + lead:
        yield Span(offset + start + lead, offset + end - trail, kind)


def _table_rows(lines: list[tuple[int, str]]):
    """The data rows of a table: a row right before a separator row is its header."""
    for index, (offset, line) in enumerate(lines):
        stripped = line.strip()
        if _TABLE_SEPARATOR.match(stripped):
            continue
        following = lines[index + 1][1].strip() if index + 1 < len(lines) else ""
        if _TABLE_SEPARATOR.match(following):
            continue
        cells = [cell for cell in stripped.strip("|").split("|") if cell.strip()]
        if not cells:
            continue
        lead = line.index(cells[0].strip())
        tail = line.rindex(cells[-1].strip()) + len(cells[-1].strip())
        yield Span(offset + lead, offset + tail, "table row")


def spans(body: str):
    """The spans of `body` that may hold a claim: sentences, table rows and list items, in order."""
    offset = 0
    table: list[tuple[int, str]] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if _is_table_row(stripped):
            table.append((offset, line))
            offset += len(line) + 1
            continue
        if table:
            yield from _table_rows(table)
            table = []
        marker = _LIST_MARKER.match(stripped)
        if marker and not stripped.startswith(("- -", "--")):
            lead = line.index(stripped) + marker.end()
            yield from _sentences_of_line(line[lead:], offset + lead, "list item")
        elif stripped and not stripped.startswith("#") and not is_heading_line(stripped):
            yield from _sentences_of_line(line, offset)
        offset += len(line) + 1
    if table:
        yield from _table_rows(table)
