"""Reading the ClaimReview markup (JSON-LD) of a public dossier page, and checking it."""

import json
import re


def claim_reviews(page: str) -> list[dict]:
    """The page's ClaimReview items: its one JSON-LD script, parsed."""
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def check_claim_review(review: dict) -> None:
    """The required and recommended ClaimReview fields (schema.org, and search engines' docs)."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"].startswith("http")
    assert "#fact-" in review["url"]
    assert review["claimReviewed"].strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]
    assert all(a["@type"] and a["headline"] for a in item["appearance"])
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["author"]
    assert all(author["name"] for author in item["author"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", item["datePublished"])
