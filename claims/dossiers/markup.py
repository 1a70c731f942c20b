"""schema.org ClaimReview markup of a dossier snapshot: one ClaimReview per published claim.

A claim is what someone (a person or an organization) said in an article; the desk reviews it
and rates it with the claim's own verdict. Facts are the desk's own reconciled findings, not
claims made by others: they get no ClaimReview (README, "Stories, facts and dossiers").

Absolute urls are not frozen into a revision: the markup holds ORIGIN, which the public pages
replace with PUBLIC_URL when they serve the page (claims/public/pages.py).
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from claims.models import ClaimantType, ReviewStatus
from claims.ratings import review_rating

ORIGIN = "@@public-origin@@"
UNKNOWN_ORIGIN = "The desk could not verify where this article was first published."


def absolute(path: str) -> str:
    return f"{ORIGIN}{path}"


def _publisher(name: str, url: str = "") -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        publisher["url"] = url
    return publisher


def _appearance(article: dict[str, Any]) -> dict[str, Any]:
    """Where a claim appeared: the article, with its url, outlet and date at their precision,
    or an explicit word that its origin is unknown."""
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article["title"][:110]}
    if article["url"]:
        appearance["url"] = article["url"]
    else:
        appearance["description"] = UNKNOWN_ORIGIN
    if article["language"] and article["language"] != "und":
        appearance["inLanguage"] = article["language"]
    if article["published_on"]:
        appearance["datePublished"] = article["published_on"]
    if article["outlet"]:
        appearance["publisher"] = _publisher(article["outlet"], article.get("outlet_url", ""))
    if article.get("byline"):
        appearance["author"] = {"@type": "Person", "name": article["byline"]}
    if article.get("original_url") or article.get("original_outlet"):
        original: dict[str, Any] = {"@type": "NewsArticle"}
        if article.get("original_url"):
            original["url"] = article["original_url"]
        if article.get("original_outlet"):
            original["publisher"] = _publisher(article["original_outlet"])
        appearance["isBasedOn"] = original  # the article it copies or translates
    return appearance


def _claimant(claim: dict[str, Any]) -> dict[str, Any]:
    person = claim.get("claimant_type") == ClaimantType.PERSON
    return {"@type": "Person" if person else "Organization", "name": claim["claimant"]}


def claim_reviews(snapshot: dict) -> list[dict[str, Any]]:
    """One ClaimReview per rated claim of the revision (a retracted claim's, or the claims' of a
    retracted fact, are withdrawn)."""
    slug, number = snapshot["story"]["slug"], snapshot["revision"]
    page = absolute(reverse("dossiers:revision", args=[slug, number]))
    organization = _publisher(settings.PUBLISHER_NAME, absolute("/"))
    reviews = []
    # A retracted fact withdraws the reviews of its claims with it.
    for fact in (f for f in snapshot["facts"] if f["status"] != ReviewStatus.RETRACTED):
        for article in fact["articles"]:
            appearance = _appearance(article)
            for claim in article["claims"]:
                if claim["status"] == ReviewStatus.RETRACTED or not claim["rating"]:
                    continue
                item: dict[str, Any] = {
                    "@type": "Claim",
                    "author": _claimant(claim),
                    "appearance": appearance,
                    "firstAppearance": appearance,
                }
                said_on = claim.get("claim_date") or article["published_on"]
                if said_on:
                    item["datePublished"] = said_on
                reviews.append(
                    {
                        "@context": "https://schema.org",
                        "@type": "ClaimReview",
                        "url": f"{page}#claim-{claim['id']}",
                        "datePublished": snapshot["published_at"][:10],
                        "author": organization,
                        "claimReviewed": claim["statement"],
                        "reviewRating": review_rating(claim["rating"]),
                        "itemReviewed": item,
                    }
                )
    return reviews
