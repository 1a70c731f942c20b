"""Quantities across languages: the same figure however each article writes it."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.matching.quantities import find_quantities


def _one(text: str, language: str):
    found = find_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("con 2 trilioni di parametri", "it"),
        ("with 2 trillion parameters", "en"),
        ("avec 2 000 milliards de paramètres", "fr"),
        ("avec 2\u00a0000 milliards de paramètres", "fr"),
        ("avec deux billions de paramètres", "fr"),
    ],
)
def test_two_trillion_parameters_in_every_language(text, language):
    quantity = _one(text, language)
    assert (quantity.low, quantity.high, quantity.unit) == (
        Decimal(2 * 10**12),
        Decimal(2 * 10**12),
        "parameters",
    )


def test_a_range_contains_its_upper_bound_quoted_elsewhere():
    spending = _one("una spesa compresa tra i 64 e i 72 miliardi di dollari per il 2025", "it")
    assert spending.is_range
    assert (spending.low, spending.high, spending.unit) == (Decimal(64 * 10**9), Decimal(72 * 10**9), "USD")
    french = _one("un investissement colossal de l’ordre de 72 milliards de dollars", "fr")
    assert spending.contains(french)
    assert not french.contains(spending)


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("fino a dieci milioni di token", "it", 10_000_000, "tokens"),
        ("a 10M-token context", "en", 10_000_000, "tokens"),
        ("ses 288 milliards de paramètres actifs", "fr", 288 * 10**9, "parameters"),
        ("o il 78% dei ricercatori", "it", 78, "percent"),
        ("Meta spent $72 billion", "en", 72 * 10**9, "USD"),
        ("2,5 milioni di euro", "it", 2_500_000, "EUR"),
        ("2.5 million euros", "en", 2_500_000, "EUR"),
    ],
)
def test_figures_with_scale_words_and_units(text, language, value, unit):
    quantity = _one(text, language)
    assert (quantity.high, quantity.unit) == (Decimal(value), unit)


def test_different_figures_are_not_the_same():
    two = _one("2 trillion parameters", "en")
    active = _one("288 billion parameters", "en")
    assert not two.same_as(active)
    assert two.same_as(_one("2 trilioni di parametri", "it"))


def test_version_numbers_and_small_bare_counts_are_not_quantities():
    assert find_quantities("Llama 4 and GPT-4.5 compete with Claude 3.7", "en") == []


def test_units_must_agree():
    assert not _one("72 billion dollars", "en").contains(_one("72 billion parameters", "en"))


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_grouped_digits_read_back_in_every_language(value):
    written = {
        "en": f"{value:,} tokens",
        "it": f"{value:,} token".replace(",", "."),
        "fr": f"{value:,} tokens".replace(",", "\u202f"),
    }
    for language, text in written.items():
        assert _one(text, language).high == value, text


def test_a_quantity_knows_where_it_stands_in_the_text():
    text = "Behemoth, con i suoi 2 trilioni di parametri, era destinato"
    quantity = _one(text, "it")
    assert text[quantity.start : quantity.end] == "2 trilioni di parametri"


def test_the_grammar_is_built_once_per_language():
    from claims.matching import quantities

    find_quantities("2 trilioni di parametri", "it")
    before = quantities._grammar.cache_info()
    for _ in range(3):
        find_quantities("2 trilioni di parametri", "it")
    after = quantities._grammar.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + 3
