"""What changed between two dossier snapshots, fact by fact and claim by claim.

The changes a reader is told of are rules in tables, in the order they are listed: a rule
takes the fact (or claim) before and after, and gives the details of what changed.
"""

from collections.abc import Callable
from typing import Any

from claims.models import ReviewStatus
from claims.ratings import SCALE

Change = dict[str, Any]
Rule = Callable[[dict, dict], list[str]]


def _rating_label(rating: str) -> str:
    return str(SCALE[rating].label) if rating in SCALE else "No verdict"


def _verdict_change(before: dict, after: dict) -> str:
    return f"{_rating_label(before['rating'])} → {_rating_label(after['rating'])}"


def _newly_retracted(before: dict, after: dict) -> bool:
    return before["status"] != after["status"] and after["status"] == ReviewStatus.RETRACTED


def _rewritten(field: str, label: str) -> Rule:
    return lambda before, after: [f"{label} rewritten."] if before[field] != after[field] else []


def _date_change(before: dict, after: dict) -> list[str]:
    if before["happened_on"] == after["happened_on"]:
        return []
    return [f"Date on the timeline: {before['happened_on'] or 'none'} → {after['happened_on'] or 'none'}."]


def _source_changes(before: dict, after: dict) -> list[str]:
    old = {source["url"]: source for source in before["sources"]}
    new = {source["url"]: source for source in after["sources"]}
    details = [f"Source added: {new[url]['title']} ({new[url]['stance']})." for url in new if url not in old]
    details += [f"Source removed: {old[url]['title']}." for url in old if url not in new]
    details += [
        f"Source {new[url]['title']}: {old[url]['stance']} → {new[url]['stance']}."
        for url in new
        if url in old and old[url]["stance"] != new[url]["stance"]
    ]
    return details


# What changed in a fact kept from one revision to the next: (kind, rule), in order.
FACT_RULES: list[tuple[str, Rule]] = [
    ("text", _date_change),
    ("source", _source_changes),
    ("verdict", lambda b, a: [f"Verdict: {_verdict_change(b, a)}."] if b["rating"] != a["rating"] else []),
    ("retracted", lambda b, a: [f"Retracted: {a['retraction_reason']}"] if _newly_retracted(b, a) else []),
    ("text", _rewritten("statement", "Statement")),
    ("text", _rewritten("rationale", "Rationale")),
    ("text", _rewritten("reconciliation", "Reconciliation")),
]

# A claim kept in a fact is told once, by the first of these that applies: (kind, applies, detail).
CLAIM_RULES: list[tuple[str, Callable[[dict, dict], bool], Callable[[dict, dict], str]]] = [
    (
        "verdict",
        lambda b, a: b["rating"] != a["rating"],
        lambda b, a: f"Verdict on the claim “{a['statement']}”: {_verdict_change(b, a)}.",
    ),
    ("retracted", _newly_retracted, lambda b, a: f"Claim retracted: “{a['statement']}”."),
    (
        "claim",
        lambda b, a: any(b[key] != a[key] for key in ("statement", "quote", "rationale", "sources")),
        lambda b, a: f"Claim updated: “{a['statement']}”.",
    ),
]

STORY_FIELDS = (("title", "Title"), ("summary", "Summary"))


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def _claims_of(fact: dict) -> dict[int, dict]:
    return _by_id([claim for article in fact["articles"] for claim in article["claims"]])


def _story_changes(old: dict, new: dict) -> list[Change]:
    subject = {"fact": None, "statement": new["story"]["title"]}
    changes = [
        {"kind": "story", **subject, "detail": f"{label} rewritten."}
        for key, label in STORY_FIELDS
        if old["story"][key] != new["story"][key]
    ]
    old_ids, new_ids = [fact["id"] for fact in old["facts"]], [fact["id"] for fact in new["facts"]]
    if [i for i in new_ids if i in old_ids] != [i for i in old_ids if i in new_ids]:
        changes.append({"kind": "order", **subject, "detail": "Facts reordered."})
    return changes


def _claim_changes(before: dict, after: dict) -> list[tuple[str, str]]:
    old, new = _claims_of(before), _claims_of(after)
    changes = []
    for claim_id, claim in new.items():
        previous = old.get(claim_id)
        if previous is None:
            changes.append(("claim", f"Claim added: “{claim['statement']}”."))
            continue
        rule = next((rule for rule in CLAIM_RULES if rule[1](previous, claim)), None)
        if rule is not None:
            changes.append((rule[0], rule[2](previous, claim)))
    changes += [("claim", f"Claim removed: “{c['statement']}”.") for i, c in old.items() if i not in new]
    return changes


def _fact_changes(before: dict, after: dict) -> list[tuple[str, str]]:
    return [(kind, detail) for kind, rule in FACT_RULES for detail in rule(before, after)] + _claim_changes(
        before, after
    )


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    """What changed from one revision to another: the story, then fact by fact (and their
    claims), then the facts removed."""
    old_facts, new_facts = _by_id(old["facts"]), _by_id(new["facts"])
    changes = _story_changes(old, new)
    for fact_id, fact in new_facts.items():
        subject = {"fact": fact_id, "statement": fact["statement"]}
        before = old_facts.get(fact_id)
        if before is None:
            changes.append({"kind": "added", **subject, "detail": "New fact."})
            continue
        changes += [
            {"kind": kind, **subject, "detail": detail} for kind, detail in _fact_changes(before, fact)
        ]
    changes += [
        {"kind": "removed", "fact": fact_id, "statement": fact["statement"], "detail": "Fact removed."}
        for fact_id, fact in old_facts.items()
        if fact_id not in new_facts
    ]
    return changes
