"""Reading the ClaimReview markup (JSON-LD) of a public dossier page, and checking it."""

import json
import re


def claim_reviews(page: str) -> list[dict]:
    """The page's ClaimReview items: its one JSON-LD script, parsed."""
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def check_claim_review(review: dict, *, origin: str = "http://127.0.0.1:8000") -> None:
    """The required and recommended ClaimReview properties (schema.org, and Google's ClaimReview
    documentation): one review of one claim, by the publishing organization, at an absolute url
    of the serving host, with the claim's author typed, where it appeared (a url, or an explicit
    unknown), and dates at their precision."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"].startswith(f"{origin}/dossiers/")
    assert "#claim-" in review["url"]
    assert review["claimReviewed"].strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    assert review["author"]["url"] == f"{origin}/"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] in ("Person", "Organization")
    assert item["author"]["name"].strip()
    appearance = item["appearance"]
    assert appearance["@type"] == "NewsArticle"
    assert appearance["headline"]
    assert appearance.get("url", "").startswith("http") or "could not verify" in appearance["description"]
    assert item["firstAppearance"] == appearance
    for date in (item.get("datePublished"), appearance.get("datePublished")):
        assert date is None or re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", date)
