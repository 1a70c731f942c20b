"""The snapshot of a story's dossier: everything a revision's page, export and markup are made from."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from articles.models import date_at_precision
from claims.dossiers.diff import diff_snapshots
from claims.models import Claim, ClaimSource, Fact, FactSource, ReviewStatus, Story

S = ReviewStatus


# What enters a dossier: reviewed content. A retracted item stays, marked, with its reason.
PUBLISHABLE = (S.APPROVED, S.PUBLISHED, S.RETRACTED)


# The changes that correct what readers were told: they enter the public corrections log.
CORRECTIONS = ("verdict", "retracted")


def _public_name(user) -> str:
    """A user's name as readers may see it: their full name, never their login (or email)."""
    return user.get_full_name() if user else ""


def _source(link: ClaimSource | FactSource) -> dict[str, Any]:
    source = link.source
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "stance": link.stance,
        "quote": link.quote,
    }


def _claim(claim: Claim) -> dict[str, Any]:
    verdict = getattr(claim, "verdict", None)
    return {
        "id": claim.pk,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type,
        "claim_date": claim.claim_date.isoformat() if claim.claim_date else None,
        "quote": {"exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
        "position": {"start": claim.start, "end": claim.end},
        "rating": verdict.rating if verdict else "",
        "rationale": verdict.rationale if verdict else "",
        "status": claim.status,
        "retraction_reason": claim.retraction_reason,
        "sources": [_source(link) for link in claim.claim_sources.all()],
    }


def _article(claim: Claim) -> dict[str, Any]:
    """Where a claim appeared. Dates are as precise as they are known (2025-05, never 2025-05-01)."""
    article = claim.article
    outlet = article.outlet
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": outlet.name if outlet else "",
        "outlet_url": f"https://{outlet.domain}/" if outlet and outlet.domain else "",
        "byline": article.byline,
        "url": article.url,
        "language": article.language,
        "published_on": article.published_display or None,
        "published_precision": article.published_precision,
        "original_outlet": article.original_outlet,
        "original_url": article.original_url,
        "claims": [],
    }


def _fact(fact: Fact) -> dict[str, Any]:
    articles: dict[int, dict[str, Any]] = {}
    for claim in fact.claims.all():  # prefetched: the publishable ones, by article
        articles.setdefault(claim.article_id, _article(claim))["claims"].append(_claim(claim))
    return {
        "id": fact.pk,
        "statement": fact.statement,
        "happened_on": date_at_precision(fact.happened_on, fact.happened_precision) or None,
        "rating": fact.rating,
        "rationale": fact.rationale,
        "reconciliation": fact.reconciliation,
        "status": fact.status,
        "retraction_reason": fact.retraction_reason,
        "author": _public_name(fact.author),
        "approved_by": _public_name(fact.approved_by),
        "sources": [_source(link) for link in fact.fact_sources.all()],
        "articles": sorted(
            articles.values(), key=lambda a: (a["published_on"] or "9999", a["outlet"], a["id"])
        ),
    }


def story_facts(story: Story) -> QuerySet[Fact]:
    claims = (
        Claim.objects.filter(status__in=PUBLISHABLE)
        .select_related("article__outlet", "verdict")
        .defer("article__body", "article__raw_text")  # a snapshot quotes a claim's span, not its article
        .prefetch_related(Prefetch("claim_sources", ClaimSource.objects.select_related("source")))
    )
    return (
        story.facts.filter(status__in=PUBLISHABLE)
        .select_related("author", "approved_by")
        .prefetch_related(
            Prefetch("claims", claims),
            Prefetch("fact_sources", FactSource.objects.select_related("source")),
        )
        .order_by("position", "id")
    )


def build_snapshot(
    story: Story,
    *,
    facts: list[Fact],
    number: int,
    previous: dict | None,
    change_note: str,
    published_at,
    published_by,
) -> dict[str, Any]:
    """The dossier as published: everything its page, export and markup are made from."""
    snapshot: dict[str, Any] = {
        "story": {"slug": story.slug, "title": story.title, "summary": story.summary},
        "revision": number,
        "published_at": published_at.isoformat(),
        "published_by": _public_name(published_by),
        "change_note": change_note,
        "facts": [_fact(fact) for fact in facts],
    }
    changes = diff_snapshots(previous, snapshot) if previous else []
    snapshot["changes"] = changes
    corrections = list(previous.get("corrections", [])) if previous else []
    verdict_changes = [change for change in changes if change["kind"] in CORRECTIONS]
    if verdict_changes:
        corrections.append(
            {
                "revision": number,
                "published_at": snapshot["published_at"],
                "note": change_note,
                "changes": verdict_changes,
            }
        )
    snapshot["corrections"] = corrections
    return snapshot
