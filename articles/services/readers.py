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

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from django.conf import settings

from articles.services.hints import has_article_text, parse_published
from articles.services.text import (
    RejectFile,
    decode_bytes,
    decode_legacy,
    has_utf8_text,
    legacy_text_problem,
    utf16_without_bom,
)

RECORD_FIELDS = ("title", "body", "outlet", "byline", "url", "language", "published")
# Written by the desk's own exports; read back, it is recomputed from the body, not trusted.
IGNORED_FIELDS = ("content_hash",)
TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, *HTML_EXTENSIONS, ".json", ".jsonl", ".csv", ".zip")


@dataclass(frozen=True)
class ArticleRecord:
    """What a reader found for one article, before normalization and validation."""

    name: str
    text: str
    raw_text: str
    title: str = ""
    outlet: str = ""
    byline: str = ""
    url: str = ""
    language: str = ""
    published: str = ""
    note: str = ""
    headline_in_text: bool = False  # plain text: the first line may be the headline
    # The fields read from a web page's metadata rather than given (an HTML page's outlet,
    # author, date and url): its outlet is then found by the url's domain, not by name.
    from_metadata: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputFile:
    """A file to import: a name for the report, its size if known, and how to open it."""

    name: str
    open: Callable[[], IO[bytes]]
    size: int | None = None

    @property
    def extension(self) -> str:
        match = re.search(r"\.[A-Za-z0-9]+$", self.name)
        return match.group(0).lower() if match else ""


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


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


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


def _record_from_mapping(name: str, obj: Any, note: str, raw_text: str) -> ArticleRecord:
    if not isinstance(obj, dict):
        raise RejectFile(f"{name}: expected an object with a 'body', got {type(obj).__name__}")
    unknown = sorted(set(obj) - set(RECORD_FIELDS) - set(IGNORED_FIELDS))
    if unknown:
        raise RejectFile(
            f"{name}: unknown field {', '.join(map(repr, unknown))} (known: {', '.join(RECORD_FIELDS)})"
        )
    values = {}
    for field_name in RECORD_FIELDS:
        value = obj.get(field_name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise RejectFile(f"{name}: field {field_name!r} must be text, got {type(value).__name__}")
        if "\x00" in value:
            raise RejectFile(f"{name}: field {field_name!r} contains a NUL character (binary data?)")
        values[field_name] = value
    if not values["body"].strip():
        raise RejectFile(f"{name}: 'body' is missing or empty")
    body = values["body"]
    return ArticleRecord(
        name=name,
        text=body,
        raw_text=raw_text or body,
        note=note,
        title=values["title"].strip(),
        outlet=values["outlet"].strip(),
        byline=values["byline"].strip(),
        url=values["url"].strip(),
        language=values["language"].strip(),
        published=values["published"].strip(),
    )


def _read_json(name: str, text: str, note: str) -> Iterator[ArticleRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectFile(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if isinstance(data, dict):
        yield _record_from_mapping(name, data, note, raw_text="")
        return
    if not isinstance(data, list):
        raise RejectFile("malformed JSON: expected an article object or a list of them")
    if not data:
        raise RejectFile("empty file: the JSON list has no articles")
    for index, obj in enumerate(data, start=1):
        yield _record_from_mapping(f"{name}#{index}", obj, note, raw_text="")


def _read_jsonl(name: str, text: str, note: str) -> Iterator[ArticleRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RejectFile(f"line {number}: malformed JSON: {exc.msg}") from exc
        yield _record_from_mapping(f"{name}#{number}", obj, note, raw_text="")


_SNIFF_BYTES = 64 * 1024
_CHECK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class _CsvEncoding:
    name: str
    note: str = ""
    invalid_utf8: str = ""  # where the file stops being UTF-8, when read in a legacy encoding


def _csv_encoding(stream: IO[bytes]) -> _CsvEncoding:
    """The encoding of the CSV file `stream` (left at its start).

    The whole file is checked for UTF-8 first, a megabyte at a time (nothing is kept): a
    legacy byte far into a large file must choose the encoding, not fail the import there.
    """
    head = stream.read(_SNIFF_BYTES)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _CsvEncoding("utf-16", "decoded as UTF-16 (byte order mark)")
    utf16 = utf16_without_bom(head)
    if utf16:
        order = "little" if utf16.endswith("le") else "big"
        return _CsvEncoding(utf16, f"decoded as UTF-16 ({order}-endian, no byte order mark: detected)")
    invalid = _first_invalid_utf8(stream)
    if invalid is None:
        stream.seek(0)
        return _CsvEncoding("utf-8-sig")
    bad, line, utf8_before = invalid
    # Detect from the start of the file and from around the first non-UTF-8 byte.
    stream.seek(max(0, bad - _SNIFF_BYTES // 2))
    sample = head + b"\n" + stream.read(_SNIFF_BYTES)
    stream.seek(0)
    detected = decode_legacy(sample, bad_byte=bad, line=line, utf8_elsewhere=utf8_before)  # or raises
    return _CsvEncoding(detected.encoding, detected.note, f"invalid UTF-8 at byte {bad} (line {line})")


def _first_invalid_utf8(stream: IO[bytes]) -> tuple[int, int, bool] | None:
    """None when `stream` is UTF-8 throughout; else the offset and line of its first invalid
    byte, and whether UTF-8 text (accents, typographic marks) came before it."""
    # Plain UTF-8: a BOM is valid UTF-8, and "utf-8-sig" lets a file cut inside one pass.
    decoder = codecs.getincrementaldecoder("utf-8")()
    position = lines = 0
    utf8_before = False
    chunk = b""
    try:
        while chunk := stream.read(_CHECK_BYTES):
            text = decoder.decode(chunk, final=False)
            utf8_before = utf8_before or has_utf8_text(text)
            position += len(chunk)
            lines += chunk.count(b"\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        bad = position + len(chunk) - len(exc.object) + exc.start  # exc.object: held back + chunk
        line = lines + chunk[: max(0, bad - position)].count(b"\n") + 1
        return bad, line, utf8_before or has_utf8_text(exc.object[: exc.start])
    return None


def allow_csv_fields() -> int:
    """Let a CSV field be as long as the longest body (Python's default is 128 KB); the limit
    it replaces.

    The limit is the csv module's, for the whole process: it holds for the admin's tabular
    import (tablib) as well, which is why it is also set when this module is imported.
    """
    return csv.field_size_limit(settings.IMPORT_MAX_BODY_CHARS)


def _read_csv(file: InputFile, *, max_bytes: int) -> Iterator[ArticleRecord]:
    previous = allow_csv_fields()  # the settings may have changed since (tests do)
    try:
        yield from _read_csv_rows(file, max_bytes=max_bytes)
    finally:
        csv.field_size_limit(previous)


def _read_csv_rows(file: InputFile, *, max_bytes: int) -> Iterator[ArticleRecord]:
    with file.open() as stream:
        if not stream.read(1):
            raise RejectFile("empty file")
        stream.seek(0)
        encoding = _csv_encoding(stream)
        text_stream = io.TextIOWrapper(stream, encoding=encoding.name, newline="")
        records = _csv_records(csv.reader(text_stream, strict=True), encoding)
        header, columns = _csv_header(records)
        rows = 0
        for rows, where, values in records:
            if len(values) != len(header):
                raise RejectFile(f"row {rows} ({where}): {len(header)} columns expected, {len(values)} found")
            if stream.tell() > max_bytes:  # the bytes read so far
                raise RejectFile(f"file is over the {format_size(max_bytes)} limit")
            if encoding.invalid_utf8:
                _check_legacy_row(encoding, rows, where, values)
            mapping = {
                column: value
                for column, value in zip(columns, values, strict=True)
                if column not in IGNORED_FIELDS
            }
            yield _record_from_mapping(f"{file.name}#{rows}", mapping, encoding.note, raw_text="")
        if not rows:
            raise RejectFile("empty file: the CSV has a header but no rows")


def _csv_header(records: Iterator[tuple[int, str, list[str]]]) -> tuple[list[str], list[str]]:
    """The header row as written, and its column names (trimmed, lower case)."""
    _, _, header = next(records, (0, "", []))
    columns = [column.strip().lower() for column in header]
    unknown = sorted(set(columns) - set(RECORD_FIELDS) - set(IGNORED_FIELDS))
    if unknown:
        raise RejectFile(
            f"unknown column {', '.join(map(repr, unknown))} (known: {', '.join(RECORD_FIELDS)})"
        )
    if "body" not in columns:
        raise RejectFile("the header row has no 'body' column")
    return header, columns


def _csv_records(reader: Any, encoding: _CsvEncoding) -> Iterator[tuple[int, str, list[str]]]:
    """Each record of the CSV file (blank lines skipped): its number (the header is 0), where
    it is ("line 4", or "lines 4-6" for a record with line breaks in a quoted field), its
    values. A malformed record is a RejectFile saying where it is."""
    number = 0
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RejectFile(_csv_error(exc, number, start, reader.line_num)) from exc
        except UnicodeDecodeError as exc:  # the text is decoded ahead of the lines read
            raise RejectFile(_undecodable(encoding, reader.line_num)) from exc
        if values:
            end = reader.line_num
            yield number, f"line {start}" if end == start else f"lines {start}-{end}", values
            number += 1


def _csv_error(exc: csv.Error, number: int, start: int, line: int) -> str:
    message = str(exc)
    if message.startswith("field larger than field limit"):
        limit = settings.IMPORT_MAX_BODY_CHARS
        return f"row {number} (line {start}): a field is over the limit of {limit:,} characters"
    if message == "unexpected end of data":
        return f"malformed CSV: the record starting at line {start} runs to the end of the file (a quote not closed?)"
    return f"malformed CSV at line {line}: {message}"


def _undecodable(encoding: _CsvEncoding, line: int) -> str:
    if encoding.invalid_utf8:
        return (
            f"{encoding.invalid_utf8}, and no legacy encoding explains the file "
            f"({encoding.name} cannot decode what follows line {line})"
        )
    return f"undecodable text after line {line}: not {encoding.name}"


def _check_legacy_row(encoding: _CsvEncoding, number: int, where: str, values: list[str]) -> None:
    """A CSV file read in a legacy encoding must read as text in every row."""
    odd = legacy_text_problem("\n".join(values))
    if odd:
        raise RejectFile(
            f"{encoding.invalid_utf8}, and no legacy encoding explains the file "
            f"({encoding.name} would read {odd!r} in row {number}, {where})"
        )


allow_csv_fields()
