"""The cross-language lexicon: each entry is found from its own text, in any inflection."""

import pytest

from claims.language import lexicon
from claims.language.lemmas import tokens

GROUPS = {
    "events": lexicon.EVENTS,
    "topics": lexicon.TOPICS,
    "aspects": lexicon.ASPECTS,
    "stances": lexicon.STANCES,
}


def _every_entry():
    for group, table in GROUPS.items():
        for concept, by_language in table.items():
            for language, words in by_language.items():
                for word in words:
                    yield group, concept, language, word


@pytest.mark.parametrize(("group", "concept", "language", "word"), list(_every_entry()))
def test_each_entry_finds_itself(group, concept, language, word):
    found = lexicon._lookup(tokens(word.replace("_", " "), language), language, (group,))
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


def test_a_negation_counts_only_on_an_event():
    assert lexicon.negates_an_event(tokens("la pausa non significa un arresto totale", "it"), "it")
    assert lexicon.negates_an_event(tokens("Meta n'a pas abandonné Behemoth", "fr"), "fr")
    assert not lexicon.negates_an_event(tokens("The spokesman did not comment on the move", "en"), "en")


def test_stances():
    assert lexicon.stances(tokens("ses performances impressionnantes", "fr"), "fr") == {"praised"}
    assert lexicon.stances(tokens("prestazioni deludenti", "it"), "it") == {"criticized"}
    assert lexicon.stances(tokens("modelli closed-source", "it"), "it") == {"closed"}
