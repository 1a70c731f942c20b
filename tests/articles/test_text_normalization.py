import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.services.text import RejectFile, content_hash, decode_bytes, normalize_text

NBSP = "\u00a0"
FRENCH = f"Meta reporte le lancement de son modèle Llama 4 «{NBSP}Behemoth{NBSP}» : un délai"
EMOJI = "👉 Source ici"


def test_utf8_is_decoded_without_a_note():
    decoded = decode_bytes(FRENCH.encode("utf-8"))
    assert decoded.text == FRENCH
    assert decoded.encoding == "utf-8"
    assert decoded.note == ""


def test_utf8_byte_order_mark_is_dropped():
    decoded = decode_bytes(b"\xef\xbb\xbf" + "Perché sì".encode())
    assert decoded.text == "Perché sì"
    assert decoded.note == ""


def test_utf16_with_byte_order_mark_is_decoded_and_said():
    decoded = decode_bytes(FRENCH.encode("utf-16"))
    assert decoded.text == FRENCH
    assert "UTF-16" in decoded.note


def test_legacy_encoding_is_detected_and_reported():
    text = (
        "Le géant Meta a présenté à l’été ses modèles; déjà très attendus, ils sont arrivés en retard. " * 3
    )
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.note.startswith("not UTF-8: decoded as ")
    assert decoded.encoding != "utf-8"


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty_file_is_rejected(data):
    with pytest.raises(RejectFile, match="empty file"):
        decode_bytes(data)


def test_binary_file_is_rejected():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(RejectFile, match="binary file"):
        decode_bytes(png)


def test_text_full_of_control_characters_is_rejected_as_binary():
    with pytest.raises(RejectFile, match="binary file"):
        decode_bytes(bytes(range(1, 9)) * 20)


def test_normalize_keeps_nbsp_and_emoji_and_typographic_quotes():
    text = f"{FRENCH}\r\n\r\n{EMOJI}\r\nl’Europe “quoted”"
    assert normalize_text(text) == f"{FRENCH}\n\n{EMOJI}\nl’Europe “quoted”"


def test_normalize_composes_to_nfc():
    decomposed = "Perche\u0301 la societa\u0300"
    assert normalize_text(decomposed) == "Perché la società"


def test_normalize_unifies_line_endings_and_trims_blank_runs():
    assert normalize_text("\n\n  one  \r\ntwo\r\rthree\u2028four\n\n\n\nfive   \n\n") == (
        "one\ntwo\n\nthree\nfour\n\nfive"
    )


def test_content_hash_is_sha256_of_the_body():
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_normalized_text_is_nfc_with_unix_newlines(text):
    normalized = normalize_text(text)
    assert "\r" not in normalized
    assert unicodedata.is_normalized("NFC", normalized)
    assert "\n\n\n" not in normalized


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Zl", "Zp", "Cs"])))
def test_normalize_never_drops_a_visible_character(text):
    """Only white space at line ends and line breaks change; every other character stays."""
    expected = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    visible = [c for c in expected if c not in " \t"]
    assert [c for c in normalize_text(text) if c not in " \t\n"] == visible


def test_short_italian_in_cp1252_is_not_mistaken_for_a_central_european_code_page():
    text = "Perché la società è già più forte; però ciò non basta. Così è."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_non_western_legacy_encoding_still_wins_when_it_fits_better():
    text = "Привет, как дела? Это длинный русский текст о модели Meta. " * 3
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
