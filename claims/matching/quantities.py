"""Quantities in Italian, French and English text, normalized so they compare across languages.

"2 trilioni di parametri", "2 trillion parameters" and "2 000 milliards de paramètres" are the
same quantity; "tra i 64 e i 72 miliardi di dollari" is a range that contains "72 milliards de
dollars"; "dieci milioni di token" is 10,000,000 tokens. Rules and word lists only.

Scale words follow each language's usage in the press: French "milliard" is 10^9 and French
"billion" 10^12 (long scale); English "billion" 10^9; Italian "miliardo" 10^9 and "trilione"
10^12 (as Italian tech reporting uses it, calqued on the English "trillion").
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

_NUMBER_WORDS = {
    "it": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "tredici": 13,
        "quattordici": 14,
        "quindici": 15,
        "venti": 20,
        "trenta": 30,
        "cento": 100,
        "mille": 1000,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "vingt": 20,
        "trente": 30,
        "cent": 100,
        "mille": 1000,
    },
    "en": {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "twenty": 20,
        "thirty": 30,
        "hundred": 100,
        "thousand": 1000,
    },
}
_SCALES = {
    "it": {
        "mila": 10**3,
        "migliaia": 10**3,
        "milione": 10**6,
        "milioni": 10**6,
        "miliardo": 10**9,
        "miliardi": 10**9,
        "bilione": 10**12,
        "bilioni": 10**12,
        "trilione": 10**12,
        "trilioni": 10**12,
    },
    "fr": {
        "mille": 10**3,
        "milliers": 10**3,
        "million": 10**6,
        "millions": 10**6,
        "milliard": 10**9,
        "milliards": 10**9,
        "billion": 10**12,
        "billions": 10**12,
    },
    "en": {
        "thousand": 10**3,
        "thousands": 10**3,
        "million": 10**6,
        "millions": 10**6,
        "billion": 10**9,
        "billions": 10**9,
        "trillion": 10**12,
        "trillions": 10**12,
        "k": 10**3,
        "m": 10**6,
        "bn": 10**9,
    },
}
# What is counted, in the three languages, under one name.
_UNITS = {
    "parameters": ("parametri", "parametro", "paramètres", "paramètre", "parameters", "parameter"),
    "tokens": ("token", "tokens"),
    "USD": ("dollari", "dollaro", "dollars", "dollar", "$", "usd"),
    "EUR": ("euro", "euros", "€", "eur"),
    "researchers": ("ricercatori", "chercheurs", "researchers", "autori", "auteurs", "authors"),
    "years": ("anni", "ans", "années", "years"),
    "percent": ("%", "per cent", "percent", "pour cent", "per cento"),
}
UNIT_OF = {word: unit for unit, words in _UNITS.items() for word in words}


@dataclass(frozen=True)
class Quantity:
    low: Decimal
    high: Decimal  # equal to `low` for a single figure
    unit: str  # a name from _UNITS, or "" when nothing is said
    start: int
    end: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def contains(self, other: "Quantity") -> bool:
        """Whether `other` lies within this quantity (same unit, or one of them unitless)."""
        if self.unit and other.unit and self.unit != other.unit:
            return False
        return self.low <= other.low and other.high <= self.high

    def same_as(self, other: "Quantity") -> bool:
        return self.contains(other) and other.contains(self)


def _number_pattern(language: str) -> str:
    words = "|".join(sorted(_NUMBER_WORDS[language], key=len, reverse=True))
    # 2 000 / 2 000 (NBSP, narrow NBSP) / 2.000 (it, fr) / 2,000 (en) / 2,5 (it, fr) / 2.5 (en)
    digits = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
    return rf"(?:{digits}|\b(?:{words})\b)"


def _to_decimal(token: str, language: str) -> Decimal | None:
    token = token.lower()
    if token in _NUMBER_WORDS[language]:
        return Decimal(_NUMBER_WORDS[language][token])
    token = token.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if language == "en":
        token = token.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        token = token.replace(".", "")  # 2.000: thousands in Italian and French
    else:
        token = token.replace(".", "").replace(",", ".") if "," in token else token
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


@cache  # built once per language (a dict's setdefault would build it on every call)
def _grammar(language: str) -> re.Pattern:
    number = _number_pattern(language)
    scales = "|".join(sorted(_SCALES[language], key=len, reverse=True))
    units = "|".join(re.escape(word) for word in sorted(UNIT_OF, key=len, reverse=True))
    between = {
        "it": r"(?:tra|fra)\s+(?:i\s+|gli\s+|le\s+)?",
        "fr": r"entre\s+(?:les\s+)?",
        "en": r"(?:between\s+|from\s+)",
    }[language]
    joiner = {
        "it": r"\s+e\s+(?:i\s+|gli\s+|le\s+)?|\s*[-–]\s*",
        "fr": r"\s+et\s+(?:les\s+)?|\s*[-–]\s*",
        "en": r"\s+(?:and|to)\s+|\s*[-–]\s*",
    }[language]
    return re.compile(
        rf"(?P<currency>\$|€)?\s?"
        rf"(?:(?:{between})?(?P<low_currency>\$|€)?(?P<low>{number})(?:\s?(?P<low_scale>{scales})\b)?(?:{joiner}))?"
        rf"(?P<high_currency>\$|€)?(?P<high>{number})(?:\s?(?P<scale>{scales})\b)?"
        rf"(?:[\s-]?(?:(?:di|de|d['’]|of)\s+)?(?P<unit>{units})(?=\W|$))?",
        re.IGNORECASE,
    )


def find_quantities(text: str, language: str) -> list[Quantity]:
    """The quantities stated in `text` (in `language`: it, fr or en; others read as English)."""
    language = language if language in _NUMBER_WORDS else "en"
    grammar = _grammar(language)
    found = []
    for match in grammar.finditer(text):
        high = _to_decimal(match.group("high"), language)
        if high is None:
            continue
        scale = _SCALES[language].get((match.group("scale") or "").lower(), 1)
        low = _to_decimal(match.group("low"), language) if match.group("low") else None
        low_scale = _SCALES[language].get((match.group("low_scale") or "").lower(), scale)
        unit = UNIT_OF.get((match.group("unit") or "").lower(), "")
        currency = match.group("currency") or match.group("low_currency") or match.group("high_currency")
        if currency:
            unit = UNIT_OF[currency]
        if unit == "" and not match.group("scale") and not match.group("low") and _is_bare(high):
            continue  # "Llama 4", "GPT-4.5", "in 2025": no scale, unit or range — not a figure to check
        high_value = high * scale
        low_value = low * low_scale if low is not None else high_value
        if low_value > high_value:
            low_value, high_value = high_value, low_value
        leading = len(match.group(0)) - len(match.group(0).lstrip())
        found.append(Quantity(low_value, high_value, unit, match.start() + leading, match.end()))
    return found


def _is_bare(value: Decimal) -> bool:
    """A small number or a year: alone, it names a version or a date more often than a figure."""
    is_year = value == value.to_integral_value() and 1900 <= value <= 2099
    return value < 1000 or is_year
