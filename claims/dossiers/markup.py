"""schema.org ClaimReview markup of a dossier snapshot."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from claims.models import ReviewStatus
from claims.ratings import review_rating

S = ReviewStatus


def public_url(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def _appearance(article: dict[str, Any]) -> dict[str, Any]:
    """Where a claim appeared: the article, as schema.org's NewsArticle."""
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article["title"][:110]}
    if article["url"]:
        appearance["url"] = article["url"]
    if article["language"] and article["language"] != "und":
        appearance["inLanguage"] = article["language"]
    if article["published_on"]:
        appearance["datePublished"] = article["published_on"]
    if article["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return appearance


def claim_reviews(snapshot: dict) -> list[dict[str, Any]]:
    """schema.org ClaimReview for each fact of the revision (retracted ones are withdrawn)."""
    slug, number = snapshot["story"]["slug"], snapshot["revision"]
    page = public_url(reverse("dossiers:revision", args=[slug, number]))
    organization = {"@type": "Organization", "name": settings.PUBLISHER_NAME, "url": public_url("/")}
    reviews = []
    for fact in snapshot["facts"]:
        if fact["status"] == S.RETRACTED or not fact["rating"]:
            continue
        standing = [
            {**article, "claims": [c for c in article["claims"] if c["status"] != S.RETRACTED]}
            for article in fact["articles"]
        ]
        appearances = [_appearance(article) for article in standing if article["claims"]]
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
