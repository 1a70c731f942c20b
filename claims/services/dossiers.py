"""Publishing a story's dossier: an immutable, numbered revision built from a snapshot.

The snapshot is built once, at publication, from the approved (or already published, or
retracted) facts and claims. The public page's content with its ClaimReview JSON-LD, the JSON
export and the feeds are all made from it, so what readers see never changes afterwards.
"""

import hashlib
import json
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimSource,
    DossierRevision,
    Fact,
    FactSource,
    ReviewStatus,
    Story,
    Transition,
)
from claims.ratings import SCALE, Rating, review_rating
from claims.services.workflow import review_save

S = ReviewStatus
# What enters a dossier: reviewed content. A retracted item stays, marked, with its reason.
PUBLISHABLE = (S.APPROVED, S.PUBLISHED, S.RETRACTED)
# The changes that correct what readers were told: they enter the public corrections log.
CORRECTIONS = ("verdict", "retracted")


class PublishError(ValidationError):
    """The dossier cannot be published as it stands; the message says what to do."""


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.publish_story")


def public_url(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


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
    article = claim.article
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": article.outlet.name if article.outlet else "",
        "byline": article.byline,
        "url": article.url,
        "language": article.language,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "published_precision": article.published_precision,
        "claims": [],
    }


def _fact(fact: Fact) -> dict[str, Any]:
    articles: dict[int, dict[str, Any]] = {}
    for claim in fact.claims.all():  # prefetched: the publishable ones, by article
        articles.setdefault(claim.article_id, _article(claim))["claims"].append(_claim(claim))
    return {
        "id": fact.pk,
        "statement": fact.statement,
        "happened_on": fact.happened_on.isoformat() if fact.happened_on else None,
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


def _story_facts(story: Story) -> QuerySet[Fact]:
    claims = (
        Claim.objects.filter(status__in=PUBLISHABLE)
        .select_related("article__outlet", "verdict")
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


def claim_reviews(snapshot: dict) -> list[dict[str, Any]]:
    """schema.org ClaimReview for each fact of the revision (retracted ones are withdrawn)."""
    slug, number = snapshot["story"]["slug"], snapshot["revision"]
    page = public_url(reverse("dossiers:revision", args=[slug, number]))
    organization = {"@type": "Organization", "name": settings.PUBLISHER_NAME, "url": public_url("/")}
    reviews = []
    for fact in snapshot["facts"]:
        if fact["status"] == S.RETRACTED or not fact["rating"]:
            continue
        appearances = []
        standing = [
            {**article, "claims": [c for c in article["claims"] if c["status"] != S.RETRACTED]}
            for article in fact["articles"]
        ]
        for article in (a for a in standing if a["claims"]):
            appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article["title"][:110]}
            if article["url"]:
                appearance["url"] = article["url"]
            if article["language"] and article["language"] != "und":
                appearance["inLanguage"] = article["language"]
            if article["published_on"]:
                appearance["datePublished"] = article["published_on"]
            if article["outlet"]:
                appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
            appearances.append(appearance)
        item: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
        if appearances:
            item["firstAppearance"] = appearances[0]
        claimants = sorted({c["claimant"] for a in standing for c in a["claims"] if c["claimant"]})
        if claimants:
            item["author"] = [{"@type": "Organization", "name": name} for name in claimants]
        if fact["happened_on"]:
            item["datePublished"] = fact["happened_on"]
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{page}#fact-{fact['id']}",
                "datePublished": snapshot["published_at"][:10],
                "author": organization,
                "claimReviewed": fact["statement"],
                "reviewRating": review_rating(fact["rating"]),
                "itemReviewed": item,
            }
        )
    return reviews


def verdict_chart(ratings: list[str]) -> list[dict[str, Any]]:
    """One bar per rating used, in the scale's order, sized for the server-rendered SVG chart."""
    counts = Counter(ratings)
    top = max(counts.values(), default=1)
    bars = []
    for index, rating in enumerate(rating for rating in Rating.values if counts[rating]):
        info = SCALE[rating]
        bars.append(
            {
                "label": info.label,
                "count": counts[rating],
                "colour": info.colour,
                "width": round(260 * counts[rating] / top),
                "y": index * 28,
            }
        )
    return bars


def render_dossier(snapshot: dict) -> str:
    """The public page's content for a snapshot (also the desk's preview)."""
    json_ld = json.dumps(claim_reviews(snapshot), ensure_ascii=False, cls=DjangoJSONEncoder)
    # In a <script> element: nothing in the text may close it or open a comment.
    json_ld = json_ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    standing = [fact for fact in snapshot["facts"] if fact["status"] != S.RETRACTED]
    claims = [
        c for fact in standing for a in fact["articles"] for c in a["claims"] if c["status"] != S.RETRACTED
    ]
    charts: list[dict[str, Any]] = [
        {
            "id": "facts",
            "title": f"Verdicts on {len(standing)} fact{pluralize(len(standing))}",
            "bars": verdict_chart([f["rating"] for f in standing]),
        },
        {
            "id": "claims",
            "title": f"Verdicts on the {len(claims)} claim{pluralize(len(claims))} the articles make",
            "bars": verdict_chart([c["rating"] for c in claims]),
        },
    ]
    for chart in charts:
        chart["height"] = max(28, 28 * len(chart["bars"]))
    return render_to_string(
        "dossiers/_dossier.html",
        {
            "dossier": snapshot,
            "json_ld": json_ld,
            "charts": charts,
            "timeline": sorted(
                (fact for fact in snapshot["facts"] if fact["happened_on"]), key=lambda f: f["happened_on"]
            ),
            "scale": SCALE,
        },
    )


def dossier_preview(story: Story, by) -> str:
    """The page as it would be published now (nothing is saved)."""
    latest = story.revisions.order_by("-number").first()
    facts = list(_story_facts(story))
    snapshot = build_snapshot(
        story,
        facts=facts,
        number=(latest.number + 1) if latest else 1,
        previous=latest.snapshot if latest else None,
        change_note="(preview)",
        published_at=timezone.now(),
        published_by=by,
    )
    return render_dossier(snapshot)


def _check_publishable(story: Story, facts: list[Fact], previous: dict | None, by) -> None:
    if not can_publish(by):
        raise PermissionDenied("Only an editor with the publishing permission publishes a dossier.")
    if not facts:
        raise PublishError("No approved fact yet: a dossier needs at least one.")
    if all(fact.author_id == by.pk for fact in facts):
        raise PermissionDenied(
            "Four eyes: you wrote every fact in this dossier, so another editor must publish it."
        )
    if previous is None:
        return
    fact_ids = [fact["id"] for fact in previous["facts"]]
    claim_ids = [
        c["id"] for fact in previous["facts"] for article in fact["articles"] for c in article["claims"]
    ]
    pending = [
        f"the fact “{fact.statement[:60]}”"
        for fact in story.facts.filter(pk__in=fact_ids).exclude(status__in=PUBLISHABLE)
    ] + [
        f"the claim “{claim.statement[:60]}”"
        for claim in Claim.objects.filter(pk__in=claim_ids, fact__story=story).exclude(status__in=PUBLISHABLE)
    ]
    if pending:
        raise PublishError(
            "Published before and now back in review: "
            + "; ".join(pending)
            + ". Approve it (or retract it) first: it would silently drop out of the dossier."
        )


@transaction.atomic
def dossier_publish(*, story: Story, by, change_note: str = "") -> DossierRevision:
    """Freeze the story's reviewed facts into its next dossier revision.

    Approved facts and claims become published (each move recorded). Publishing again needs a
    change note; when a verdict changed, the note enters the public corrections log.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)  # one publication at a time
    # Nobody moves a fact or a claim of the story meanwhile (a verdict change sends a claim
    # back to review under the same lock): what is read below is what gets published.
    list(Fact.objects.select_for_update().filter(story=story).values_list("pk"))
    list(Claim.objects.select_for_update().filter(fact__story=story).values_list("pk"))
    latest = story.revisions.order_by("-number").first()
    previous = latest.snapshot if latest else None
    facts = list(_story_facts(story))
    _check_publishable(story, facts, previous, by)
    change_note = change_note.strip()
    if previous and not change_note:
        raise PublishError("Say what changed since the last revision: the change note is public.")
    now = timezone.now()
    number = latest.number + 1 if latest else 1
    snapshot = build_snapshot(
        story,
        facts=facts,
        number=number,
        previous=previous,
        change_note=change_note,
        published_at=now,
        published_by=by,
    )
    if previous and not snapshot["changes"]:
        raise PublishError(f"Nothing changed since revision {number - 1}: there is nothing to publish.")
    html = render_dossier(snapshot)
    canonical = json.dumps(snapshot, sort_keys=True, cls=DjangoJSONEncoder)
    try:
        with transaction.atomic():
            revision = DossierRevision.objects.create(
                story=story,
                number=number,
                snapshot=snapshot,
                html=html,
                etag=hashlib.sha256((canonical + html).encode()).hexdigest()[:32],
                change_note=change_note,
                is_correction=any(change["kind"] in CORRECTIONS for change in snapshot["changes"]),
                published_by=by,
                published_at=now,
            )
    except IntegrityError as exc:  # without row locks (SQLite), another publication came first
        raise PublishError(f"Revision {number} was published meanwhile: reload the story.") from exc
    _mark_published(facts, by, number)
    from claims.views_public import dossier_pages_forget

    transaction.on_commit(dossier_pages_forget)  # this process shows the new revision at once
    return revision


def _mark_published(facts: list[Fact], by, number: int) -> None:
    """Approved facts and claims now in the dossier are published, each move recorded."""
    comment = f"Published in dossier revision {number}."
    approved_facts = [fact for fact in facts if fact.status == S.APPROVED]
    approved_claims = [c for fact in facts for c in fact.claims.all() if c.status == S.APPROVED]
    items: list[Claim | Fact] = [*approved_facts, *approved_claims]
    for item in items:
        item.status = S.PUBLISHED
        review_save(item, by, ["status"])
    Transition.objects.bulk_create(
        [
            Transition(
                fact=f,
                action="publish",
                from_status=S.APPROVED,
                to_status=S.PUBLISHED,
                by=by,
                comment=comment,
            )
            for f in approved_facts
        ]
        + [
            Transition(
                claim=c,
                action="publish",
                from_status=S.APPROVED,
                to_status=S.PUBLISHED,
                by=by,
                comment=comment,
            )
            for c in approved_claims
        ]
    )
