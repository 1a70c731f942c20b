"""Decoding and normalization of article text.

Normalization must never change a character an editor may quote: Unicode NFC keeps the
non-breaking spaces of French typography and emoji as they are (NFKC would not).
"""

import codecs
import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes


class RejectFile(Exception):
    """The file (or record) cannot be imported; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""  # said on the file's line when the file was not plain UTF-8


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters that never occur in text (NUL to BS, VT, FF, SO to US, DEL), tab and
# newlines excepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes: UTF-8 (BOM or not) first, UTF-16 (BOM or not), else a legacy
    encoding when one explains the whole file, said so.

    Invalid UTF-8 is never replaced: a file with invalid bytes that no legacy encoding
    explains is rejected with the offset (0-based) and line of the first one.
    """
    if not data.strip():
        raise RejectFile("empty file")
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", "decoded as UTF-16 (byte order mark)")
        except UnicodeDecodeError as exc:
            raise RejectFile("undecodable text: broken UTF-16") from exc
    utf16 = utf16_without_bom(data)
    if utf16:
        return _decode_utf16_without_bom(data, utf16)
    if b"\x00" in data:
        raise RejectFile("binary file (contains NUL bytes), not text")
    try:
        return Decoded(_check_text(data.decode("utf-8-sig")), "utf-8")
    except UnicodeDecodeError as exc:
        bad = len(data) - len(exc.object) + exc.start  # the codec may have dropped a BOM
    return decode_legacy(data, bad_byte=bad, line=data.count(b"\n", 0, bad) + 1)


# -- UTF-16 written without a byte order mark ------------------------------------------------

_UTF16_SAMPLE_BYTES = 64 * 1024
# Text in a Latin script written as UTF-16 has a NUL as the high byte of nearly every character
# (all of ASCII and Latin-1), and NUL is no low byte at all.
_UTF16_NUL_SHARE = 0.3
_UTF16_STRAY_NUL_SHARE = 0.02


def utf16_without_bom(data: bytes) -> str:
    """The codec of `data` when it looks like UTF-16 text with no byte order mark (every other
    byte NUL, the others not): "utf-16-le" or "utf-16-be"; else ""."""
    sample = data[:_UTF16_SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if not pairs or b"\x00" not in sample:
        return ""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= pairs * _UTF16_NUL_SHARE and even <= pairs * _UTF16_STRAY_NUL_SHARE:
        return "utf-16-le"
    if even >= pairs * _UTF16_NUL_SHARE and odd <= pairs * _UTF16_STRAY_NUL_SHARE:
        return "utf-16-be"
    return ""


def _decode_utf16_without_bom(data: bytes, encoding: str) -> Decoded:
    order = "little" if encoding.endswith("le") else "big"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RejectFile(
            f"undecodable text: looks like UTF-16 ({order}-endian, no byte order mark) but is not "
            f"valid UTF-16 at byte {exc.start}"
        ) from exc
    note = f"decoded as UTF-16 ({order}-endian, no byte order mark: detected)"
    return Decoded(_check_text(text), encoding, note)


# -- invalid UTF-8: a legacy encoding, or a rejection -----------------------------------------


def decode_legacy(data: bytes, *, bad_byte: int, line: int, utf8_elsewhere: bool = False) -> Decoded:
    """`data` (a file, or a sample of it) that is not valid UTF-8 from byte `bad_byte` (at
    `line`) on, decoded in the legacy encoding that explains it; RejectFile when none does.

    A file that is UTF-8 elsewhere (a byte order mark, or accented letters and typographic
    marks written as valid UTF-8) is a damaged UTF-8 file, whatever a detector says of it.
    """
    where = f"invalid UTF-8 at byte {bad_byte} (line {line})"
    if utf8_elsewhere or data.startswith(codecs.BOM_UTF8) or has_utf8_text(data):
        raise RejectFile(f"{where} of a file that is UTF-8 elsewhere")
    match = _detect_encoding(data)
    if match is None:
        raise RejectFile(f"{where}, and no legacy encoding explains the file")
    text = str(match)
    odd = legacy_text_problem(text)
    if odd:
        raise RejectFile(
            f"{where}, and no legacy encoding explains the file ({match.encoding} would read {odd!r})"
        )
    return Decoded(_check_text(text), match.encoding, f"not UTF-8: decoded as {match.encoding} (detected)")


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


# What valid UTF-8 text outside ASCII is made of in the desk's languages: Latin-1 and Latin
# Extended-A letters, typographic punctuation, the euro. Invalid bytes decode to surrogates
# (surrogateescape), and the multi-byte sequences a legacy text makes by chance are other
# characters (a cp1252 "à »" is U+083B).
_UTF8_TEXT = re.compile("[\u00a0-\u017f\u2010-\u2027\u2030-\u205e\u20ac]")


def has_utf8_text(data: bytes | str) -> bool:
    """Whether `data` (or the text UTF-8 decoded from it) holds text that only UTF-8 explains
    (accents or typographic marks)."""
    text = data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data
    return bool(_UTF8_TEXT.search(text))


# The letters outside ASCII of the desk's languages (it/fr/en/de/es/pt/nl) and of the names
# news in them quotes: what a Western code page's upper half decodes to in real text.
_WESTERN_LETTERS = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüÿœšžßªºµÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜŒŠŽŸ")
_ONE_LETTER_WORDS = frozenset("àÀèÈéÉó")  # fr/it/pt "à", it "è", pt "é", es "ó"
_MAX_ACCENTED_RUN = 2  # "créée", "ações"; three accented letters in a row is not a word
# Marks that are not letters but occur in text: punctuation and spaces of every kind, currency
# (not the generic ¤), and a few symbols; the others of a code page's upper half (¦ ¨ ¬ ¯ ¸ ˜
# and C1 controls) are what stray bytes decode to.
_MARK_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs", "Sc"})
_MARK_SYMBOLS = frozenset("°©®™±×÷´\u00ad")
_NON_ASCII_MARK = re.compile(r"[^\w\x00-\x7f]")
_NON_ASCII_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")
_CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"})
# Letters of another script than Latin must be a real part of the text, not a few in an
# otherwise Latin one (how stray bytes read in a Cyrillic code page).
_MIN_OTHER_SCRIPT_SHARE = 0.2
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def legacy_text_problem(text: str) -> str:
    """The first stretch of `text` (decoded in a legacy encoding) that no real text contains,
    or "" when the encoding explains the whole of it.

    Real text in a legacy encoding uses its upper half for accented letters inside words of one
    script, whole words of another script, and punctuation. Stray bytes make what text never
    has: C1 controls, odd symbols, scripts mixed inside a word ("Metaжж"), case changing inside
    a word ("éMet"), runs of accented letters with no plain one ("ÿþý").
    """
    if text.isascii():
        return ""
    for char in dict.fromkeys(_NON_ASCII_MARK.findall(text)):  # each once, in text order
        if not _is_plausible_mark(char):
            at = text.index(char)
            return text[max(0, at - 10) : at + 10]
    words = Counter(_NON_ASCII_WORD.findall(text))  # in the order they first occur
    other_script_letters = 0
    for word, count in words.items():
        script = _word_script(word)
        if not script:
            return word
        if script != "LATIN":
            other_script_letters += sum(char.isalpha() for char in word) * count
    if other_script_letters:
        ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
        if other_script_letters < (other_script_letters + ascii_letters) * _MIN_OTHER_SCRIPT_SHARE:
            return next(word for word in words if _word_script(word) != "LATIN")
    return ""


def _is_plausible_mark(char: str) -> bool:
    return char in _MARK_SYMBOLS or (unicodedata.category(char) in _MARK_CATEGORIES and char != "¤")


def _script(char: str) -> str:
    if char in _WESTERN_LETTERS or char.isascii():
        return "LATIN"
    script = unicodedata.name(char, "?").split(" ", 1)[0]
    return "CJK" if script in _CJK_SCRIPTS else script


@functools.lru_cache(maxsize=65536)  # a text repeats its words: judge each once
def _word_script(word: str) -> str:
    """The script of a word holding letters outside ASCII, or "" when no real word is like it."""
    letters = [char for char in word if char.isalpha()]
    scripts = {_script(char) for char in letters}
    if len(scripts) != 1:
        return "" if letters else "LATIN"  # only digits (² ½) otherwise
    script = scripts.pop()
    if script == "LATIN" and not _is_plausible_latin_word(word, letters):
        return ""
    if script != "LATIN" and any(char.isascii() for char in letters):
        return ""
    return script


def _is_plausible_latin_word(word: str, letters: list[str]) -> bool:
    if any(not char.isascii() and char not in _WESTERN_LETTERS for char in letters):
        return False
    if len(word) == 1:
        return word in _ONE_LETTER_WORDS
    if len(letters) > 1 and all(not char.isascii() for char in letters):
        return False
    accented = re.findall(r"[^\x00-\x7f]+", word)
    if any(len(run) > _MAX_ACCENTED_RUN for run in accented):
        return False
    # A word with an accented capital is capitalized ("État") or all capitals ("NÃO"), and no
    # accented letter is a capital inside a lower-case word ("éMet", "helloÃ", "ÚMet").
    if any(char.isupper() and not char.isascii() for char in letters):
        return letters[0].isupper() and (
            all(c.isupper() for c in letters) or not any(c.isupper() for c in letters[1:])
        )
    return not any(
        a.islower() and b.isupper()
        for a, b in itertools.pairwise(letters)
        if not b.isascii() or not a.isascii()
    )


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
