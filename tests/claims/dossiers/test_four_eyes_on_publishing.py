"""Publishing a dossier never publishes a claim or a fact, new or with a corrected verdict,
that the publisher wrote (nor a claim whose verdict they wrote): in the desk, the API and the
admin alike, and the refusal names what they wrote."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, DossierRevision
from claims.review.workflow import review_transition
from tests.factories import approved_claim, approved_fact, corrected_fact, ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_claim_in_a_story(story, editor, other_editor):
    """The editor wrote a claim and its verdict; another editor approved it; the story's one
    fact is someone else's. (The way four eyes was sidestepped: publish the story.)"""
    claim = approved_claim(editor, other_editor)
    approved_fact(story, other_editor, editor, [claim])
    return claim


def test_the_api_refuses_to_publish_a_claim_by_the_publisher(story, editor, own_claim_in_a_story):
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(f"/api/v1/stories/{story.slug}/publish/", {"change_note": ""}, format="json")
    assert response.status_code == 403
    assert (
        f"you wrote (or gave the verdict of): claim #{own_claim_in_a_story.pk}" in response.json()["detail"]
    )
    assert not DossierRevision.objects.exists()
    assert Claim.objects.get(pk=own_claim_in_a_story.pk).status == "approved"


def test_the_desk_refuses_it_too_and_says_why(client, story, editor, own_claim_in_a_story):
    client.force_login(editor)
    response = client.post(f"/stories/{story.slug}/publish/", {"change_note": ""}, follow=True)
    page = response.content.decode()
    assert f"you wrote (or gave the verdict of): claim #{own_claim_in_a_story.pk}" in page
    assert not DossierRevision.objects.exists()


def test_someone_else_publishes_it(story, own_claim_in_a_story):
    from claims.roles import EDITOR
    from tests.factories import user_in_role

    client = APIClient()
    client.force_authenticate(user_in_role("ed3", EDITOR))
    response = client.post(f"/api/v1/stories/{story.slug}/publish/", {"change_note": ""}, format="json")
    assert response.status_code == 201, response.json()
    revision = DossierRevision.objects.get()
    assert revision.published_by.username == "ed3"
    assert Claim.objects.get(pk=own_claim_in_a_story.pk).status == "published"


def test_a_corrected_verdict_is_not_published_by_its_author(story, fact_checker, editor, other_editor):
    """A published fact whose verdict was corrected and approved again is published anew: not
    by the editor who wrote the fact."""
    from claims.dossiers.publish import dossier_publish

    claim = approved_claim(fact_checker, editor)
    fact = approved_fact(story, other_editor, editor, [claim])
    dossier_publish(story=story, by=editor)
    corrected_fact(fact, other_editor, editor, rating="mostly_true")
    client = APIClient()
    client.force_authenticate(other_editor)
    response = client.post(
        f"/api/v1/stories/{story.slug}/publish/", {"change_note": "Verdict corrected."}, format="json"
    )
    assert response.status_code == 403
    assert f"you wrote (or gave the verdict of): fact #{fact.pk}" in response.json()["detail"]
    assert dossier_publish(story=story, by=editor, change_note="Verdict corrected.").number == 2


def test_the_admin_refuses_the_author_too(client, editor, other_editor):
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    claim = ready_claim(editor)
    review_transition(item=claim, action="submit", by=editor)
    review_transition(item=claim, action="approve", by=other_editor)
    client.force_login(editor)
    page = client.post(
        "/admin/claims/claim/", {"action": "publish", "_selected_action": [claim.pk]}, follow=True
    ).content.decode()
    assert "Four eyes: you wrote this claim or its verdict" in page
    assert Claim.objects.get().status == "approved"
