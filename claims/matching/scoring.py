"""Which claims, across articles and languages, are likely about the same thing.

Built from what travels across Italian, French and English without a translation model:
figures normalized with their units and scale words (`quantities`), months and years, named
entities (capitalised names), and a small multilingual lexicon of the story's key terms. The
score sums the evidence, capped at 1:

| evidence                               | weight                      |
|----------------------------------------|-----------------------------|
| the same figure (or one inside a range) | 0.45                        |
| figures in the same unit, which differ  | 0.30 (and a contradiction)  |
| a key term of the lexicon, shared       | 0.15 each, + 0.15 × its rarity, at most 0.45 |
| a named entity, shared                  | 0.10 × its rarity, at most 0.2 |
| the same month or year                  | 0.10                        |

A likely contradiction is flagged when both texts give a figure in the same unit and the
figures differ (2 trillion parameters against 288 billion), or when they share a key term and
one of them denies it ("discussions" against "abandoned"; "unchanged" against "closed").
"""

import re
from dataclasses import dataclass, field

from claims.matching.quantities import Quantity, find_quantities

SAME_FIGURE = 0.45
SAME_UNIT = 0.30  # the same attribute with another figure: likely the same thing, contradicted
TERM, RARE_TERM, MAX_TERMS = 0.15, 0.15, 0.45
ENTITY, MAX_ENTITIES = 0.10, 0.20
SAME_DATE = 0.10
MIN_SCORE = 0.3

# The story's key terms: each concept and the words that say it in the three languages, as
# patterns matched at the start of a word ("rinvi" finds rinviare, rinvio, rinviato).
LEXICON: dict[str, tuple[str, ...]] = {
    "delay": (
        "rinvi",
        "ritard",
        "posticip",
        "repouss",
        "retard",
        r"report(?:é\w*|e\b|er\b)",
        "delay",
        "postpon",
    ),
    "abandon": (
        "abbandon",
        "fermarne",
        "abandon",
        "moves? away",
        "stopp",
        "interromp",
        "interrott",
        "interrupt",
    ),
    "training": ("addestrament", "entraînement", "training", "trained"),
    "performance": ("prestazion", "performance", "deludent", "disappointing", "insoddisfacent"),
    "outperform": (
        "surpass",
        "superar",
        "outperform",
        "vantaggi",
        "avantage",
        "advantage",
        "battre",
        "beats?\\b",
    ),
    # Open and closed models are one attribute (how open Meta's models are): a text saying
    # "closed" and one saying "open source, unchanged" are about the same thing.
    "openness": ("open[ -]source", "opening", "closed", "chius", "fermé", "propriet", "proprié"),
    "parameters": ("parametr", "paramètre", "parameter"),
    "context window": ("token", r"contest[oi]\b", "contexte", "context"),
    "spending": ("spesa", "invest", "spending", "spend", "capital expenditure", "capex"),
    "infrastructure": ("infrastruttur", "infrastructure", "data cent"),
    "researchers leaving": (
        "ricercator",
        "autori",
        "chercheur",
        "researcher",
        "authors",
        r"partit[oi]\b",
        "départ",
    ),
    "superintelligence lab": ("superintelligen", "supervintingigence"),
    "release": ("rilasci", "lancio", "lancement", "release", "launch", "sortie", "debutto", "déploiement"),
}
_LEXICON_PATTERNS = {
    concept: re.compile(r"\b(?:" + "|".join(words) + ")", re.IGNORECASE) for concept, words in LEXICON.items()
}
_DENIALS = re.compile(
    r"\b(?:non|not|no|never|unchanged|invariat\w*|inchangé\w*|discussion\w*|discussioni|pas|jamais|ne)\b",
    re.IGNORECASE,
)
_MONTHS = {
    month: number
    for number, names in enumerate(
        [
            ("gennaio", "janvier", "january"),
            ("febbraio", "février", "february"),
            ("marzo", "mars", "march"),
            ("aprile", "avril", "april"),
            ("maggio", "mai", "may"),
            ("giugno", "juin", "june"),
            ("luglio", "juillet", "july"),
            ("agosto", "août", "august"),
            ("settembre", "septembre", "september"),
            ("ottobre", "octobre", "october"),
            ("novembre", "novembre", "november"),
            ("dicembre", "décembre", "december"),
        ],
        start=1,
    )
    for month in names
}
_WORD = re.compile(r"[\w’'-]+")
_NAME = re.compile(r"\b[A-Z][\w’'.-]*[A-Za-z0-9](?:\s+[A-Z][\w’'.-]*[A-Za-z0-9])*")
# Words capitalised for grammar, not names.
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Il",
        "La",
        "Le",
        "Les",
        "Lo",
        "Gli",
        "I",
        "Un",
        "Une",
        "Una",
        "Uno",
        "Di",
        "De",
        "Des",
        "Du",
        "Nel",
        "Nella",
        "Dei",
        "Secondo",
        "Selon",
        "According",
        "Questo",
        "Questa",
        "Ce",
        "Cette",
        "This",
        "That",
        "Tuttavia",
        "Cependant",
        "However",
        "When",
        "Quando",
        "Lorsque",
        "Dopo",
        "Après",
        "After",
        "Mentre",
        "While",
        "Per",
        "Pour",
    ]
)


@dataclass(frozen=True)
class TextFeatures:
    quantities: tuple[Quantity, ...]
    terms: frozenset[str]
    entities: frozenset[str]
    dates: frozenset[tuple[str, int]]
    denies: bool


@dataclass
class Match:
    score: float
    reasons: list[str] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)


def features(text: str, language: str) -> TextFeatures:
    lowered = text.lower()
    terms = frozenset(concept for concept, pattern in _LEXICON_PATTERNS.items() if pattern.search(text))
    entities = frozenset(
        name.lower().removeprefix("the ").removesuffix("'s").removesuffix("’s")
        for name in _NAME.findall(text)
        if name not in _NOT_NAMES and len(name) > 2
    )
    dates: set[tuple[str, int]] = {("year", int(y)) for y in re.findall(r"\b(?:19|20)\d\d\b", text)}
    dates |= {("month", _MONTHS[w]) for w in _WORD.findall(lowered) if w in _MONTHS}
    return TextFeatures(
        quantities=tuple(find_quantities(text, language)),
        terms=terms,
        entities=entities,
        dates=frozenset(dates),
        denies=bool(_DENIALS.search(text)),
    )


def combine(a: TextFeatures, b: TextFeatures) -> TextFeatures:
    """What two texts about one claim say together (its quote and its statement)."""
    return TextFeatures(
        quantities=a.quantities + b.quantities,
        terms=a.terms | b.terms,
        entities=a.entities | b.entities,
        dates=a.dates | b.dates,
        denies=a.denies or b.denies,
    )


def _describe(quantity: Quantity) -> str:
    def short(value) -> str:
        for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if value >= scale:
                return f"{value / scale:g} {word}"
        return f"{value:g}"

    figure = (
        short(quantity.high) if not quantity.is_range else f"{short(quantity.low)}–{short(quantity.high)}"
    )
    return f"{figure} {quantity.unit}".strip()


def match(a: TextFeatures, b: TextFeatures, *, entity_rarity: dict[str, float] | None = None) -> Match:
    """How likely two texts are about the same thing, why, and where they disagree."""
    result = Match(score=0.0)
    rarity = entity_rarity or {}
    same = next(
        ((x, y) for x in a.quantities for y in b.quantities if x.unit and (x.contains(y) or y.contains(x))),
        None,
    )
    if same:
        result.score += SAME_FIGURE
        result.reasons.append(
            f"same figure: {_describe(same[0])}"
            + (" (within a range)" if not same[0].same_as(same[1]) else "")
        )
    else:
        differing = next(
            ((x, y) for x in a.quantities for y in b.quantities if x.unit and x.unit == y.unit), None
        )
        if differing:
            x, y = differing
            result.score += SAME_UNIT
            result.contradictions.append(f"different figures for {x.unit}: {_describe(x)} / {_describe(y)}")
    shared_terms = sorted(a.terms & b.terms)
    if shared_terms:
        result.score += min(
            MAX_TERMS, sum(TERM + RARE_TERM * rarity.get(f"term:{term}", 0.0) for term in shared_terms)
        )
        result.reasons.append("key terms: " + ", ".join(shared_terms))
        if a.denies != b.denies:
            result.contradictions.append(f"one denies what the other states ({', '.join(shared_terms)})")
    shared_entities = sorted(a.entities & b.entities)
    if shared_entities:
        result.score += min(MAX_ENTITIES, sum(ENTITY * rarity.get(name, 1.0) for name in shared_entities))
        result.reasons.append("names: " + ", ".join(shared_entities))
    if a.dates & b.dates:
        result.score += SAME_DATE
        result.reasons.append("same date")
    result.score = round(min(1.0, result.score), 2)
    return result


def entity_rarity(all_features: list[TextFeatures]) -> dict[str, float]:
    """How telling each name and key term is (1: in one text only, 0: in all of them): a name
    every text mentions (the story's subject) tells nothing; a term few texts use tells more."""
    counts: dict[str, int] = {}
    for item in all_features:
        for key in [*item.entities, *(f"term:{term}" for term in item.terms)]:
            counts[key] = counts.get(key, 0) + 1
    total = len(all_features)
    return {key: (total - count) / max(1, total - 1) for key, count in counts.items()}
