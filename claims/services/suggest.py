"""Claim suggestions: check-worthy sentences found by rules, in Italian, French and English.

No model and no external service: each sentence of the body is scored by the signals that make
a statement checkable. The score is the sum of the weights of the signals present, capped at 1:

| signal       | weight | what counts                                                          |
|--------------|--------|----------------------------------------------------------------------|
| quantity     | 0.30   | a figure (digits, a percentage) or a number word (milioni, milliards, trillion, dieci …) |
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

from articles.services.hints import COMMON, RULES

WEIGHTS = {"quantity": 0.30, "attribution": 0.25, "date": 0.20, "comparison": 0.20, "named entity": 0.15}
SECOND_ENTITY_BONUS = 0.05
MIN_SCORE = 0.45
MIN_WORDS = 5

_NUMBER_WORDS = (
    r"milion[ei]|miliard[oi]|trilion[ei]|mille|migliaia|dieci|cento|due|tre|quattro|cinque|sei|sette|"
    r"otto|nove|undici|dodici|quattordici|"
    r"millions?|milliards?|billions?|trillions?|thousands?|hundreds?|dozens?|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quatorze|"
    r"two|three|four|five|seven|eight|nine|ten|eleven|twelve|fourteen|half|"
    r"nine-digit"
)
_MONTHS = (
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"primavera|estate|autunno|inverno|printemps|été|automne|hiver|spring|summer|autumn|fall|winter"
)
SIGNALS = {
    "quantity": re.compile(rf"\d|%|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE),
    "attribution": re.compile(
        r"\b(?:secondo|stando a|ha (?:dichiarato|detto|affermato|rivelato|annunciato|riconosciuto)|"
        r"rapporto|fonti|riporta|selon|d['’]après|a (?:déclaré|affirmé|annoncé|indiqué)|rapport|sources?|"
        r"according to|said|told|reports?|reported|announced|spokes(?:man|person|woman))\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"\b(?:(?:19|20)\d\d|{_MONTHS}|(?:il )?mese scorso|le mois dernier|last (?:month|year|week)|"
        r"l['’]anno scorso|l['’]année dernière)\b",
        re.IGNORECASE,
    ),
    "comparison": re.compile(
        r"\b(?:più|meno|rispetto a|superare|supera|migliori|migliore|maggiore|peggiore|"
        r"plus|moins|par rapport|surpasser|meilleur(?:e|s)?|"
        r"more than|less than|fewer than|most|least|best|largest|biggest|faster|better|worse|"
        r"outperform\w*|compared|behind|ahead)\b",
        re.IGNORECASE,
    ),
}
# A capitalised word that does not open the sentence: Meta, OpenAI, Wall Street Journal.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*[A-Za-z]\w*")
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?…](?=[\s»”\"')]|$)[»”\"')]*|$)", re.MULTILINE)
_TERMINAL = re.compile(r"[.!?…:»”\"')]\s*$")


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]


def _is_boilerplate(line: str, language: str) -> bool:
    rules = [COMMON, RULES[language]] if language in RULES else [COMMON, *RULES.values()]
    patterns = [p for r in rules for p in r.trailing_boilerplate]
    if any(re.search(p, line, re.IGNORECASE) for p in patterns):
        return True
    byline_words = [w for r in rules for w in r.byline_words]
    return bool(
        re.match(rf"^(?:{'|'.join(map(re.escape, byline_words))})\s+[A-Z]\S*(?:\s+\S+){{0,4}}$", line)
    )


def sentences(body: str):
    """(start, end) of each sentence, skipping headings (lines without final punctuation)."""
    offset = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and _TERMINAL.search(stripped):
            for match in _SENTENCE.finditer(line):
                text = match.group(0)
                lead = len(text) - len(text.lstrip())
                start, end = offset + match.start() + lead, offset + match.start() + len(text.rstrip())
                if end > start:
                    yield start, end
        offset += len(line) + 1


# "Llama 4", "GPT-4.5", "Claude 3.5": a version number in a name is not a quantity.
_VERSIONED_NAME = re.compile(r"\b[A-Z][\w.]*[ -]\d+(?:\.\d+)?\b")


def score_sentence(text: str) -> tuple[float, tuple[str, ...]]:
    unversioned = _VERSIONED_NAME.sub("Name", text)
    reasons = [name for name, pattern in SIGNALS.items() if pattern.search(unversioned)]
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
        if len(text.split()) < MIN_WORDS or _is_boilerplate(text, language):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        score, reasons = score_sentence(text)
        if score >= MIN_SCORE:
            suggestions.append(Suggestion(start, end, text, score, reasons))
    return suggestions
