"""Properties of the import's decoding and CSV reading over wide input spaces (hypothesis):
offsets and line numbers are exact, UTF-16 without a byte order mark round-trips, real text in
a legacy code page is never refused, and a damaged UTF-8 file is never imported."""

import codecs
import csv
import io
from unittest import mock

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from articles.services import csv_records
from articles.services.readers import looks_like_html, read_records
from articles.services.records import InputFile
from articles.services.text import RejectFile, decode_bytes, has_utf8_text, legacy_text_problem

MAX_BYTES = 10 * 1024 * 1024
# Bytes that can never start a UTF-8 character: inserted between characters, they are where
# the text stops being UTF-8.
NEVER_UTF8 = [*range(0x80, 0xC2), *range(0xF5, 0x100)]
WESTERN = "àèéìòùçâêîôûëïüÿœäößñáíóúãõÀÈÉÇÔÜÖÄÑ’‘“”«»–—…€°\u00a0"
TEXT_ALPHABET = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-\n" + WESTERN
)


def _reference_invalid_utf8(data: bytes) -> tuple[int, int] | None:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = len(data) - len(exc.object) + exc.start
        return bad, data.count(b"\n", 0, bad) + 1
    return None


@given(data=st.binary(max_size=200), chunk=st.integers(min_value=1, max_value=9))
@example(data=b"\xef\xbb\xbfab\xc3", chunk=2)  # a BOM, then a sequence cut by the end of the file
@example(data=b"ab\xe2\x82", chunk=3)
@example(data=b"\xc2\xa0\x80", chunk=1)  # UTF-8 text first: the rest must still be checked
def test_the_first_invalid_utf8_byte_of_a_csv_is_found_whatever_the_chunks(data, chunk):
    """The CSV check reads a megabyte at a time; with chunks of a few bytes, sequences split
    across chunks must neither fail nor shift the offset."""
    with mock.patch.object(csv_records, "_CHECK_BYTES", chunk):
        found = csv_records._first_invalid_utf8(io.BytesIO(data))
    expected = _reference_invalid_utf8(data)
    assert (found[:2] if found else None) == expected
    if found:
        assert found[2] == has_utf8_text(data[: found[0]])


@given(
    text=st.text(TEXT_ALPHABET, min_size=1, max_size=300),
    stray=st.lists(st.sampled_from(NEVER_UTF8), min_size=1, max_size=3),
    where=st.floats(min_value=0, max_value=1),
)
def test_a_utf8_file_with_a_stray_byte_is_rejected_at_that_byte(text, stray, where):
    assume(text.strip() and has_utf8_text(text))
    at = int(len(text) * where)
    data = text[:at].encode() + bytes(stray) + text[at:].encode()
    offset = len(text[:at].encode())
    with pytest.raises(RejectFile) as excinfo:
        decode_bytes(data)
    line = text[:at].count("\n") + 1
    assert (
        str(excinfo.value)
        == f"invalid UTF-8 at byte {offset} (line {line}) of a file that is UTF-8 elsewhere"
    )


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(st.sampled_from("abcdefghij klmnopqrstuvwxyz ABCXYZ.,\n"), min_size=20, max_size=300),
    stray=st.lists(st.integers(min_value=0x80, max_value=0xFF), min_size=1, max_size=4),
    where=st.floats(min_value=0, max_value=1),
)
def test_an_ascii_file_with_stray_bytes_is_decoded_only_when_a_code_page_explains_it(text, stray, where):
    """Never "binary file", never mojibake: a rejection names the first invalid byte; a
    decoding reads as real text in the code page chosen."""
    assume(text.strip())
    at = int(len(text) * where)
    data = text[:at].encode() + bytes(stray) + text[at:].encode()
    expected = _reference_invalid_utf8(data)
    assume(expected)  # the stray bytes may happen to be valid UTF-8
    try:
        decoded = decode_bytes(data)
    except RejectFile as exc:
        reason = str(exc)
    else:
        reason = ""
        assert decoded.note.startswith("not UTF-8: decoded as ")
        assert legacy_text_problem(decoded.text) == ""
    assert not reason or reason.startswith(f"invalid UTF-8 at byte {expected[0]} (line {expected[1]})")


@given(
    text=st.text(
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, blacklist_categories=["Cc", "Cs"]),
        min_size=1,
        max_size=200,
    ),
    encoding=st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_utf16_without_a_byte_order_mark_round_trips(text, encoding):
    """Text at least half in Latin-1 (the desk's languages). Characters whose low byte is NUL
    (U+0100, U+2000 ...) would make the byte order ambiguous: none is common in that text."""
    assume(text.strip() and sum(ord(char) < 0x100 for char in text) * 2 >= len(text))
    assume(all(ord(char) % 0x100 for char in text))
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert "no byte order mark" in decoded.note


WORDS = [
    *("perché", "società", "già", "più", "però", "ciò", "così", "città", "è", "à", "où", "déjà"),
    *("été", "très", "français", "leçon", "cœur", "Größe", "schön", "über", "Mädchen", "straße"),
    *("acción", "años", "también", "não", "ações", "coração", "één", "Meta", "Behemoth"),
    *("modello", "governo", "the", "minister", "said", "report", "data", "À", "È", "ÉTAT"),
    *("NÃO", "État", "Ébola", "Über"),
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "; ", " — ", " « ", " » ", "’", "\n", " 3 € ", " 20° ", "\u00a0"]


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=60))
def test_real_western_text_in_a_code_page_is_always_explained(pieces):
    text = "".join(word + separator for word, separator in pieces)
    assert legacy_text_problem(text) == ""


@given(
    rows=st.lists(
        st.tuples(
            st.text(TEXT_ALPHABET, min_size=1, max_size=40).filter(lambda s: any(c.isalpha() for c in s)),
            st.text(TEXT_ALPHABET, max_size=20),
        ),
        max_size=6,
    ),
    blank_lines=st.integers(min_value=0, max_value=2),
    extra=st.booleans(),
)
def test_a_bad_csv_record_is_reported_at_the_lines_it_spans(rows, blank_lines, extra):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["body", "title"])
    writer.writerows(rows)
    before = buffer.getvalue() + "\n" * blank_lines
    bad = io.StringIO()
    csv.writer(bad, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(
        ["one\nmore", "two", "three"] if extra else ["one\nmore"]
    )
    content = (before + bad.getvalue()).encode()
    file = InputFile(name="rows.csv", open=lambda: io.BytesIO(content), size=len(content))
    with pytest.raises(RejectFile) as excinfo:
        list(read_records(file, max_bytes=MAX_BYTES))
    start = before.count("\n") + 1
    found = 3 if extra else 1
    assert str(excinfo.value) == (
        f"row {len(rows) + 1} (lines {start}-{start + 1}): 2 columns expected, {found} found"
    )


@given(st.text(max_size=200))
def test_text_that_does_not_open_with_a_tag_is_never_taken_for_html(text):
    assume(not text.lstrip(" \t\n\r\f\v\ufeff").startswith("<"))
    assert not looks_like_html(text)


def test_the_reference_offsets_match_the_codec_on_a_bom():
    assert _reference_invalid_utf8(codecs.BOM_UTF8 + b"ab\xff") == (5, 1)
