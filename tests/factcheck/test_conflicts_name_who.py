"""A refused stale save says who changed what since."""

import pytest

from articles.services.articles import article_update_details
from claims.reader.services import article_correct_body
from factcheck.versioning import EditConflict
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_stale_claim_edit_names_the_editor_and_the_fields(fact_checker):
    from claims.reader.services import claim_update

    claim = ClaimFactory(author=fact_checker, statement="Before.")
    claim_update(
        claim=claim,
        by=fact_checker,
        expected_version=claim.version,
        statement="After.",
        claimant=claim.claimant,
        claimant_type=claim.claimant_type,
        claim_date=claim.claim_date,
    )
    with pytest.raises(EditConflict) as refused:
        claim_update(
            claim=claim,
            by=fact_checker,
            expected_version=1,
            statement="Mine.",
            claimant=claim.claimant,
            claimant_type=claim.claimant_type,
            claim_date=claim.claim_date,
        )
    message = str(refused.value)
    assert message.startswith(f"{fact_checker} saved this claim at ")
    assert "(changed: statement)" in message


def test_a_stale_article_edit_names_who_corrected_its_body(editor, other_editor):
    article = ArticleFactory(title="Before")
    article_correct_body(
        article=article, body=article.body + " Corrected.", by=other_editor, note="typo", base_version=1
    )
    with pytest.raises(EditConflict) as refused:
        article_update_details(article=article, by=editor, expected_version=1, title="Mine")
    message = str(refused.value)
    assert message.startswith(f"{other_editor} saved this article at ")
    assert "(changed: its body)" in message


def test_a_stale_article_edit_says_its_details_changed(editor):
    article = ArticleFactory(title="Before")
    article_update_details(article=article, by=editor, expected_version=1, title="First")
    with pytest.raises(
        EditConflict, match=r"saved this article at .* \(changed: its details\) after you opened it"
    ):
        article_update_details(article=article, by=editor, expected_version=1, title="Second")
