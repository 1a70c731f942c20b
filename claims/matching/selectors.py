"""Match suggestions: the claims and facts of other articles likely about the same thing."""

from dataclasses import dataclass

from claims.matching.scoring import MIN_SCORE, TextFeatures, combine, entity_rarity, features, match
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
    (English) statement of it."""
    quote = features(claim.exact, claim.article.language)
    return combine(quote, features(claim.statement, "en")) if with_statement else quote


def match_suggestions(claim: Claim, *, limit: int = 8, with_statements: bool = True) -> list[MatchSuggestion]:
    """The claims of other articles most likely about the same thing as `claim`, and the facts
    holding them, best first: each with its score, the reasons, and likely contradictions.

    Built from what travels across Italian, French and English (claims/matching/scoring.py):
    figures, key terms, names and dates in the quotes, in their own languages, and in the
    claims' statements. docs/match-suggestions.md measures it on the seeds, with and without
    the statements.
    """
    candidates = list(
        Claim.objects.exclude(article_id=claim.article_id)
        .exclude(status=Claim.Status.RETRACTED)
        .select_related("article", "fact")
    )
    all_features = {c.pk: claim_features(c, with_statement=with_statements) for c in candidates}
    mine = claim_features(claim, with_statement=with_statements)
    rarity = entity_rarity([mine, *all_features.values()])
    scored = []
    for candidate in candidates:
        result = match(mine, all_features[candidate.pk], entity_rarity=rarity)
        if result.score >= MIN_SCORE:
            scored.append(
                MatchSuggestion(result.score, result.reasons, result.contradictions, claim=candidate)
            )
    scored.sort(key=lambda s: (-s.score, s.claim.pk if s.claim else 0))
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
    in the fact yet: each once, at its best score, best first."""
    suggestions: dict[int, dict] = {}
    for claim in claims:
        for suggestion in match_suggestions(claim, limit=per_claim):
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
