"""Publishing a dossier again: it needs a change and a note; what changed is listed, and what
corrects a verdict readers were told enters the public corrections log."""

import pytest

from claims.dossiers.publish import PublishError, dossier_publish
from claims.review.workflow import review_transition
from claims.stories.services import fact_attach_claim, fact_source_attach, fact_update
from tests.factories import ArticleFactory, approved_claim, approved_fact, corrected_fact

pytestmark = pytest.mark.django_db


def test_publishing_again_needs_a_change_note_and_a_change(published, other_editor):
    _, fact, _ = published
    with pytest.raises(PublishError, match="change note"):
        dossier_publish(story=fact.story, by=other_editor)
    with pytest.raises(PublishError, match="Nothing changed"):
        dossier_publish(story=fact.story, by=other_editor, change_note="Again.")
    assert fact.story.revisions.count() == 1


def test_a_fact_back_in_review_blocks_publishing_rather_than_dropping_out(
    published, fact_checker, editor, other_editor
):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=other_editor, comment="Check the figure.")
    other = approved_claim(fact_checker, editor, article=ArticleFactory())
    approved_fact(fact.story, other_editor, editor, [other], statement="Meta delayed Behemoth.")
    with pytest.raises(PublishError, match="back in review"):
        dossier_publish(story=fact.story, by=editor, change_note="A new fact.")


def test_a_corrected_verdict_enters_the_public_corrections_log(published, editor, other_editor, client):
    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")

    revision = dossier_publish(story=fact.story, by=other_editor, change_note="Meta says nearly 2T.")

    assert revision.number == 2
    assert revision.is_correction
    [correction] = revision.snapshot["corrections"]
    assert correction["note"] == "Meta says nearly 2T."
    assert correction["revision"] == 2
    assert correction["changes"][0]["detail"] == "Verdict: True → Mostly true."
    page = client.get("/dossiers/behemoth/").content.decode()
    assert "Meta says nearly 2T." in page
    assert "Verdict: True → Mostly true." in page
    old = client.get("/dossiers/behemoth/v1/").content.decode()
    assert "No verdict in this dossier has been corrected." in old
    assert "Read the latest revision (2)" in old


def test_a_new_claim_is_a_change_but_not_a_correction(published, fact_checker, editor, other_editor):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=other_editor, comment="Add the French report.")
    fact.refresh_from_db()
    other = approved_claim(fact_checker, editor, article=ArticleFactory(language="fr"))
    fact_attach_claim(fact=fact, claim=other, by=editor)
    review_transition(item=fact, action="submit", by=editor)
    review_transition(item=fact, action="approve", by=other_editor)

    revision = dossier_publish(story=fact.story, by=other_editor, change_note="The French report.")

    assert not revision.is_correction
    assert revision.snapshot["corrections"] == []
    assert [c["kind"] for c in revision.snapshot["changes"]] == ["claim"]


def test_every_kind_of_change_is_published_and_listed(published, editor, other_editor):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=other_editor, comment="Another source.")
    fact.refresh_from_db()
    fact_source_attach(fact=fact, url="https://example.org/wsj", title="WSJ", stance="context", by=editor)
    fact.refresh_from_db()
    fact_update(
        fact=fact,
        by=editor,
        statement=fact.statement,
        happened_on=None,
        rating=fact.rating,
        rationale=fact.rationale,
        reconciliation=fact.reconciliation,
    )
    review_transition(item=fact, action="submit", by=editor)
    review_transition(item=fact, action="approve", by=other_editor)
    revision = dossier_publish(story=fact.story, by=other_editor, change_note="A source; no date.")
    details = [change["detail"] for change in revision.snapshot["changes"]]
    assert details == ["Date on the timeline: 2025-04-05 → none.", "Source added: WSJ (Context)."]
    assert not revision.is_correction


def test_a_retraction_is_a_public_correction(published, other_editor):
    _, fact, _ = published
    review_transition(item=fact, action="retract", by=other_editor, comment="Wrong model.")
    revision = dossier_publish(story=fact.story, by=other_editor, change_note="Retracted a fact.")
    assert revision.is_correction
    assert revision.snapshot["corrections"][0]["changes"][0]["detail"] == "Retracted: Wrong model."
