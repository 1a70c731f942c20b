"""What changed between two dossier snapshots, fact by fact and claim by claim."""

from typing import Any

from claims.models import ReviewStatus
from claims.ratings import SCALE

S = ReviewStatus


def _rating_label(rating: str) -> str:
    return SCALE[rating].label if rating in SCALE else "No verdict"


def diff_snapshots(old: dict, new: dict) -> list[dict[str, Any]]:
    """What changed from one revision to another, fact by fact and claim by claim."""
    changes: list[dict[str, Any]] = []
    old_facts = {fact["id"]: fact for fact in old["facts"]}
    new_facts = {fact["id"]: fact for fact in new["facts"]}

    def claims_of(fact: dict) -> dict[int, dict]:
        return {claim["id"]: claim for article in fact["articles"] for claim in article["claims"]}

    for key, label in (("title", "Title"), ("summary", "Summary")):
        if old["story"][key] != new["story"][key]:
            changes.append(
                {
                    "kind": "story",
                    "fact": None,
                    "statement": new["story"]["title"],
                    "detail": f"{label} rewritten.",
                }
            )
    kept = [fact_id for fact_id in new_facts if fact_id in old_facts]
    if kept != [fact_id for fact_id in old_facts if fact_id in new_facts]:
        changes.append(
            {"kind": "order", "fact": None, "statement": new["story"]["title"], "detail": "Facts reordered."}
        )
    for fact_id, fact in new_facts.items():
        before = old_facts.get(fact_id)
        subject = {"fact": fact_id, "statement": fact["statement"]}
        if before is None:
            changes.append({"kind": "added", **subject, "detail": "New fact."})
            continue
        if before["happened_on"] != fact["happened_on"]:
            changes.append(
                {
                    "kind": "text",
                    **subject,
                    "detail": f"Date on the timeline: {before['happened_on'] or 'none'} → {fact['happened_on'] or 'none'}.",
                }
            )
        changes += [
            {"kind": "source", **subject, "detail": detail} for detail in _source_changes(before, fact)
        ]
        if before["rating"] != fact["rating"]:
            changes.append(
                {
                    "kind": "verdict",
                    **subject,
                    "detail": f"Verdict: {_rating_label(before['rating'])} → {_rating_label(fact['rating'])}.",
                }
            )
        if before["status"] != fact["status"] and fact["status"] == S.RETRACTED:
            changes.append(
                {"kind": "retracted", **subject, "detail": f"Retracted: {fact['retraction_reason']}"}
            )
        for field, label in (
            ("statement", "Statement"),
            ("rationale", "Rationale"),
            ("reconciliation", "Reconciliation"),
        ):
            if before[field] != fact[field]:
                changes.append({"kind": "text", **subject, "detail": f"{label} rewritten."})
        old_claims, new_claims = claims_of(before), claims_of(fact)
        for claim_id, claim in new_claims.items():
            previous_claim = old_claims.get(claim_id)
            if previous_claim is None:
                changes.append(
                    {"kind": "claim", **subject, "detail": f"Claim added: “{claim['statement']}”."}
                )
            elif previous_claim["rating"] != claim["rating"]:
                changes.append(
                    {
                        "kind": "verdict",
                        **subject,
                        "detail": f"Verdict on the claim “{claim['statement']}”: "
                        f"{_rating_label(previous_claim['rating'])} → {_rating_label(claim['rating'])}.",
                    }
                )
            elif previous_claim["status"] != claim["status"] and claim["status"] == S.RETRACTED:
                changes.append(
                    {"kind": "retracted", **subject, "detail": f"Claim retracted: “{claim['statement']}”."}
                )
            elif any(
                previous_claim[key] != claim[key] for key in ("statement", "quote", "rationale", "sources")
            ):
                changes.append(
                    {"kind": "claim", **subject, "detail": f"Claim updated: “{claim['statement']}”."}
                )
        for claim_id, claim in old_claims.items():
            if claim_id not in new_claims:
                changes.append(
                    {"kind": "claim", **subject, "detail": f"Claim removed: “{claim['statement']}”."}
                )
    for fact_id, fact in old_facts.items():
        if fact_id not in new_facts:
            changes.append(
                {
                    "kind": "removed",
                    "fact": fact_id,
                    "statement": fact["statement"],
                    "detail": "Fact removed.",
                }
            )
    return changes


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
