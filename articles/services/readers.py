"""Readers: from a file's bytes to article records, one reader per format.

Formats (the extension decides):
- `.txt`, `.md`: one article. A short first line is its headline; `date 2025-05`, a byline
  line and trailing promotional lines are read by `hints`. A `.txt` (or `.md`) that holds an
  HTML page is read as one, and said so.
- `.html`, `.htm`: one article; the main text is extracted (scripts, navigation and markup
  gone) and the page's metadata (title, author, site name, date, canonical url) is used. A
  page with no prose (only a menu, or a template its scripts would fill in) is rejected.
- `.json`: one article object, or a list of them. `.jsonl`: one object per line.
- `.csv`: a header row, then one article per row (UTF-8, UTF-16 or a detected encoding); a
  field may be as long as the longest body allowed (IMPORT_MAX_BODY_CHARS).
Fields of JSON objects and CSV columns: `body` (required), `title`, `outlet`, `byline`,
`url`, `language` (ISO 639-1), `published` (YYYY, YYYY-MM or YYYY-MM-DD). Any other field is
refused, so that a misspelt column never silently loses data.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura

from articles.services.csv_records import _read_csv, allow_csv_fields
from articles.services.hints import has_article_text, parse_published
from articles.services.records import (
    ArticleRecord,
    InputFile,
    format_size,
    record_from_mapping,
)
from articles.services.text import (
    RejectFile,
    decode_bytes,
)

TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, *HTML_EXTENSIONS, ".json", ".jsonl", ".csv", ".zip")


def read_records(file: InputFile, *, max_bytes: int) -> Iterator[ArticleRecord]:
    """The article records in `file`; raises RejectFile with the reason it cannot be read."""
    extension = file.extension
    if extension not in SUPPORTED_EXTENSIONS or extension == ".zip":
        raise RejectFile(f"unsupported file type {extension or '(no extension)'!r}")
    if file.size is not None and file.size > max_bytes:
        raise RejectFile(f"file is {format_size(file.size)}, over the {format_size(max_bytes)} limit")
    if extension == ".csv":
        yield from _read_csv(file, max_bytes=max_bytes)
        return
    with file.open() as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectFile(f"file is over the {format_size(max_bytes)} limit")
    decoded = decode_bytes(data)
    if extension in TEXT_EXTENSIONS and looks_like_html(decoded.text, strict=extension != ".txt"):
        note = "; ".join(
            filter(None, [f"read as HTML (the {extension} file holds a web page)", decoded.note])
        )
        yield _read_html(file.name, decoded.text, note)
    elif extension in TEXT_EXTENSIONS:
        yield ArticleRecord(
            name=file.name,
            text=decoded.text,
            raw_text=decoded.text,
            note=decoded.note,
            headline_in_text=True,
        )
    elif extension in HTML_EXTENSIONS:
        yield _read_html(file.name, decoded.text, decoded.note)
    elif extension == ".json":
        yield from _read_json(file.name, decoded.text, decoded.note)
    else:
        yield from _read_jsonl(file.name, decoded.text, decoded.note)


# trafilatura folds every kind of white space into a plain space (and drops private-use
# characters): a token of plain letters carries the page's non-breaking spaces through it.
_NBSP_STANDIN = "qqNBSPqq"
_NBSP_FORMS = re.compile(r"\u00a0|&nbsp;|&#160;|&#x0*a0;", re.IGNORECASE)


# What a page's scripts would replace: Angular, Vue, Handlebars and Jinja-style expressions.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# What a browser shows only when scripts are off ("You need to enable JavaScript").
_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
NO_ARTICLE_TEXT = "no article text found in the HTML page"

_HTML_SNIFF_CHARS = 64 * 1024
_HTML_START = re.compile(
    r"\A(?:\s|\ufeff|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG_START = re.compile(
    r"\A\s*<(?:div|article|section|main|header|nav|p|span|h[1-6]|meta|link|title|script|style|table)\b",
    re.IGNORECASE,
)
_CLOSING_TAG = re.compile(r"</[a-z][a-z0-9]*\s*>", re.IGNORECASE)
_MIN_CLOSING_TAGS = 3


def looks_like_html(text: str, *, strict: bool = False) -> bool:
    """Whether `text` is an HTML page: it opens with a doctype or an `<html>`, `<head>` or
    `<body>` tag, or (unless `strict`) with an HTML element followed by closing tags."""
    head = text[:_HTML_SNIFF_CHARS]
    if _HTML_START.match(head):
        return True
    return (
        not strict and bool(_TAG_START.match(head)) and len(_CLOSING_TAG.findall(head)) >= _MIN_CLOSING_TAGS
    )


def _read_html(name: str, html: str, note: str) -> ArticleRecord:
    document, text = _extract_html(html)
    text = "\n".join(line for line in text.split("\n") if not _is_template_only(line))
    if not has_article_text(_TEMPLATE.sub(" ", text)):
        raise RejectFile(NO_ARTICLE_TEXT)

    def meta(value: str | None) -> str:
        return (value or "").replace(_NBSP_STANDIN, "\u00a0").strip()

    title = meta(document.title)
    if _TEMPLATE.search(title):
        title = ""  # a template's placeholder, not the page's title
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip() == title and rest.strip():
        text = rest  # the page repeats its headline as the first line of the text
    page = page_metadata(html)
    values = {
        "outlet": meta(document.sitename),
        "byline": meta(document.author),
        "published": page.published or meta(document.date),
        "url": page.url or _web_address(meta(document.url)),
    }
    taken = tuple(field for field, _ in _METADATA_LABELS if values[field])
    if taken:
        labels = [label for field, label in _METADATA_LABELS if field in taken]
        note = "; ".join(filter(None, [note, f"{_and_list(labels)} from the page's metadata"]))
    return ArticleRecord(
        name=name,
        text=text,
        raw_text=html,
        title=title,
        outlet=values["outlet"],
        byline=values["byline"],
        url=values["url"],
        published=values["published"],
        note=note,
        from_metadata=taken,
    )


_METADATA_LABELS = (("outlet", "outlet"), ("byline", "author"), ("published", "date"), ("url", "url"))


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class PageMetadata:
    """What a page's head says about itself, beyond trafilatura's reading of it."""

    url: str = ""
    published: str = ""  # as precise as the page says: 2025, 2025-05 or 2025-05-14


# A page names its own address and date in its head; these say it most directly, best first.
_URL_XPATHS = (
    "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href",
    "//meta[@property='og:url' or @name='og:url']/@content",
)
_DATE_XPATHS = (
    "//meta[@property='article:published_time' or @name='article:published_time']/@content",
    "//meta[@property='og:article:published_time' or @itemprop='datePublished']/@content",
    "//meta[translate(@name, 'DCTERMSPUBLISHEDATE', 'dctermspublishedate')"
    " = 'dcterms.date' or translate(@name, 'DCPUBLISHEDATE', 'dcpublishedate') = 'dc.date'"
    " or @name='pubdate' or @name='publish-date' or @name='date']/@content",
)
_HEAD_CHARS = 512 * 1024


def page_metadata(html: str) -> PageMetadata:
    """The canonical url (or OpenGraph's) and the publication date (`article:published_time`
    and its kin) a page declares in its head, each only when it is well formed: a date at the
    precision it is given (never a guessed day), an absolute http(s) url."""
    try:
        tree = lxml.html.fromstring(html[:_HEAD_CHARS])
    except (ValueError, lxml.etree.ParserError):
        return PageMetadata()
    urls = [_web_address(value) for xpath in _URL_XPATHS for value in tree.xpath(xpath)]
    dates = [value.strip() for xpath in _DATE_XPATHS for value in tree.xpath(xpath)]
    return PageMetadata(
        url=next((url for url in urls if url), ""),
        published=next((date for date in dates if _is_published_date(date)), ""),
    )


def _web_address(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


def _is_published_date(value: str) -> bool:
    try:
        parse_published(value)
    except RejectFile:
        return False
    return True


def _extract_html(html: str) -> tuple[Any, str]:
    """trafilatura's document for the page, and its main text (non-breaking spaces kept)."""
    keep_nbsp = _NBSP_STANDIN not in html
    source = _NOSCRIPT.sub(" ", html)
    if keep_nbsp:
        source = _NBSP_FORMS.sub(_NBSP_STANDIN, source)
    document = trafilatura.bare_extraction(
        source, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or isinstance(document, dict):  # a dict only with as_dict=True
        raise RejectFile(NO_ARTICLE_TEXT)
    text = document.text or ""
    if keep_nbsp:
        text = text.replace(_NBSP_STANDIN, "\u00a0")
    if not text.strip():
        raise RejectFile(NO_ARTICLE_TEXT)
    return document, text


def _is_template_only(line: str) -> bool:
    return bool(_TEMPLATE.search(line)) and not any(char.isalnum() for char in _TEMPLATE.sub("", line))


def _read_json(name: str, text: str, note: str) -> Iterator[ArticleRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectFile(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if isinstance(data, dict):
        yield record_from_mapping(name, data, note, raw_text="")
        return
    if not isinstance(data, list):
        raise RejectFile("malformed JSON: expected an article object or a list of them")
    if not data:
        raise RejectFile("empty file: the JSON list has no articles")
    for index, obj in enumerate(data, start=1):
        yield record_from_mapping(f"{name}#{index}", obj, note, raw_text="")


def _read_jsonl(name: str, text: str, note: str) -> Iterator[ArticleRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RejectFile(f"line {number}: malformed JSON: {exc.msg}") from exc
        yield record_from_mapping(f"{name}#{number}", obj, note, raw_text="")


allow_csv_fields()
