"""Claim suggestions: the check-worthy sentences of an article, found by rules, in Italian,
French, English, German and Spanish.

No model and no external service: each span of the body (a sentence, a table row, a list item:
claims/language/sentences.py) is scored by the signals that make a statement checkable, read on
lemmas (claims/language/lemmas.py) and the desk's lexicon (claims/language/lexicon.py). The score
is the sum of the weights of the signals present, capped at 1:

| signal       | weight | what counts                                                          |
|--------------|--------|----------------------------------------------------------------------|
| quantity     | 0.30   | a figure (digits, a percentage, a figure in a table row) or a number word of the article's language; not a year, not a version in a name |
| event        | 0.30   | an event or a state of the lexicon: delay, abandon, stop, complete, train, launch, announce, decide, discuss, invest, leave ... (any inflection) |
| attribution  | 0.25   | secondo / selon / according to, said / ha dichiarato / a déclaré, a report, sources, a spokesperson |
| date         | 0.20   | a year, a month name, "last month" / "il mese scorso" / "le mois dernier" |
| comparison   | 0.20   | more/less than, rispetto a(d), par rapport à, superlatives, double, half |
| topic        | 0.15   | a thing the lexicon knows claims are about: parameters, context window, openness, researchers, price, population ... |
| named entity | 0.15   | a name: a capitalised word inside the sentence, or opening it when the article writes it capitalised elsewhere too or no dictionary knows it (+0.05 for a second one) |
| modality     | 0.10   | a negation or a modal (non, ne … pas, not; potrebbe, pourrait, could): what is denied or only possible is checkable too |

A span needs a score of at least 0.30 (a figure or an event, or two lesser signals) to be suggested. Headings, bylines,
promotional lines and spans under five words (three in a table row) are never suggested, nor
spans an existing claim already covers. `docs/claim-suggestions.md` gives the numbers this
yields on the gold sets (`manage.py evaluate_suggestions`).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.core.cache import cache as shared_cache

from articles.services.hints import byline_of, is_boilerplate_line
from articles.services.text import content_hash
from claims.language import lexicon
from claims.language.dates import MONTH_OR_SEASON
from claims.language.lemmas import Token, is_known, tokens
from claims.language.sentences import spans

WEIGHTS = {
    "quantity": 0.30,
    "event": 0.30,
    "attribution": 0.25,
    "date": 0.20,
    "comparison": 0.20,
    "topic": 0.15,
    "named entity": 0.15,
    "modality": 0.10,
}
SECOND_ENTITY_BONUS = 0.05
MIN_SCORE = 0.30
MIN_WORDS = 5
MIN_TABLE_WORDS = 2
VERSION = 2  # of the rules: cached suggestions of an older version are not reused

# Number words per language: "due" is two in Italian but not in English ("due to").
_NUMBER_WORDS = {
    "it": r"milion[ei]|miliard[oi]|trilion[ei]|mille|migliaia|dieci|cento|due|tre|quattro|cinque|"
    r"sette|otto|nove|undici|dodici|quattordici|metà",
    "fr": r"millions?|milliards?|milliers?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
    r"quatorze|moitié",
    "en": r"millions?|billions?|trillions?|thousands?|hundreds?|dozens?|two|three|four|five|seven|eight|"
    r"nine|ten|eleven|twelve|fourteen|half|nine-digit",
    "de": r"millionen|milliarden|billionen|tausend|hundert|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn",
    "es": r"millones|millón|mil|cientos?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez",
}
_DATE = re.compile(
    rf"\b(?:(?:19|20)\d\d|{MONTH_OR_SEASON}|(?:il )?mese scorso|le mois dernier|last (?:month|year|week)|"
    r"l['’]anno scorso|l['’]année dernière)\b",
    re.IGNORECASE,
)
# Sources, not "open source" (a licence); fonti, sources, fuentes, Quellen.
_ATTRIBUTION_PHRASE = re.compile(
    r"\b(?:according to|stando a|d['’]après|secondo|selon|fonti|fuentes|quellen)\b|(?<!open )(?<!open-)\bsources?\b",
    re.IGNORECASE,
)
_COMPARISON_PHRASE = re.compile(
    r"\b(?:rispetto ad?|par rapport à|compared (?:to|with)|more than|less than|fewer than|"
    r"plus (?:de|que)|moins (?:de|que)|più (?:di|che)|meno (?:di|che)|[\w-]+est)\b",
    re.IGNORECASE,
)
_WORD_OF_EST = frozenset({"best", "largest", "biggest", "fastest", "highest", "lowest", "latest"})


@cache
def _quantity(language: str) -> re.Pattern:
    numbers = _NUMBER_WORDS.get(language) or "|".join(_NUMBER_WORDS.values())
    return re.compile(rf"\d|%|\b(?:{numbers})\b", re.IGNORECASE)


# Not quantities: a version number in a name ("Llama 4", "GPT-4.5"), a year (a date already).
_NOT_QUANTITIES = re.compile(r"\b[A-Z][\w.]*[ -]\d+(?:\.\d+)?\b|\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]


def names_of(body: str, language: str) -> frozenset[str]:
    """The words `body` writes capitalised inside a sentence: its names (Meta, OpenAI, Zuckerberg),
    which count as names where they open a sentence too."""
    found = set()
    for span in spans(body):
        for token in tokens(body[span.start : span.end], language)[1:]:
            if token.capitalized:
                found.add(token.lower)
    return frozenset(found)


def _names(words: list[Token], language: str, known_names: frozenset[str]) -> set[str]:
    names = {t.lower for t in words[1:] if t.capitalized and not t.lower.isdigit()}
    if (
        words
        and words[0].capitalized
        and (words[0].lower in known_names or not is_known(words[0].lower, language))
    ):
        names.add(words[0].lower)
    return names


def _is_comparison(text: str, words: list[Token], language: str) -> bool:
    phrase = _COMPARISON_PHRASE.search(text)
    if phrase and (not phrase.group(0).lower().endswith("est") or phrase.group(0).lower() in _WORD_OF_EST):
        return True
    return lexicon.has_any(words, language, lexicon.COMPARISON)


def score_sentence(
    text: str, language: str = "", *, known_names: frozenset[str] = frozenset()
) -> tuple[float, tuple[str, ...]]:
    """The score of one span and the signals found in it."""
    words = tokens(text, language)
    found = {
        "quantity": bool(_quantity(language).search(_NOT_QUANTITIES.sub("x", text))),
        "event": bool(lexicon.events(words, language)),
        "attribution": bool(_ATTRIBUTION_PHRASE.search(text))
        or lexicon.has_any(words, language, lexicon.ATTRIBUTION),
        "date": bool(_DATE.search(text)),
        "comparison": _is_comparison(text, words, language),
        "topic": bool(lexicon.topics(words, language)),
        "modality": bool(lexicon.aspects(words, language) & {"negated", "hypothetical"}),
    }
    reasons = [name for name, present in found.items() if present]
    score = sum(WEIGHTS[name] for name in reasons)
    names = _names(words, language, known_names)
    if names:
        reasons.append("named entity")
        score += WEIGHTS["named entity"] + (SECOND_ENTITY_BONUS if len(names) > 1 else 0)
    return min(1.0, round(score, 2)), tuple(reasons)


def _too_short(text: str, kind: str) -> bool:
    return len(text.split()) < (MIN_TABLE_WORDS if kind == "table row" else MIN_WORDS)


def suggest_claims(body: str, language: str, *, existing=()) -> list[Suggestion]:
    """Check-worthy spans of `body` that no existing claim covers, in text order."""
    taken = [(c.start, c.end) for c in existing if not getattr(c, "is_orphaned", False)]
    known_names = names_of(body, language)
    suggestions = []
    for span in spans(body):
        start, end = span.start, span.end
        text = body[start:end]
        if _too_short(text, span.kind) or is_boilerplate_line(text, language) or byline_of(text, language):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        score, reasons = score_sentence(text, language, known_names=known_names)
        if score >= MIN_SCORE:
            suggestions.append(Suggestion(start, end, text, score, reasons))
    return suggestions


SHOWN = 30  # the reader lists the best ones, in text order; a long body has thousands
CACHE_SECONDS = 3600


def reader_suggestions(article, *, existing=()) -> tuple[list[Suggestion], int]:
    """The best SHOWN suggestions for the reader (in text order), and how many there are in all.

    Scoring every sentence of a long body takes a second or more: the scores are kept in the
    shared cache by the article, its body's hash (a correction makes a new body) and the rules'
    version, and claims made since are taken out when the page is drawn."""
    key = f"claim-suggestions:v{VERSION}:{article.pk}:{article.language}:{content_hash(article.body)}"
    every = shared_cache.get(key)
    if every is None:
        every = suggest_claims(article.body, article.language)
        shared_cache.set(key, every, CACHE_SECONDS)
    taken = [(c.start, c.end) for c in existing if not getattr(c, "is_orphaned", False)]
    free = [s for s in every if not any(a < s.end and s.start < b for a, b in taken)]
    best = sorted(free, key=lambda s: (-s.score, s.start))[:SHOWN]
    return sorted(best, key=lambda s: s.start), len(free)
