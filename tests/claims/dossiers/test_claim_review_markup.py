"""Each fact of a published dossier carries its ClaimReview markup (schema.org JSON-LD)."""

import pytest

from claims.dossiers.publish import dossier_publish
from tests.claims.dossiers.helpers import check_claim_review, claim_reviews
from tests.factories import approved_claim, approved_fact

pytestmark = pytest.mark.django_db


def test_each_fact_carries_valid_claim_review_markup(published, client):
    _, fact, claim = published
    [review] = claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    check_claim_review(review)
    assert review["claimReviewed"] == fact.statement
    assert review["url"] == f"http://127.0.0.1:8000/dossiers/behemoth/v1/#fact-{fact.pk}"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["appearance"][0]["headline"] == claim.article.title


def test_a_non_scale_verdict_is_marked_up_by_its_name(story, fact_checker, editor, other_editor, client):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim], rating="misattributed")
    dossier_publish(story=story, by=other_editor)
    [review] = claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    check_claim_review(review)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misattributed"}
