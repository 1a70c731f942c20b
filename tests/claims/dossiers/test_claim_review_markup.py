"""Each published claim of a dossier carries its ClaimReview (schema.org JSON-LD): what the article
claimed, who said it, where and when, and the desk's rating of it. Facts, the desk's own
findings, carry none."""

import pytest

from claims.dossiers.publish import dossier_publish
from claims.models import Claim, Verdict
from tests.claims.dossiers.helpers import check_claim_review, claim_reviews
from tests.factories import ArticleFactory, approved_claim, approved_fact

pytestmark = pytest.mark.django_db


def test_each_claim_carries_valid_claim_review_markup(published, client):
    _, fact, claim = published
    [review] = claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    check_claim_review(review)
    assert review["claimReviewed"] == claim.statement
    assert review["url"] == f"http://127.0.0.1:8000/dossiers/behemoth/v1/#claim-{claim.pk}"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["appearance"]["headline"] == claim.article.title
    assert item["author"] == {"@type": "Organization", "name": claim.claimant}
    assert fact.statement not in [
        r["claimReviewed"] for r in claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    ]


def test_a_non_scale_verdict_is_marked_up_by_its_name(story, fact_checker, editor, other_editor, client):
    claim = approved_claim(fact_checker, editor)
    Verdict.objects.filter(claim=claim).update(rating="misattributed")
    approved_fact(story, editor, other_editor, [claim])
    dossier_publish(story=story, by=other_editor)
    [review] = claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    check_claim_review(review)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misattributed"}


def test_a_person_said_it_on_a_day_of_a_month_only_article(story, fact_checker, editor, other_editor, client):
    """The claimant is typed; an article known to the month stays a month (never an invented day)."""
    import datetime

    from articles.models import Outlet

    article = ArticleFactory(
        url="https://www.example.it/behemoth",
        outlet=Outlet.objects.create(name="Esempio", slug="esempio", domain="example.it"),
        published_on=datetime.date(2025, 5, 1),
        published_precision="month",
    )
    claim = approved_claim(fact_checker, editor, article=article)
    Claim.objects.filter(pk=claim.pk).update(claimant="Mark Zuckerberg", claimant_type="person")
    approved_fact(story, editor, other_editor, [claim])
    dossier_publish(story=story, by=other_editor)
    [review] = claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    check_claim_review(review)
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Mark Zuckerberg"}
    assert item["datePublished"] == "2025-05"
    assert item["appearance"]["datePublished"] == "2025-05"
    assert item["appearance"]["url"] == "https://www.example.it/behemoth"
    assert item["appearance"]["publisher"] == {
        "@type": "Organization",
        "name": "Esempio",
        "url": "https://example.it/",
    }


def test_absolute_urls_come_from_where_the_page_is_served(published, client, settings):
    """A revision never freezes a host: the same revision, served by a desk at another address."""
    settings.PUBLIC_URL = "https://factcheck.example.org"
    from claims.public.pages import dossier_pages_forget

    dossier_pages_forget()
    _, _, claim = published
    [review] = claim_reviews(client.get("/dossiers/behemoth/v1/").content.decode())
    check_claim_review(review, origin="https://factcheck.example.org")
    assert review["url"] == f"https://factcheck.example.org/dossiers/behemoth/v1/#claim-{claim.pk}"
    dossier_pages_forget()
