"""Match suggestions: the claims and facts of other articles likely about the same thing."""

from dataclasses import dataclass
from functools import lru_cache

from claims.matching.candidates import (
    CANDIDATES,
    MOST_CANDIDATES,
    DeskCounts,
    Rarity,
    candidate_ids,
    lookup_keys,
)
from claims.matching.features import DEFERRED, read_features, refresh_changed_features
from claims.matching.scoring import MIN_SCORE, TextFeatures, combine, features, match, rarity
from claims.models import Claim, Fact


@dataclass
class MatchSuggestion:
    """A claim or a fact in another article that is likely about the same thing as a claim."""

    score: float
    reasons: list[str]
    contradictions: list[str]
    claim: Claim | None = None
    fact: Fact | None = None


def claim_features(claim: Claim, *, with_statement: bool = True) -> TextFeatures:
    """What a claim says, for matching: its quote in the article's language, and the desk's
    (English) statement of it. (Reading the quote in its whole sentence was measured: it ranks
    worse, as a sentence often holds several claims.)"""
    return text_features(claim.exact, claim.article.language, claim.statement if with_statement else "")


@lru_cache(maxsize=50_000)
def text_features(exact: str, language: str, statement: str = "") -> TextFeatures:
    """A claim's features, kept per process by its texts (they are all they depend on: a claim
    edited is a new key), so that ranking recomputes only what changed."""
    quote = features(exact, language)
    return combine(quote, features(statement, "en")) if statement else quote


def rank(
    mine: TextFeatures, candidates: dict, *, min_score: float = MIN_SCORE, weights: dict | None = None
) -> list[tuple]:
    """(score, key, match) of the candidates ({key: features}) likely about the same thing as
    `mine`, best first; each feature weighted by its rarity among all of them (or by `weights`,
    read from the whole desk's counts when the candidates are only the likely ones)."""
    if weights is None:
        weights = rarity([mine, *candidates.values()])
    scored = []
    for key, theirs in candidates.items():
        result = match(mine, theirs, weights=weights)
        if result.score >= min_score:
            scored.append((result.score, key, result))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def _with_facts(claim: Claim, scored: list[MatchSuggestion], limit: int) -> list[MatchSuggestion]:
    facts: dict[int, MatchSuggestion] = {}
    for suggestion in scored:  # a fact scores as its best-matching claim
        held_by = suggestion.claim.fact if suggestion.claim else None
        if held_by and held_by.pk != claim.fact_id and held_by.pk not in facts:
            facts[held_by.pk] = MatchSuggestion(
                suggestion.score, suggestion.reasons, suggestion.contradictions, fact=held_by
            )
    return sorted([*scored[:limit], *list(facts.values())[:limit]], key=lambda s: -s.score)


def _candidates(claims: list[Claim], mine: dict, rarities: dict, *, with_statements: bool) -> list[Claim]:
    wanted: dict[str, float] = {}
    for claim in claims:
        weights = rarities[claim.pk].weights(mine[claim.pk].keys)
        for key, weight in lookup_keys(mine[claim.pk], weights, min_score=MIN_SCORE).items():
            wanted[key] = max(wanted.get(key, 0.0), weight)
    articles = {claim.article_id for claim in claims}
    ids = candidate_ids(
        wanted,
        with_statements=with_statements,
        limit=min(MOST_CANDIDATES, CANDIDATES * len(claims)),
        other_than=next(iter(articles)) if len(articles) == 1 else None,
    )
    return list(
        Claim.objects.filter(pk__in=ids)
        .exclude(status=Claim.Status.RETRACTED)
        .select_related("article", "fact", "verdict", "features")
        .defer(*DEFERRED)
    )


def matches_for_claims(
    claims: list[Claim], *, limit: int = 8, with_statements: bool = True
) -> dict[int, list[MatchSuggestion]]:
    """`match_suggestions` of several claims, read together: a constant number of queries
    whatever the number of claims in the desk or on the page."""
    if not claims:
        return {}
    refresh_changed_features()
    mine = {pk: stored.select(with_statement=with_statements) for pk, stored in read_features(claims).items()}
    counts = DeskCounts(sorted({claim.article_id for claim in claims}), with_statements=with_statements)
    counts.read(key for found in mine.values() for key in found.keys)
    rarities = {claim.pk: Rarity(counts, article=claim.article_id, mine=mine[claim.pk]) for claim in claims}
    candidates = {c.pk: c for c in _candidates(claims, mine, rarities, with_statements=with_statements)}
    theirs = {
        pk: stored.select(with_statement=with_statements)
        for pk, stored in read_features(list(candidates.values())).items()
    }
    counts.read(key for found in theirs.values() for key in found.keys)
    found = {}
    for claim in claims:
        others = {pk: theirs[pk] for pk, c in candidates.items() if c.article_id != claim.article_id}
        keys = set(mine[claim.pk].keys).union(*(f.keys for f in others.values()))
        ranked = rank(mine[claim.pk], others, weights=rarities[claim.pk].weights(keys))
        scored = [
            MatchSuggestion(score, result.reasons, result.contradictions, claim=candidates[pk])
            for score, pk, result in ranked
        ]
        found[claim.pk] = _with_facts(claim, scored, limit)
    return found


def match_suggestions(claim: Claim, *, limit: int = 8, with_statements: bool = True) -> list[MatchSuggestion]:
    """The claims of other articles most likely about the same thing as `claim`, and the facts
    holding them, best first: each with its score, the reasons, and likely contradictions.

    Built from what travels across languages (claims/matching/scoring.py): lemmas, the lexicon's
    concepts, names, typed figures and dates, in the quotes and in the claims' statements, stored
    per claim (claims/matching/features.py); the candidates are read through the feature-key index
    (claims/matching/candidates.py). docs/match-suggestions.md measures it on the gold sets.
    """
    return matches_for_claims([claim], limit=limit, with_statements=with_statements)[claim.pk]


def fact_match_suggestions(fact: Fact, claims: list[Claim], *, per_claim: int = 5) -> list[dict]:
    """Claims of other articles likely about the same thing as one of the fact's claims, and not
    in the fact yet: each once, at its best score, best first. Computed once for all the fact's
    claims."""
    suggestions: dict[int, dict] = {}
    for found in matches_for_claims(claims, limit=per_claim).values():
        for suggestion in found:
            candidate = suggestion.claim
            if candidate is None or candidate.fact_id == fact.pk:
                continue
            best = suggestions.get(candidate.pk)
            if best is None or best["score"] < suggestion.score:
                suggestions[candidate.pk] = {
                    "claim": candidate,
                    "score": suggestion.score,
                    "reasons": suggestion.reasons,
                    "contradictions": suggestion.contradictions,
                }
    return sorted(suggestions.values(), key=lambda s: -s["score"])
