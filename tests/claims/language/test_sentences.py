"""Where sentences are: abbreviations, dates and decimals do not cut; tables and lists are read
as what they are."""

import pytest

from claims.language.sentences import spans


def _texts(body: str) -> list[tuple[str, str]]:
    return [(span.kind, body[span.start : span.end]) for span in spans(body)]


@pytest.mark.parametrize(
    "sentence",
    [
        "On Feb. 9 Meta said it had 2.5 trillion parameters.",
        "Il modello ha 2,5 trilioni di parametri e costa ca. 20 milioni.",
        "M. Dupont et Mme Martin ont parlé à Meta.",
        "The U.S. agency and Dr. Smith agreed on Jan. 3.",
        "J. R. R. Tolkien wrote it.",
        "Il a dit « c’est fini… » puis il est parti.",
    ],
)
def test_one_sentence_stays_whole(sentence):
    assert _texts(sentence) == [("sentence", sentence)]


def test_sentences_are_cut_at_their_ends():
    body = "Meta delayed it. « Non », a-t-il dit. Why? Because! It ended…\nA new paragraph here."
    assert [text for _, text in _texts(body)] == [
        "Meta delayed it.",
        "« Non », a-t-il dit.",
        "Why?",
        "Because!",
        "It ended…",
        "A new paragraph here.",
    ]


def test_a_table_yields_its_data_rows_only():
    body = (
        "The model card lists them.\n"
        "| Model Name | Parameters | Context |\n"
        "|:---|---:|---|\n"
        "| Llama 4 Scout | 17B active, 109B total | 10M |\n"
        "| Llama 4 Maverick | 17B active, 400B total | 1M |\n"
        "After the table."
    )
    assert _texts(body) == [
        ("sentence", "The model card lists them."),
        ("table row", "Llama 4 Scout | 17B active, 109B total | 10M"),
        ("table row", "Llama 4 Maverick | 17B active, 400B total | 1M"),
        ("sentence", "After the table."),
    ]


def test_headings_are_skipped_and_list_items_kept_without_their_marker():
    body = "# Llama 4\nA heading without punctuation\n- 288B active parameters\n2. Trained on 30T tokens.\n"
    assert _texts(body) == [("list item", "288B active parameters"), ("list item", "Trained on 30T tokens.")]


def test_offsets_point_into_the_body():
    body = "  First one here.  Second one.\n\n| a | 1 |\n| b | 2 |"
    for span in spans(body):
        assert body[span.start : span.end].strip() == body[span.start : span.end]
