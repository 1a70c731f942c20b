"""What the import reads a file into: one ArticleRecord per article, from an InputFile."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from articles.services.text import (
    RejectFile,
)

RECORD_FIELDS = ("title", "body", "outlet", "byline", "url", "language", "published")


# Written by the desk's own exports; read back, it is recomputed from the body, not trusted.
IGNORED_FIELDS = ("content_hash",)


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


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def record_from_mapping(name: str, obj: Any, note: str, raw_text: str) -> ArticleRecord:
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
