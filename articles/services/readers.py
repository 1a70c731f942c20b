"""Readers: from a file's bytes to article records, one reader per format.

Formats (the extension decides):
- `.txt`, `.md`: one article. A short first line is its headline; `date 2025-05`, a byline
  line and trailing promotional lines are read by `hints`.
- `.html`, `.htm`: one article; the main text is extracted (scripts, navigation and markup
  gone) and the page's metadata (title, author, site name, date, canonical url) is used.
- `.json`: one article object, or a list of them. `.jsonl`: one object per line.
- `.csv`: a header row, then one article per row (UTF-8 or a detected encoding).
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

import trafilatura

from articles.services.text import RejectFile, decode_bytes

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
    if extension in TEXT_EXTENSIONS:
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


def _read_html(name: str, html: str, note: str) -> ArticleRecord:
    keep_nbsp = _NBSP_STANDIN not in html
    source = _NBSP_FORMS.sub(_NBSP_STANDIN, html) if keep_nbsp else html
    document = trafilatura.bare_extraction(
        source, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or isinstance(document, dict):  # a dict only with as_dict=True
        raise RejectFile("no article text found in the HTML page")
    text = document.text or ""
    if keep_nbsp:
        text = text.replace(_NBSP_STANDIN, "\u00a0")
    if not text.strip():
        raise RejectFile("no article text found in the HTML page")

    def meta(value: str | None) -> str:
        return (value or "").replace(_NBSP_STANDIN, "\u00a0").strip()

    title = meta(document.title)
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip() == title and rest.strip():
        text = rest  # the page repeats its headline as the first line of the text
    return ArticleRecord(
        name=name,
        text=text,
        raw_text=html,
        title=title,
        outlet=meta(document.sitename),
        byline=meta(document.author),
        url=meta(document.url),
        published=meta(document.date),
        note=note,
    )


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


def _open_text_stream(stream: IO[bytes]) -> tuple[io.TextIOWrapper, str]:
    """A text stream over `stream` in its encoding, decoded as it is read.

    The whole file is checked for UTF-8 first, a megabyte at a time (nothing is kept): a
    legacy byte far into a large file must choose the encoding, not fail the import there.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    position = 0
    try:
        while chunk := stream.read(_CHECK_BYTES):
            decoder.decode(chunk, final=False)
            position += len(chunk)
        decoder.decode(b"", final=True)
        encoding, note = "utf-8-sig", ""
    except UnicodeDecodeError as exc:
        # Detect from the start of the file and from around the first non-UTF-8 byte.
        stream.seek(0)
        sample = stream.read(_SNIFF_BYTES)
        stream.seek(max(0, position + exc.start - _SNIFF_BYTES // 2))
        sample += b"\n" + stream.read(_SNIFF_BYTES)
        detected = decode_bytes(sample)  # raises when nothing fits
        encoding, note = detected.encoding, detected.note
    stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding, newline=""), note


def _read_csv(file: InputFile, *, max_bytes: int) -> Iterator[ArticleRecord]:
    with file.open() as stream:
        if not stream.read(1):
            raise RejectFile("empty file")
        stream.seek(0)
        text_stream, note = _open_text_stream(stream)
        reader = csv.DictReader(text_stream, strict=True)
        try:
            header = reader.fieldnames or []
            columns = [column.strip().lower() for column in header]
            unknown = sorted(set(columns) - set(RECORD_FIELDS) - set(IGNORED_FIELDS))
            if unknown:
                raise RejectFile(
                    f"unknown column {', '.join(map(repr, unknown))} (known: {', '.join(RECORD_FIELDS)})"
                )
            if "body" not in columns:
                raise RejectFile("the header row has no 'body' column")
            rows = 0
            for row in reader:
                rows += 1
                number = reader.line_num
                if None in row or None in row.values():
                    raise RejectFile(f"row {rows} (line {number}): {len(header)} columns expected")
                if stream.tell() > max_bytes:  # the bytes read so far
                    raise RejectFile(f"file is over the {format_size(max_bytes)} limit")
                mapping = {
                    column: row[key]
                    for column, key in zip(columns, header, strict=True)
                    if column not in IGNORED_FIELDS
                }
                yield _record_from_mapping(f"{file.name}#{rows}", mapping, note, raw_text="")
            if not rows:
                raise RejectFile("empty file: the CSV has a header but no rows")
        except csv.Error as exc:
            raise RejectFile(f"malformed CSV at line {reader.line_num}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise RejectFile(f"undecodable text near byte {exc.start}: not {text_stream.encoding}") from exc
