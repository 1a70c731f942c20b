"""The shipped Behemoth dossier's ClaimReview markup, read the way search engines read it (extruct),
checked against the required and recommended properties of Google's ClaimReview documentation."""

import re

import extruct
import pytest

from claims.models import Claim, ReviewStatus
from claims.public.pages import dossier_pages_forget
from claims.ratings import SCALE

pytestmark = pytest.mark.django_db

HOST = "https://factcheck.example.org"
PRECISE_DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


@pytest.fixture
def markup(behemoth_dossier, client, settings) -> list[dict]:
    settings.PUBLIC_URL = HOST  # where this desk serves its pages: nothing frozen in the revision
    dossier_pages_forget()
    html = client.get("/dossiers/llama-4-behemoth/").content.decode()
    dossier_pages_forget()
    data = extruct.extract(html, base_url=f"{HOST}/dossiers/llama-4-behemoth/", syntaxes=["json-ld"])
    items = [item for block in data["json-ld"] for item in (block if isinstance(block, list) else [block])]
    assert items, "no JSON-LD found"
    return items


def test_one_claim_review_per_published_claim_with_its_own_verdict(markup):
    reviews = [item for item in markup if item["@type"] == "ClaimReview"]
    published = Claim.objects.filter(fact__story__slug="llama-4-behemoth").exclude(
        status=ReviewStatus.RETRACTED
    )
    verdicts = {claim.pk: SCALE[claim.verdict.rating].label for claim in published.select_related("verdict")}
    found = {int(r["url"].rsplit("#claim-", 1)[1]): r["reviewRating"]["alternateName"] for r in reviews}
    assert found == verdicts
    assert {"Mostly false", "Misleading", "Misattributed", "Outdated"} <= set(found.values())


def test_every_review_has_googles_required_and_recommended_properties(markup):
    for review in (item for item in markup if item["@type"] == "ClaimReview"):
        # Required: the claim reviewed, the rating (with its name), the review's url.
        assert review["claimReviewed"].strip()
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"].strip()
        if "ratingValue" in rating:  # on the scale: numeric, within its bounds
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["url"].startswith(f"{HOST}/dossiers/llama-4-behemoth/v")
        # Recommended: the reviewing organization, the date, the claim with its author and appearance.
        assert review["author"] == {
            "@type": "Organization",
            "name": review["author"]["name"],
            "url": f"{HOST}/",
        }
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        assert claim["author"]["@type"] in ("Person", "Organization")
        assert claim["author"]["name"].strip()
        assert claim["author"]["name"] != "the article"
        appearance = claim["appearance"]
        assert appearance["headline"]
        # Every appearance has its url, or says plainly that it is unknown.
        assert (
            appearance.get("url", "").startswith("https://")
            or "could not verify" in appearance["description"]
        )
        for date in (claim.get("datePublished"), appearance.get("datePublished")):
            assert date is None or PRECISE_DATE.fullmatch(date)


def test_dates_keep_their_precision_and_translations_name_their_original(markup):
    appearances = {
        item["itemReviewed"]["appearance"]["url"]: item["itemReviewed"]["appearance"]
        for item in markup
        if item["@type"] == "ClaimReview"
    }
    silenzi = next(a for url, a in appearances.items() if "silenziefalsita.it" in url)
    assert silenzi["datePublished"] == "2025-05"  # a month, never an invented day
    assert silenzi["publisher"] == {
        "@type": "Organization",
        "name": "silenziefalsita.it",
        "url": "https://silenziefalsita.it/",
    }
    forge = appearances["https://theforgebulletin.com/?p=96280"]
    assert forge["isBasedOn"]["publisher"]["name"] == "TechCrunch"
    assert forge["isBasedOn"]["url"].startswith("https://techcrunch.com/2025/07/14/")
