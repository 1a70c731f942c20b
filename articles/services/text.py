"""Decoding and normalization of article text.

Normalization must never change a character an editor may quote: Unicode NFC keeps the
non-breaking spaces of French typography and emoji as they are (NFKC would not).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes


class RejectFile(Exception):
    """The file (or record) cannot be imported; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""  # said on the file's line when the file was not plain UTF-8


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters that never occur in text (NUL to BS, VT, FF, SO to US, DEL), tab and
# newlines excepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes: UTF-8 (BOM or not) first, else a detected encoding, said so."""
    if not data.strip():
        raise RejectFile("empty file")
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", "decoded as UTF-16 (byte order mark)")
        except UnicodeDecodeError as exc:
            raise RejectFile("undecodable text: broken UTF-16") from exc
    if b"\x00" in data:
        raise RejectFile("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        return Decoded(_check_text(text), "utf-8")
    except UnicodeDecodeError:
        pass
    match = _detect_encoding(data)
    if match is None:
        raise RejectFile("undecodable text: not UTF-8, and no other encoding fits")
    text = _check_text(str(match))
    return Decoded(text, match.encoding, f"not UTF-8: decoded as {match.encoding} (detected)")


# The desk reads Western European languages. On short single-byte texts the detector often
# cannot tell cp1252 from its Central European and Baltic cousins (they decode the same bytes
# with the same "chaos"); between candidates that fit about as well, the Western code page wins.
_WESTERN = ("cp1252", "iso8859_15", "latin_1")
_WESTERN_MARGIN = 0.1


def _detect_encoding(data: bytes) -> CharsetMatch | None:
    results = from_bytes(data)
    best = results.best()
    western = [m for m in from_bytes(data, cp_isolation=list(_WESTERN)) if m.encoding in _WESTERN]
    if western and (best is None or western[0].chaos <= best.chaos + _WESTERN_MARGIN):
        return western[0]
    return best


def _check_text(text: str) -> str:
    if len(_CONTROL.findall(text[:20000])) > 5:
        raise RejectFile("binary file (control characters), not text")
    if not text.strip():
        raise RejectFile("empty file")
    return text


_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, `\\n` line endings, no trailing blanks on lines, at most one empty line in a row.

    Idempotent, and it keeps every non-ASCII character (NBSP, typographic quotes, emoji).
    """
    # Each step is skipped when a cheap look shows it has nothing to do: most imported text
    # is already clean, and the regular expressions dominate the import's cost otherwise.
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if any(mark in text for mark in ("\r", "\u2028", "\u2029", "\x85")):
        text = _LINE_BREAKS.sub("\n", text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = _TRAILING_SPACE.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n ")


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
