"""Which claims, across articles and languages, are likely about the same thing, and where they
disagree.

A claim's text is read into features computable from the claim alone (`features`): the lemmas of
its words (claims/language/lemmas.py), the concepts of the desk's cross-language lexicon they
name (claims/language/lexicon.py: "posticipato", "retardée" and "delayed" are all `delay`), its
names, its quantities typed by what they measure ("288 billion active parameters" is a count of
active parameters, "2 trillion parameters in total" of total parameters), its months and years,
and the state of the events it reports (completed, still going on, stopped, decided, only
discussed, denied).

Two claims are compared by what they share, each shared feature weighted by its rarity among the
claims of the desk (`rarity`: a word, name or concept most claims have, like "Meta" in a story
about Meta, tells nothing; a rare one tells much): the score is the cosine of the two claims'
feature sets under those weights (0 to 1). A figure inside the other's range counts as shared.

A contradiction is flagged (`contradictions`) between two claims likely about the same thing
when they give different values of the same typed quantity, a value outside the other's range
or the top or bottom of a range as the figure, or opposite states of one event (completed vs
still going on; stopped vs continuing; decided vs only discussed; stated vs denied; changed vs
unchanged). Each flag says why in one line. docs/match-suggestions.md has the measures.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from wordfreq import zipf_frequency

from claims.language import lexicon
from claims.language.dates import MONTHS
from claims.language.lemmas import Token, tokens
from claims.matching.quantities import UNIT_OF, Quantity, find_quantities

MIN_SCORE = 0.10  # a suggestion's least score
CONTRADICTION_SCORE = 0.12  # the least score of two texts whose disagreement is flagged
MIN_WORD = 3  # shorter words (articles, prepositions) are no evidence

# What a count of parameters (or of anything) is a count of: the words that say it near the figure.
_QUALIFIERS = {
    "active": ("attivi", "attivo", "actifs", "actif", "active", "aktive", "activos"),
    "total": ("totali", "totale", "complessivi", "totaux", "total", "in total", "insgesamt", "totales"),
}
_QUALIFIER = re.compile(
    r"\b(?:" + "|".join(word for words in _QUALIFIERS.values() for word in words) + r")\b", re.IGNORECASE
)
_QUALIFIER_OF = {word: name for name, words in _QUALIFIERS.items() for word in words}
QUALIFIER_REACH = 25  # characters after (or before) a figure where its qualifier is looked for


@dataclass(frozen=True)
class TypedQuantity:
    low: Decimal
    high: Decimal
    unit: str  # "parameters", "USD", ... or ""
    qualifier: str = ""  # "active", "total" or ""

    @property
    def measure(self) -> str:
        return f"{self.qualifier} {self.unit}".strip()

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def contains(self, other: "TypedQuantity") -> bool:
        return self.low <= other.low and other.high <= self.high

    def same_measure(self, other: "TypedQuantity") -> bool:
        """Whether both count the same thing: the same unit, and no two different qualifiers."""
        if not self.unit or self.unit != other.unit:
            return False
        return not (self.qualifier and other.qualifier and self.qualifier != other.qualifier)


@dataclass(frozen=True)
class TextFeatures:
    keys: frozenset[str]  # what two claims share: word:, name:, concept:, measure:, value:, date:
    quantities: tuple[TypedQuantity, ...] = ()
    concepts: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()


@dataclass
class Match:
    score: float
    reasons: list[str] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)


def _typed(quantity: Quantity, text: str) -> TypedQuantity:
    after = text[quantity.end : quantity.end + QUALIFIER_REACH]
    before = text[max(0, quantity.start - QUALIFIER_REACH) : quantity.start]
    unit = quantity.unit
    if not unit:  # "288 billion active parameters": the qualifier stands between figure and unit
        counted = re.match(rf"\s*(?:{_QUALIFIER.pattern})\s+([\w$€%]+)", after, re.IGNORECASE)
        unit = UNIT_OF.get(counted.group(1).lower(), "") if counted else ""
    found = _QUALIFIER.search(after) or _QUALIFIER.search(before)
    qualifier = _QUALIFIER_OF[found.group(0).lower()] if found and unit else ""
    return TypedQuantity(quantity.low, quantity.high, unit, qualifier)


def _states(words: list[Token], language: str, events: set[str]) -> frozenset[str]:
    """How the events of a text stand: completed, ongoing, stopped, decided, hypothetical,
    negated, unchanged (and "stated" for a text that reports an event without negating it)."""
    aspects = lexicon.aspects(words, language)
    states = {state for event, state in lexicon.STATE_EVENTS.items() if event in events}
    states |= aspects & {"ongoing", "hypothetical", "unchanged"}
    if lexicon.negates_an_event(words, language):
        states.add("negated")
    states |= lexicon.stances(words, language)
    if "hypothetical" in states:
        states.discard("decided")
    if events and not states & {"negated", "hypothetical"}:
        states.add("stated")
    if "unchanged" not in states and events & {"delay", "abandon", "stop", "reorganize"}:
        states.add("changed")
    return frozenset(states)


def _names(words: list[Token]) -> set[str]:
    """Capitalised words after the first, and the first when it is written as a name elsewhere
    in the text (a claim is short: a capitalised opening word is read as a name only then)."""
    inner = {t.lower for t in words[1:] if t.capitalized and not t.lower.isdigit()}
    if words and words[0].capitalized and words[0].lower in inner:
        inner.add(words[0].lower)
    return inner


STEM = 6  # letters of a cognate's stem: laboratorio / laboratory / laboratoire → "labora"


def _stem(token: Token) -> str:
    """A long word's first letters, accents dropped: what cognates share across languages
    ("discussione" / "discussion", "strategia" / "stratégie", "architettura" / "architecture")."""
    if len(token.lemma) < STEM + 2 or not token.lemma.isalpha():
        return ""
    folded = unicodedata.normalize("NFKD", token.lemma).encode("ascii", "ignore").decode()
    return folded[:STEM]


def features(text: str, language: str) -> TextFeatures:
    """What one text (a claim's quote, or its statement) says, for matching."""
    words = tokens(text, language)
    events = lexicon.events(words, language)
    concepts = events | lexicon.topics(words, language)
    quantities = tuple(_typed(q, text) for q in find_quantities(text, language))
    keys = {f"word:{language}:{t.lemma}" for t in words if len(t.lemma) >= MIN_WORD and not t.lemma.isdigit()}
    keys |= {f"stem:{stem}" for stem in map(_stem, words) if stem}
    keys |= {f"name:{name}" for name in _names(words)}
    keys |= {f"concept:{concept}" for concept in concepts}
    keys |= {f"measure:{q.unit}" for q in quantities if q.unit}
    keys |= {f"value:{q.unit}:{q.low}-{q.high}" for q in quantities}
    keys |= {f"date:year:{year}" for year in re.findall(r"\b(?:19|20)\d\d\b", text)}
    keys |= {f"date:month:{MONTHS[t.lower]}" for t in words if t.lower in MONTHS}
    return TextFeatures(
        keys=frozenset(keys),
        quantities=quantities,
        concepts=frozenset(concepts),
        events=frozenset(events),
        states=_states(words, language, events),
    )


def combine(a: TextFeatures, b: TextFeatures) -> TextFeatures:
    """What two texts about one claim say together (its quote and its statement)."""
    return TextFeatures(
        keys=a.keys | b.keys,
        quantities=a.quantities + b.quantities,
        concepts=a.concepts | b.concepts,
        events=a.events | b.events,
        states=a.states | b.states,
    )


# A word's weight also depends on how common it is in its language (wordfreq's Zipf scale: 7 for
# "the" or "che", 3 for "behemoth"): a word at COMMON or above tells nothing, one at RARE or
# below tells all its rarity among the claims says.
COMMON, RARE = 6.0, 3.0
CONCEPT_WEIGHT = 1.5
STEM_WEIGHT = 0.5  # a shared stem is weaker evidence than a shared word (generale / generazione)


@lru_cache(maxsize=100_000)
def informativeness(key: str) -> float:
    """1 for a name, a concept, a figure or a date; STEM_WEIGHT for a cognate stem; for a word, how
    uncommon it is in its language."""
    kind, _, rest = key.partition(":")
    if kind == "stem":
        return STEM_WEIGHT
    if kind == "concept":
        return CONCEPT_WEIGHT
    if kind != "word":
        return 1.0
    language, _, word = rest.partition(":")
    frequency = zipf_frequency(word, language) if language else RARE
    return max(0.0, min(1.0, (COMMON - frequency) / (COMMON - RARE)))


def rarity(all_features: list[TextFeatures]) -> dict[str, float]:
    """Each feature's weight among these texts: its inverse document frequency, log((N + 1) / df),
    times its informativeness (a word every language uses all the time weighs nothing)."""
    counts: dict[str, int] = {}
    for item in all_features:
        for key in item.keys:
            counts[key] = counts.get(key, 0) + 1
    total = len(all_features) + 1
    return {key: math.log(total / count) * informativeness(key) for key, count in counts.items()}


def _short(value: Decimal) -> str:
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:g}"


def _describe(quantity: TypedQuantity) -> str:
    figure = (
        _short(quantity.high) if not quantity.is_range else f"{_short(quantity.low)}–{_short(quantity.high)}"
    )
    return f"{figure} {quantity.measure}".strip()


def _within_range(a: TextFeatures, b: TextFeatures) -> set[str]:
    """The value keys of `a` that lie inside a range of `b` (or the other way), as shared."""
    shared = set()
    for x in a.quantities:
        for y in b.quantities:
            if x.same_measure(y) and (x.is_range or y.is_range) and (x.contains(y) or y.contains(x)):
                shared.add(f"value:{x.unit}:{x.low}-{x.high}")
    return shared


_LABELS = {
    "stem": "cognates",
    "word": "words",
    "name": "names",
    "concept": "key terms",
    "measure": "figures of",
    "date": "same date",
}


def _reasons(
    shared: set[str] | frozenset[str], weights: dict[str, float], a: TextFeatures, b: TextFeatures
) -> list[str]:
    reasons = []
    same = next(
        (
            (x, y)
            for x in a.quantities
            for y in b.quantities
            if x.same_measure(y) and (x.contains(y) or y.contains(x))
        ),
        None,
    )
    if same:
        reasons.append(
            f"same figure: {_describe(same[0])}" + (" (within a range)" if same[0] != same[1] else "")
        )
    by_kind: dict[str, list[str]] = {}
    for key in sorted(shared, key=lambda k: (-weights.get(k, 0.0), k)):  # ties: not the sets' order
        kind, _, value = key.partition(":")
        if kind in ("value",) or weights.get(key, 0.0) <= 0:
            continue
        by_kind.setdefault(kind, []).append(value.split(":")[-1] if kind in ("date", "word") else value)
    for kind in ("concept", "name", "measure", "word", "stem", "date"):
        if kind in by_kind:
            label = _LABELS[kind]
            reasons.append(label if kind == "date" else f"{label}: " + ", ".join(by_kind[kind][:4]))
    return reasons


def _figure_disagreement(x: TypedQuantity, y: TypedQuantity) -> str:
    """Why two figures of one measure disagree ("" when they do not)."""
    # Only values of one measure disagree: "2 trillion parameters" may be the total of which
    # "288 billion active parameters" are a part, so a typed and an untyped count do not.
    if not x.same_measure(y) or x.qualifier != y.qualifier or (x.contains(y) and y.contains(x)):
        return ""
    if x.is_range == y.is_range:
        return f"different values of {x.measure or y.measure}: {_describe(x)} / {_describe(y)}"
    span, value = (x, y) if x.is_range else (y, x)
    if not span.contains(value):
        return f"a value outside the range: {_describe(value)} / {_describe(span)}"
    if value.high in (span.low, span.high):
        end = "top" if value.high == span.high else "bottom"
        return f"the range's {end} given as the figure: {_describe(value)} / {_describe(span)}"
    return ""


def contradictions(a: TextFeatures, b: TextFeatures) -> list[str]:
    """Why two texts about the same thing disagree, one line each (none when they do not)."""
    found = [_figure_disagreement(x, y) for x in a.quantities for y in b.quantities]
    # States of one event (not of two that share a topic); stances on one topic.
    for shared, opposites in (
        (a.events & b.events, lexicon.OPPOSITE_ASPECTS),
        (a.concepts & b.concepts - a.events, lexicon.OPPOSITE_STANCES),
    ):
        for pair, why in opposites.items() if shared else ():
            mine, theirs = a.states & pair, b.states & pair
            if len(mine) == 1 and len(theirs) == 1 and mine != theirs:  # each holds one side
                found.append(f"{why} ({', '.join(sorted(shared))})")
    return list(dict.fromkeys(line for line in found if line))


def match(a: TextFeatures, b: TextFeatures, *, weights: dict[str, float]) -> Match:
    """How likely two texts are about the same thing (the weighted cosine of their features),
    why, and where they disagree."""
    default = max(weights.values(), default=1.0)

    def weight(key: str) -> float:
        return weights.get(key, default)

    shared = (a.keys & b.keys) | _within_range(a, b) | _within_range(b, a)
    norm = math.sqrt(sum(map(weight, a.keys)) * sum(map(weight, b.keys)))
    score = min(1.0, sum(map(weight, shared)) / norm) if norm else 0.0
    result = Match(score=round(score, 3))
    if score > 0:
        result.reasons = _reasons(shared, weights, a, b)
    if score >= CONTRADICTION_SCORE:  # only two texts surely about one thing can contradict
        result.contradictions = contradictions(a, b)
    return result
