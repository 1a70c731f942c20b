"""The claim and fact pages: a checklist next to Submit (the rules the refusal uses), review
after the evidence, and a comment with every review decision."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Transition
from claims.review.workflow import missing_for_review, review_transition, submit_checklist
from tests.factories import ClaimFactory, FactFactory, ready_claim

pytestmark = pytest.mark.django_db


def test_the_checklist_shows_what_is_missing_and_submit_says_so_before_it_is_pressed(client, fact_checker):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Before submitting" in page
    assert "To submit, add a verdict with its rationale, at least one source." in page
    assert f'disabled aria-describedby="checklist-missing-{claim.pk}">Submit for review</button>' in page


def test_a_ready_claim_shows_every_item_ticked_and_submit_enabled(client, fact_checker):
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Before submitting" in page
    assert "check-missing" not in page
    assert "To submit, add" not in page
    assert '<button type="submit" class="btn btn-primary">Submit for review</button>' in page


def test_the_refusal_uses_the_checklist_rules(fact_checker, editor, story):
    claim = ClaimFactory(author=fact_checker)
    checklist = submit_checklist(claim)
    assert [check.done for check in checklist] == [True, False, False]
    assert missing_for_review(claim) == [check.missing for check in checklist if not check.done]
    with pytest.raises(ValidationError, match="add a verdict with its rationale and at least one source"):
        review_transition(item=claim, action="submit", by=fact_checker)
    fact = FactFactory(story=story, author=editor, statement="Something.")
    assert [check.missing for check in submit_checklist(fact) if not check.done] == [
        "a verdict with its rationale",
        "at least one claim",
        "at least one source",
    ]


def test_the_review_comes_after_the_verdict_and_sources(client, fact_checker):
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert page.index('id="verdict-h"') < page.index("Add a source") < page.index(f'id="review-h-{claim.pk}"')


def test_approve_takes_a_comment(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    client.force_login(editor)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Comment (approve, optional)" in page
    assert "Why (request changes)" in page
    claim.refresh_from_db()
    response = client.post(
        f"/claims/{claim.pk}/move/",
        {"action": "approve", "version": claim.version, "comment": "Checked against the blog post."},
        follow=True,
    )
    assert Transition.objects.get(action="approve").comment == "Checked against the blog post."
    page = response.content.decode()
    assert "The claim is approved." in page
    assert "Checked against the blog post." in page


def test_the_fact_page_has_the_checklist_and_a_sentence_per_state(client, editor, story):
    fact = FactFactory(story=story, author=editor, statement="Something.")
    client.force_login(editor)
    page = client.get(f"/facts/{fact.pk}/").content.decode()
    assert "To submit, add a verdict with its rationale, at least one claim, at least one source." in page
