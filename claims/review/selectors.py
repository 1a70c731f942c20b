"""Read paths of the review desk: the queues and a claim's history."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from claims.models import Claim

QUEUES = {
    "my-drafts": "My drafts",
    "changes-requested": "Changes requested of me",
    "to-review": "Waiting for my review",
    "approved": "Recently approved",
    "published": "Recently published",
}


def queue_claims(name: str, user) -> QuerySet[Claim]:
    """The claims of one of the desk's queues, newest activity first."""
    S = Claim.Status
    claims = Claim.objects.select_related("article", "author", "verdict").order_by("-updated_at", "-id")
    if name == "my-drafts":
        return claims.filter(author=user, status=S.DRAFT)
    if name == "changes-requested":
        return claims.filter(author=user, status=S.CHANGES_REQUESTED)
    if name == "to-review":
        if not user.has_perm("claims.review_claim"):
            return claims.none()
        # Four eyes: never one's own claim or verdict.
        return claims.filter(status=S.IN_REVIEW).exclude(author=user).exclude(verdict__author=user)
    if name == "approved":
        return claims.filter(status=S.APPROVED)
    if name == "published":
        return claims.filter(status=S.PUBLISHED)
    raise KeyError(name)


def queue_counts(user) -> dict[str, int]:
    """How many claims each queue holds, in one query."""
    from django.db.models import Count, Q

    S = Claim.Status
    counts = Claim.objects.aggregate(
        my_drafts=Count("pk", filter=Q(author=user, status=S.DRAFT)),
        changes_requested=Count("pk", filter=Q(author=user, status=S.CHANGES_REQUESTED)),
        to_review=Count("pk", filter=Q(status=S.IN_REVIEW) & ~Q(author=user) & ~Q(verdict__author=user)),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
        published=Count("pk", filter=Q(status=S.PUBLISHED)),
    )
    if not user.has_perm("claims.review_claim"):
        counts["to_review"] = 0
    return {name: counts[name.replace("-", "_")] for name in QUEUES}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    user: object
    what: str
    change: str


def _short(value, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change of the claim, its verdict and its source links, newest first."""
    from claims.models import ClaimSource, Verdict

    entries = []
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    sets = [
        ("Claim", claim.history.all()),
        ("Verdict", Verdict.history.filter(claim_id=claim.pk)),
        ("Source link", ClaimSource.history.filter(claim_id=claim.pk)),
    ]
    for label, records in sets:
        records = list(records.select_related("history_user").order_by("history_date", "history_id"))
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            change = kinds[record.history_type]
            if before is not None and record.history_type == "~":
                changes = [
                    f"{c.field}: “{_short(c.old)}” → “{_short(c.new)}”"
                    for c in record.diff_against(before).changes
                    if c.field not in ("version", "updated_at")
                ]
                change = "changed " + "; ".join(changes) if changes else "saved"
            entries.append(HistoryEntry(record.history_date, record.history_user, label, change))
            previous[record.id] = record
    return sorted(entries, key=lambda e: e.when, reverse=True)
