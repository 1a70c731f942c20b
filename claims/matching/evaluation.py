"""The suggestions measured against a gold set: what a careful fact-checker marked in a set of
articles (tests/data/gold/: every check-worthy claim as an exact quote, grouped into facts
across articles, with the contradicting pairs marked).

For a set it measures, with the desk's own code and nothing tuned to the set:

- claim suggestions: recall (a gold claim is found when a suggestion covers at least half of its
  quote) and suggestions per gold claim;
- match suggestions: for each gold claim whose fact has claims in other articles, is one of them
  the best suggestion (recall@1), among the five best (recall@5), on the quotes alone (what exists
  the moment a claim is made) and with the claims' statements; and how many such claims get no
  suggestion at all;
- contradictions: over every pair of gold claims from different articles that the desk would
  suggest to each other, the pairs flagged as contradicting, against the pairs marked: precision
  and recall; and which of the set's marked non-contradictions are flagged.

`manage.py evaluate_suggestions` prints it; docs/claim-suggestions.md and
docs/match-suggestions.md keep the figures; tests/claims/matching/test_gold_evaluation.py keeps
the seed figures from regressing.
"""

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from articles.services.prepare import prepare_article
from articles.services.records import ArticleRecord
from claims.matching.scoring import MIN_SCORE, match, rarity
from claims.matching.selectors import rank, text_features
from claims.reader.suggestions import suggest_claims

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
COVERED = 0.5  # a suggestion finds a gold claim when it covers this share of the quote


@dataclass
class GoldClaim:
    id: str
    article: str
    exact: str
    fact: str
    statement: str
    start: int = -1  # in the article's body as the desk imports it; -1 when not in it


@dataclass
class GoldSet:
    name: str
    bodies: dict[str, str]
    languages: dict[str, str]
    claims: list[GoldClaim]
    contradictions: set[frozenset[str]]
    not_contradictions: dict[frozenset[str], str]

    @property
    def in_body(self) -> list[GoldClaim]:
        return [claim for claim in self.claims if claim.start >= 0]


@dataclass
class Result:
    name: str
    articles: int = 0
    gold_claims: int = 0
    not_in_body: list[str] = field(default_factory=list)
    suggestions: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    match: dict[str, dict[str, float]] = field(default_factory=dict)
    match_asked: int = 0
    contradictions: dict[str, dict] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.found / max(1, self.gold_claims - len(self.not_in_body))

    @property
    def per_claim(self) -> float:
        return self.suggestions / max(1, self.gold_claims - len(self.not_in_body))


def load(path: Path) -> GoldSet:
    """A gold set, its articles read and imported as the desk imports a text file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bodies, languages = {}, {}
    for item in data["articles"]:
        text = (ROOT / item["path"]).read_text(encoding="utf-8")
        record = ArticleRecord(
            name=item["file"], text=text, raw_text=text, language=item["language"], headline_in_text=True
        )
        bodies[item["file"]] = prepare_article(record).article.body
        languages[item["file"]] = item["language"]
    claims = []
    for item in data["claims"]:
        claim = GoldClaim(item["id"], item["article"], item["exact"], item["fact"], item.get("statement", ""))
        claim.start = bodies[claim.article].find(claim.exact)
        claims.append(claim)
    return GoldSet(
        name=data["set"],
        bodies=bodies,
        languages=languages,
        claims=claims,
        contradictions={frozenset((pair["a"], pair["b"])) for pair in data.get("contradictions", [])},
        not_contradictions={
            frozenset((pair["a"], pair["b"])): pair["why"] for pair in data.get("not_contradictions", [])
        },
    )


def _claim_suggestions(gold: GoldSet, result: Result) -> None:
    for file, body in gold.bodies.items():
        suggested = suggest_claims(body, gold.languages[file])
        result.suggestions += len(suggested)
        for claim in gold.in_body:
            if claim.article != file:
                continue
            end = claim.start + len(claim.exact)
            covered = max((min(end, s.end) - max(claim.start, s.start) for s in suggested), default=0)
            if covered >= COVERED * len(claim.exact):
                result.found += 1
            else:
                result.missed.append(f"{claim.id}: {claim.exact}")


def _features(gold: GoldSet, with_statements: bool) -> dict:
    return {
        claim.id: text_features(
            claim.exact, gold.languages[claim.article], claim.statement if with_statements else ""
        )
        for claim in gold.claims
    }


def _match_suggestions(gold: GoldSet, result: Result) -> None:
    by_id = {claim.id: claim for claim in gold.claims}
    asked = [
        claim
        for claim in gold.claims
        if any(o.fact == claim.fact and o.article != claim.article for o in gold.claims)
    ]
    result.match_asked = len(asked)
    for mode, with_statements in (("quotes", False), ("statements", True)):
        every = _features(gold, with_statements)
        at1 = at5 = none = 0
        for claim in asked:
            others = {key: value for key, value in every.items() if by_id[key].article != claim.article}
            ranked = [by_id[key] for _, key, _ in rank(every[claim.id], others)]
            none += not ranked
            at1 += any(o.fact == claim.fact for o in ranked[:1])
            at5 += any(o.fact == claim.fact for o in ranked[:5])
        total = max(1, len(asked))
        result.match[mode] = {"at1": at1 / total, "at5": at5 / total, "none": none / total}


def _contradictions(gold: GoldSet, result: Result) -> None:
    for mode, with_statements in (("quotes", False), ("statements", True)):
        every = _features(gold, with_statements)
        weights = rarity(list(every.values()))
        flagged: dict[frozenset[str], list[str]] = {}
        for a, b in combinations(gold.claims, 2):
            if a.article == b.article:
                continue
            found = match(every[a.id], every[b.id], weights=weights)
            if found.score >= MIN_SCORE and found.contradictions:
                flagged[frozenset((a.id, b.id))] = found.contradictions
        right = set(flagged) & gold.contradictions
        result.contradictions[mode] = {
            "flagged": len(flagged),
            "marked": len(gold.contradictions),
            "right": len(right),
            "precision": len(right) / len(flagged) if flagged else 1.0,
            "recall": len(right) / len(gold.contradictions) if gold.contradictions else 1.0,
            "false_alarms_marked": sorted(
                f"{' / '.join(sorted(pair))}: {why}"
                for pair, why in gold.not_contradictions.items()
                if pair in flagged
            ),
            "missed": sorted(" / ".join(sorted(pair)) for pair in gold.contradictions - set(flagged)),
        }


def evaluate(path: Path) -> Result:
    gold = load(path)
    result = Result(name=gold.name, articles=len(gold.bodies), gold_claims=len(gold.claims))
    result.not_in_body = [claim.id for claim in gold.claims if claim.start < 0]
    _claim_suggestions(gold, result)
    _match_suggestions(gold, result)
    _contradictions(gold, result)
    return result
