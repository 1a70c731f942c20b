"""The cross-language lexicon: each entry is found from its own text, in any inflection."""

import pytest

from claims.language import lexicon
from claims.language.lemmas import tokens


def _every_entry():
    for table in (lexicon.EVENTS, lexicon.TOPICS, lexicon.ASPECTS):
        for concept, by_language in table.items():
            for language, words in by_language.items():
                for word in words:
                    yield table, concept, language, word


@pytest.mark.parametrize(("table", "concept", "language", "word"), list(_every_entry()))
def test_each_entry_finds_itself(table, concept, language, word):
    found = lexicon._lookup(
        tokens(word.replace("_", " "), language),
        language,
        (
            {id(lexicon.EVENTS): "events", id(lexicon.TOPICS): "topics", id(lexicon.ASPECTS): "aspects"}[
                id(table)
            ],
        ),
    )
    assert concept in found


@pytest.mark.parametrize(
    ("text", "language", "concept"),
    [
        ("Il lancio è stato posticipato", "it", "delay"),
        ("sa sortie retardée depuis avril", "fr", "delay"),
        ("Meta has delayed the release", "en", "delay"),
        ("Meta ha deciso di abbandonare Behemoth", "it", "abandon"),
        ("les ingénieurs ont abandonné le projet", "fr", "abandon"),
        ("testing was halted", "en", "stop"),
        ("hanno completato l'addestramento", "it", "complete"),
        ("le modèle est encore en cours d'entraînement", "fr", "train"),
    ],
)
def test_inflections_find_their_concept(text, language, concept):
    assert concept in lexicon.events(tokens(text, language), language)


def test_aspects():
    assert "ongoing" in lexicon.aspects(tokens("Behemoth is still training", "en"), "en")
    assert "hypothetical" in lexicon.aspects(tokens("Meta potrebbe abbandonare il modello", "it"), "it")
    assert "negated" in lexicon.aspects(tokens("Meta n'a pas abandonné", "fr"), "fr")
