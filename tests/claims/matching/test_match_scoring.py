"""Match scoring across the seed articles: the cross-language pairs an editor reconciles, and the
contradictions that are (and are not) flagged."""

from pathlib import Path

import pytest

from claims.matching.scoring import MIN_SCORE, contradictions, features, informativeness, match, rarity

SEEDS = {
    path.name[:3]: path.read_text(encoding="utf-8")
    for path in (Path(__file__).resolve().parents[3] / "seeds").glob("*.txt")
}
LANGUAGES = {"000": "it", "001": "it", "002": "it", "003": "fr", "004": "en"}


def sentence(seed: str, start: str) -> tuple[str, str]:
    """The seed's sentence that begins with `start` (checked to be there)."""
    text = SEEDS[seed]
    at = text.index(start)
    end = min(i for i in (text.find(". ", at), text.find(".\n", at), len(text)) if i != -1)
    return text[at : end + 1], LANGUAGES[seed]


def _seed_sentences():
    for key, text in SEEDS.items():
        for line in text.split("\n"):
            for part in line.split(". "):
                if len(part.split()) > 4:
                    yield features(part, LANGUAGES[key])


WEIGHTS = rarity(list(_seed_sentences()))


def _match(a, b):
    return match(features(*a), features(*b), weights=WEIGHTS)


def test_two_trillion_parameters_in_two_italian_articles():
    result = _match(
        sentence("000", "Questo modello, annunciato come il più potente"),
        sentence("001", "Il progetto si basa su un approccio Mixture-of-Experts"),
    )
    assert result.score >= MIN_SCORE
    assert "same figure: 2 trillion parameters" in result.reasons
    assert not result.contradictions


def test_spending_range_in_italian_and_its_top_in_french():
    result = _match(
        sentence("001", "L’azienda ha previsto una spesa compresa"),
        sentence("003", "Ce retard intervient alors que Meta a fait de l’IA"),
    )
    assert result.score >= MIN_SCORE
    assert "same figure: 64 billion–72 billion USD (within a range)" in result.reasons
    assert any(reason.startswith("key terms:") and "invest" in reason for reason in result.reasons)
    assert result.contradictions == [
        "the range's top given as the figure: 72 billion USD / 64 billion–72 billion USD"
    ]


def test_total_against_active_parameters_is_no_contradiction():
    total = features(*sentence("000", "Questo modello, annunciato come il più potente"))
    active = features(*sentence("003", "Ce dernier est conçu pour être une prouesse"))
    assert not contradictions(total, active)
    assert {q.qualifier for q in active.quantities} == {"active"}


def test_different_values_of_one_typed_quantity_are():
    a = features("Behemoth has 288 billion active parameters.", "en")
    b = features("Behemoth a 300 milliards de paramètres actifs.", "fr")
    assert contradictions(a, b) == [
        "different values of active parameters: 288 billion active parameters / 300 billion active parameters"
    ]


def test_a_value_outside_a_range():
    a = features("Meta will spend between $64 and $72 billion.", "en")
    b = features("Meta spenderà 80 miliardi di dollari.", "it")
    assert contradictions(a, b) == ["a value outside the range: 80 billion USD / 64 billion–72 billion USD"]


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            ("Meta has completed the training of Behemoth.", "en"),
            ("Behemoth reste en phase d’entraînement avancé.", "fr"),
            "completed vs still going on (train)",
        ),
        (
            ("Meta ha deciso di abbandonare Behemoth.", "it"),
            ("Meta could abandon Behemoth, after discussions.", "en"),
            "decided vs only discussed (abandon)",
        ),
        (
            ("Meta ha interrotto i test sul modello.", "it"),
            ("Les tests de Meta continuent.", "fr"),
            "stopped vs still going on (test)",
        ),
    ],
)
def test_opposite_states_of_one_event(a, b, why):
    assert why in contradictions(features(*a), features(*b))


def test_a_shared_topic_is_not_a_shared_event():
    a = features("Meta ha abbandonato lo sviluppo del modello.", "it")
    b = features("Meta continues to invest in its models.", "en")
    assert not contradictions(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("002", "Joelle Pineau, che per otto anni"), ("001", "L’azienda ha previsto una spesa compresa")),
        (
            ("003", "Le mois dernier, Meta organisait LlamaCon"),
            ("002", "Molti favoriscono alternative open source"),
        ),
    ],
)
def test_unrelated_sentences_are_not_suggested(a, b):
    assert _match(sentence(*a), sentence(*b)).score < MIN_SCORE


def test_a_name_every_text_has_weighs_nothing_and_common_words_little():
    texts = [features("It was Meta that announced it.", "en"), features("Lo disse Meta.", "it")]
    assert rarity(texts)["name:meta"] < rarity(texts)["word:en:announce"]
    assert informativeness("word:it:che") == 0
    assert informativeness("word:it:abbandonare") > informativeness("word:it:avere")
    assert informativeness("name:behemoth") == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The report was published by Reuters in May.", "en"),
        ("Il punto è stato contestato dai lettori.", "it"),
    ],
)
def test_words_that_only_contain_a_key_term_are_not_it(text, language):
    assert "context window" not in features(text, language).concepts
