"""Claim suggestions: check-worthy sentences found by rules, in Italian, French and English.

No model and no external service: each sentence of the body is scored by the signals that make
a statement checkable. The score is the sum of the weights of the signals present, capped at 1:

| signal       | weight | what counts                                                          |
|--------------|--------|----------------------------------------------------------------------|
| quantity     | 0.30   | a figure (digits, a percentage) or a number word of the article's language (milioni, milliards, trillion …); not a year, not a version in a name |
| attribution  | 0.25   | secondo / selon / according to, said / ha dichiarato / a déclaré, a report, sources |
| date         | 0.20   | a year, a month name, "last month" / "il mese scorso" / "le mois dernier" |
| comparison   | 0.20   | more/less than, superlatives (il più, le plus, the most, -est words listed), outperform |
| named entity | 0.15   | a capitalised name inside the sentence (+0.05 for a second one) |

A sentence needs a score of at least 0.45 (two signals or more) to be suggested. Headings (a
line with no final punctuation), bylines, promotional lines and sentences under five words are
never suggested, nor sentences an existing claim already covers. `docs/claim-suggestions.md`
gives the numbers this yields on the seed articles.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.core.cache import cache as shared_cache

from articles.services.hints import byline_of, is_boilerplate_line, is_heading_line
from articles.services.text import content_hash

WEIGHTS = {"quantity": 0.30, "attribution": 0.25, "date": 0.20, "comparison": 0.20, "named entity": 0.15}
SECOND_ENTITY_BONUS = 0.05
MIN_SCORE = 0.45
MIN_WORDS = 5

# Number words per language: "due" is two in Italian but not in English ("due to").
_NUMBER_WORDS = {
    "it": r"milion[ei]|miliard[oi]|trilion[ei]|mille|migliaia|dieci|cento|due|tre|quattro|cinque|"
    r"sette|otto|nove|undici|dodici|quattordici|metà",
    "fr": r"millions?|milliards?|milliers?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
    r"quatorze|moitié",
    "en": r"millions?|billions?|trillions?|thousands?|hundreds?|dozens?|two|three|four|five|seven|eight|"
    r"nine|ten|eleven|twelve|fourteen|half|nine-digit",
}
_MONTHS = (
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"primavera|estate|autunno|inverno|printemps|été|automne|hiver|spring|summer|autumn|fall|winter"
)
_ATTRIBUTION = (
    r"\b(?:secondo|stando a|ha (?:dichiarato|detto|affermato|rivelato|annunciato|riconosciuto)|"
    r"rapporto|fonti|riporta|selon|d['’]après|a (?:déclaré|affirmé|annoncé|indiqué)|rapport|sources|"
    r"according to|said|told|reports?|reported|announced|spokes(?:man|person|woman))\b"
)
_DATE = (
    rf"\b(?:(?:19|20)\d\d|{_MONTHS}|(?:il )?mese scorso|le mois dernier|last (?:month|year|week)|"
    r"l['’]anno scorso|l['’]année dernière)\b"
)
_COMPARISON = (
    r"\b(?:più|meno|rispetto a|superare|supera|migliori|migliore|maggiore|peggiore|"
    r"plus|moins|par rapport|surpasser|meilleur(?:e|s)?|"
    r"more than|less than|fewer than|most|least|best|largest|biggest|faster|better|worse|"
    r"outperform\w*|compared|behind|ahead)\b"
)


@cache
def _signals(language: str) -> dict[str, re.Pattern]:
    numbers = _NUMBER_WORDS.get(language) or "|".join(_NUMBER_WORDS.values())
    return {
        "quantity": re.compile(rf"\d|%|\b(?:{numbers})\b", re.IGNORECASE),
        "attribution": re.compile(_ATTRIBUTION, re.IGNORECASE),
        "date": re.compile(_DATE, re.IGNORECASE),
        "comparison": re.compile(_COMPARISON, re.IGNORECASE),
    }


# A capitalised word that does not open the sentence: Meta, OpenAI, Wall Street Journal.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*[A-Za-z]\w*")
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?…](?=[\s»”\"')]|$)[»”\"')]*|$)", re.MULTILINE)


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]


def sentences(body: str):
    """(start, end) of each sentence, skipping headings (lines without final punctuation)."""
    offset = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and not is_heading_line(stripped):
            for match in _SENTENCE.finditer(line):
                text = match.group(0)
                lead = len(text) - len(text.lstrip())
                start, end = offset + match.start() + lead, offset + match.start() + len(text.rstrip())
                if end > start:
                    yield start, end
        offset += len(line) + 1


# Not quantities: a version number in a name ("Llama 4", "GPT-4.5"), a year (a date already).
_NOT_QUANTITIES = re.compile(r"\b[A-Z][\w.]*[ -]\d+(?:\.\d+)?\b|\b(?:19|20)\d\d\b")


def score_sentence(text: str, language: str = "") -> tuple[float, tuple[str, ...]]:
    signals = _signals(language)
    reasons = [name for name, pattern in signals.items() if pattern.search(text)]
    if "quantity" in reasons and not signals["quantity"].search(_NOT_QUANTITIES.sub("x", text)):
        reasons.remove("quantity")
    names = _NAME.findall(text)
    score = sum(WEIGHTS[r] for r in reasons)
    if names:
        reasons.append("named entity")
        score += WEIGHTS["named entity"] + (SECOND_ENTITY_BONUS if len(set(names)) > 1 else 0)
    return min(1.0, round(score, 2)), tuple(reasons)


def suggest_claims(body: str, language: str, *, existing=()) -> list[Suggestion]:
    """Check-worthy sentences of `body` that no existing claim covers, in text order."""
    taken = [(c.start, c.end) for c in existing if not getattr(c, "is_orphaned", False)]
    suggestions = []
    for start, end in sentences(body):
        text = body[start:end]
        if len(text.split()) < MIN_WORDS or is_boilerplate_line(text, language) or byline_of(text, language):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        score, reasons = score_sentence(text, language)
        if score >= MIN_SCORE:
            suggestions.append(Suggestion(start, end, text, score, reasons))
    return suggestions


SHOWN = 30  # the reader lists the best ones, in text order; a long body has thousands
CACHE_SECONDS = 3600


def reader_suggestions(article, *, existing=()) -> tuple[list[Suggestion], int]:
    """The best SHOWN suggestions for the reader (in text order), and how many there are in all.

    Scoring every sentence of a long body takes a second or more: the scores are kept in the
    cache by the body's hash (a correction makes a new body), and claims made since are taken
    out when the page is drawn."""
    key = f"claim-suggestions:{article.language}:{content_hash(article.body)}"
    every = shared_cache.get(key)
    if every is None:
        every = suggest_claims(article.body, article.language)
        shared_cache.set(key, every, CACHE_SECONDS)
    taken = [(c.start, c.end) for c in existing if not getattr(c, "is_orphaned", False)]
    free = [s for s in every if not any(a < s.end and s.start < b for a, b in taken)]
    best = sorted(free, key=lambda s: (-s.score, s.start))[:SHOWN]
    return sorted(best, key=lambda s: s.start), len(free)
