"""Reading CSV files into article records: their encoding, their fields (as long as a body), their errors on their real lines."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings

from articles.services.records import (
    IGNORED_FIELDS,
    RECORD_FIELDS,
    ArticleRecord,
    InputFile,
    format_size,
    record_from_mapping,
)
from articles.services.text import (
    RejectFile,
    decode_legacy,
    has_utf8_text,
    legacy_text_problem,
    utf16_without_bom,
)

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
            yield record_from_mapping(f"{file.name}#{rows}", mapping, encoding.note, raw_text="")
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
