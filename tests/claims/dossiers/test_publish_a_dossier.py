"""Publishing a story's dossier: what enters a revision, and who may publish it."""

import pytest
from django.core.exceptions import PermissionDenied

from claims.dossiers.publish import PublishError, dossier_publish
from claims.models import Claim, Transition
from claims.review.workflow import review_transition
from claims.roles import EDITOR
from tests.factories import ArticleFactory, approved_claim, approved_fact, ready_fact, user_in_role

pytestmark = pytest.mark.django_db


# -- what a revision holds ------------------------------------------------------------------


def test_publishing_freezes_the_reviewed_content_and_publishes_it(published, other_editor):
    revision, fact, claim = published
    assert revision.number == 1
    assert revision.published_by == other_editor
    [entry] = revision.snapshot["facts"]
    assert entry["statement"] == fact.statement
    assert entry["rating"] == "true"
    [article] = entry["articles"]
    [quoted] = article["claims"]
    assert quoted["quote"]["exact"] == "2 trillion parameters"
    assert quoted["position"] == {"start": claim.start, "end": claim.end}
    assert quoted["rating"] == "true"
    assert quoted["sources"][0]["stance"] == "supports"
    fact.refresh_from_db()
    claim.refresh_from_db()
    assert fact.status == claim.status == "published"
    moves = Transition.objects.filter(action="publish", by=other_editor)
    assert {(t.fact_id, t.claim_id) for t in moves} == {(fact.pk, None), (None, claim.pk)}


def test_only_approved_facts_and_claims_enter_the_dossier(story, fact_checker, editor, other_editor):
    approved = approved_claim(fact_checker, editor)
    in_review = approved_claim(fact_checker, editor, article=ArticleFactory())
    review_transition(item=in_review, action="reopen", by=editor)
    approved_fact(story, editor, other_editor, [approved, in_review])
    ready_fact(story, editor, statement="A draft fact, not reviewed yet.")

    revision = dossier_publish(story=story, by=other_editor)

    [fact] = revision.snapshot["facts"]
    claims = [c["id"] for a in fact["articles"] for c in a["claims"]]
    assert claims == [approved.pk]
    assert "A draft fact" not in revision.html


def test_a_story_without_approved_facts_cannot_be_published(story, editor, other_editor):
    ready_fact(story, editor)
    with pytest.raises(PublishError, match="No approved fact"):
        dossier_publish(story=story, by=other_editor)


def test_claims_keep_their_own_verdicts_inside_a_fact(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim], rating="mostly_true")
    revision = dossier_publish(story=story, by=other_editor)
    [fact] = revision.snapshot["facts"]
    assert fact["rating"] == "mostly_true"
    assert fact["articles"][0]["claims"][0]["rating"] == Claim.objects.get().verdict.rating == "true"


# -- who publishes --------------------------------------------------------------------------


def test_four_eyes_the_author_of_every_fact_cannot_publish(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    with pytest.raises(PermissionDenied, match="Four eyes"):
        dossier_publish(story=story, by=editor)
    assert not story.revisions.exists()


def test_a_fact_checker_cannot_publish(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    with pytest.raises(PermissionDenied, match="publishing permission"):
        dossier_publish(story=story, by=fact_checker)


def test_an_editor_who_wrote_one_of_the_facts_may_not_publish_it(story, fact_checker, editor, other_editor):
    """Four eyes hold for each fact and claim: writing one fact of many is enough to be refused
    (it was enough to be allowed before); an editor who only reviewed may publish."""
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    other = approved_claim(fact_checker, editor, article=ArticleFactory())
    approved_fact(story, other_editor, editor, [other], statement="Meta delayed Behemoth.")
    with pytest.raises(
        PermissionDenied,
        match=r"you wrote \(or gave the verdict of\): fact #\d+ “Behemoth has about 2 trillion",
    ):
        dossier_publish(story=story, by=editor)
    third = user_in_role("ed3", EDITOR)
    assert dossier_publish(story=story, by=third).number == 1
