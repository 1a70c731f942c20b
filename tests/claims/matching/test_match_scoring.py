"""Match suggestions across the seed articles: the cross-language pairs an editor reconciles."""

from pathlib import Path

import pytest

from claims.matching.scoring import MIN_SCORE, entity_rarity, features, match

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


def _match(a, b):
    return match(features(*a), features(*b))


def test_two_trillion_parameters_in_two_italian_articles():
    result = _match(
        sentence("000", "Questo modello, annunciato come il più potente"),
        sentence("001", "Il progetto si basa su un approccio Mixture-of-Experts"),
    )
    assert result.score >= MIN_SCORE
    assert "same figure: 2 trillion parameters" in result.reasons
    assert not result.contradictions


def test_spending_range_in_italian_contains_the_french_figure():
    result = _match(
        sentence("001", "L’azienda ha previsto una spesa compresa"),
        sentence("003", "Ce retard intervient alors que Meta a fait de l’IA"),
    )
    assert result.score >= MIN_SCORE
    assert "same figure: 64 billion–72 billion USD (within a range)" in result.reasons
    assert "key terms: spending" in result.reasons


def test_the_new_york_times_report_in_italian_and_english():
    result = _match(
        sentence("000", "Secondo un rapporto del New York Times"),
        sentence("004", "Sources referred to the Times"),
    )
    assert result.score >= MIN_SCORE
    assert result.reasons[0] == "key terms: delay, performance, release, training"


def test_total_against_active_parameters_is_flagged_for_reconciliation():
    result = _match(
        sentence("000", "Questo modello, annunciato come il più potente"),
        sentence("003", "Ce dernier est conçu pour être une prouesse"),
    )
    assert (
        "different figures for parameters: 2 trillion parameters / 288 billion parameters"
        in result.contradictions
    )


def test_abandoned_against_only_discussed_is_flagged():
    result = _match(
        sentence("000", "Meta ha recentemente preso una decisione sorprendente"),
        sentence("004", "The best members of The new Superintelligence laboratory"),
    )
    assert "key terms: abandon" in result.reasons[0]
    assert any("denies" in c for c in result.contradictions)


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


def test_a_name_every_article_mentions_tells_little():
    texts = [features(text, LANGUAGES[key]) for key, text in SEEDS.items()]
    rarity = entity_rarity(texts)
    assert rarity["meta"] < rarity.get("new york times", 1)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The report was published by Reuters in May.", "en"),
        ("Il punto è stato contestato dai lettori.", "it"),
    ],
)
def test_words_that_only_contain_a_key_term_are_not_it(text, language):
    assert features(text, language).terms == frozenset()


def test_a_name_in_every_text_weighs_nothing():
    texts = [features("Meta said so.", "en"), features("Meta disse così.", "it")]
    assert entity_rarity(texts)["meta"] == 0
