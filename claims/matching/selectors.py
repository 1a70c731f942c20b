"""Match suggestions: the claims and facts of other articles likely about the same thing."""

from dataclasses import dataclass
from functools import lru_cache

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


def rank(mine: TextFeatures, candidates: dict, *, min_score: float = MIN_SCORE) -> list[tuple]:
    """(score, key, match) of the candidates ({key: features}) likely about the same thing as
    `mine`, best first; each feature weighted by its rarity among all of them."""
    weights = rarity([mine, *candidates.values()])
    scored = []
    for key, theirs in candidates.items():
        result = match(mine, theirs, weights=weights)
        if result.score >= min_score:
            scored.append((result.score, key, result))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def candidate_claims() -> list[Claim]:
    """Every claim a suggestion may name (not retracted), with its article's language and its fact,
    in one query: only the article's language is read, not its body and raw text (megabytes at
    scale)."""
    return list(
        Claim.objects.exclude(status=Claim.Status.RETRACTED)
        .select_related("article", "fact")
        .defer("article__body", "article__raw_text")
    )


def match_suggestions(
    claim: Claim,
    *,
    limit: int = 8,
    with_statements: bool = True,
    candidates: list[Claim] | None = None,
) -> list[MatchSuggestion]:
    """The claims of other articles most likely about the same thing as `claim`, and the facts
    holding them, best first: each with its score, the reasons, and likely contradictions.

    Built from what travels across languages (claims/matching/scoring.py): lemmas, the lexicon's
    concepts, names, typed figures and dates, in the quotes and in the claims' statements.
    docs/match-suggestions.md measures it on the gold sets, with and without the statements.
    `candidates` (from `candidate_claims`) lets a page rank several claims on one read.
    """
    others = {
        c.pk: c
        for c in (candidate_claims() if candidates is None else candidates)
        if c.article_id != claim.article_id
    }
    ranked = rank(
        claim_features(claim, with_statement=with_statements),
        {pk: claim_features(c, with_statement=with_statements) for pk, c in others.items()},
    )
    scored = [
        MatchSuggestion(score, result.reasons, result.contradictions, claim=others[pk])
        for score, pk, result in ranked
    ]
    facts: dict[int, MatchSuggestion] = {}
    for suggestion in scored:  # a fact scores as its best-matching claim
        held_by = suggestion.claim.fact if suggestion.claim else None
        if held_by and held_by.pk != claim.fact_id and held_by.pk not in facts:
            facts[held_by.pk] = MatchSuggestion(
                suggestion.score, suggestion.reasons, suggestion.contradictions, fact=held_by
            )
    return sorted([*scored[:limit], *list(facts.values())[:limit]], key=lambda s: -s.score)


def fact_match_suggestions(fact: Fact, claims: list[Claim], *, per_claim: int = 5) -> list[dict]:
    """Claims of other articles likely about the same thing as one of the fact's claims, and not
    in the fact yet: each once, at its best score, best first. The candidates are read once for
    all the fact's claims."""
    suggestions: dict[int, dict] = {}
    candidates = candidate_claims()
    for claim in claims:
        for suggestion in match_suggestions(claim, limit=per_claim, candidates=candidates):
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
