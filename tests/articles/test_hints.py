import datetime

import pytest

from articles.services.hints import derive_title, extract_hints, parse_published
from articles.services.text import RejectFile


def test_leading_date_gives_a_month_precision_date_and_leaves_the_body():
    hints = extract_hints(
        "date 2025-05 Meta ha deciso di rinviare il lancio.\n\nAltro testo.", "it", find_title=True
    )
    assert hints.published.date == datetime.date(2025, 5, 1)
    assert hints.published.precision == "month"
    assert hints.body.startswith("Meta ha deciso di rinviare il lancio.")


@pytest.mark.parametrize(
    ("value", "date", "precision"),
    [
        ("2025", datetime.date(2025, 1, 1), "year"),
        ("2025-07", datetime.date(2025, 7, 1), "month"),
        ("2025-07-09", datetime.date(2025, 7, 9), "day"),
        ("2025-07-09T10:30:00Z", datetime.date(2025, 7, 9), "day"),
    ],
)
def test_published_dates_keep_their_precision(value, date, precision):
    published = parse_published(value)
    assert (published.date, published.precision) == (date, precision)


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "May 2025", "25-05"])
def test_impossible_or_unreadable_dates_are_refused(value):
    with pytest.raises(RejectFile, match="published date"):
        parse_published(value)


def test_a_date_word_not_followed_by_a_date_is_left_alone():
    text = "Date 2025-99 è una data sbagliata.\n\nSecondo paragrafo."
    hints = extract_hints(text, "it", find_title=False)
    assert hints.published is None
    assert hints.body == text


@pytest.mark.parametrize(
    ("language", "line", "byline"),
    [
        ("it", "Di Fantasy", "Fantasy"),
        ("fr", "Par Marie Dupont", "Marie Dupont"),
        ("en", "By Jane Doe", "Jane Doe"),
    ],
)
def test_trailing_byline_line_becomes_the_byline(language, line, byline):
    hints = extract_hints(f"First paragraph of the article.\n\n{line}", language, find_title=False)
    assert hints.byline == byline
    assert hints.body == "First paragraph of the article."


def test_a_sentence_that_starts_like_a_byline_is_not_one():
    text = "Di quattordici ricercatori, solo tre restano a Meta.\n\nAltro."
    hints = extract_hints(text, "it", find_title=False)
    assert hints.byline == ""
    assert hints.body == text


@pytest.mark.parametrize(
    ("language", "tail"),
    [
        ("fr", "A lire ensuite"),
        ("fr", "À lire aussi : Meta recrute"),
        ("it", "Le tue notizie crittografiche meritano l'attenzione - Wire ti mette su oltre 250 siti"),
        ("it", "Leggi anche: il futuro di Llama"),
        ("en", "Read next: Meta's new lab"),
        ("en", "Sign up for our AI newsletter"),
    ],
)
def test_trailing_promotional_lines_are_dropped_from_the_body(language, tail):
    body = "The article's last real sentence."
    hints = extract_hints(f"{body}\n\n{tail}", language, find_title=False)
    assert hints.body == body
    assert hints.dropped_lines


def test_a_source_line_is_part_of_the_article_but_read_next_is_not():
    hints = extract_hints("Texte.\n\n👉 Source ici\n\nA lire ensuite", "fr", find_title=False)
    assert hints.body == "Texte.\n\n👉 Source ici"


def test_promotional_words_inside_the_article_are_kept():
    text = "Meta launched a newsletter for developers in May.\n\nThe model was delayed."
    assert extract_hints(text, "en", find_title=False).body == text


def test_short_first_line_is_the_headline():
    hints = extract_hints("Meta delays Behemoth\n\nMeta has delayed its model.", "en", find_title=True)
    assert hints.title == "Meta delays Behemoth"
    assert hints.body == "Meta has delayed its model."


def test_markdown_heading_is_the_headline():
    hints = extract_hints("# Meta delays Behemoth.\n\nMeta has delayed its model.", "en", find_title=True)
    assert hints.title == "Meta delays Behemoth."


def test_a_first_sentence_is_not_a_headline():
    text = "Meta has delayed its model, people said.\nMore text."
    hints = extract_hints(text, "en", find_title=True)
    assert hints.title == ""
    assert hints.body == text


def test_a_single_line_text_has_no_headline():
    hints = extract_hints("Only one line", "en", find_title=True)
    assert (hints.title, hints.body) == ("", "Only one line")


def test_derived_title_is_the_first_sentence_shortened():
    assert derive_title("Meta delays Behemoth. More text.") == "Meta delays Behemoth."
    long = "word " * 60
    title = derive_title(long)
    assert title.endswith("…")
    assert len(title) <= 121


def test_unknown_language_applies_every_languages_rules():
    hints = extract_hints("Texte de l'article.\n\nPar Jean Martin", "und", find_title=False)
    assert hints.byline == "Jean Martin"
