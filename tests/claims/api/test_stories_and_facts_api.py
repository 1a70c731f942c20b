"""The API for stories, facts and match suggestions: the desk's rules, over JSON."""

import pytest
from rest_framework.test import APIClient

from claims.models import Fact
from claims.stories.services import fact_source_attach
from tests.factories import META_BLOG, ArticleFactory, approved_claim, approved_fact, ready_fact

pytestmark = pytest.mark.django_db


def _as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_desk_api_needs_a_desk_role(story, no_role):
    assert APIClient().get("/api/v1/stories/").status_code in (401, 403)
    assert _as(no_role).get("/api/v1/stories/").status_code == 403


def test_stories_are_created_by_editors(fact_checker, editor):
    assert _as(fact_checker).post("/api/v1/stories/", {"title": "B", "slug": "b"}).status_code == 403
    response = _as(editor).post("/api/v1/stories/", {"title": "Behemoth", "slug": "behemoth"})
    assert response.status_code == 201
    assert response.json()["lead_editor"] == "ed1"
    again = _as(editor).post("/api/v1/stories/", {"title": "Again", "slug": "behemoth"})
    assert again.status_code == 400
    assert again.json() == {"slug": ["Another story has this address."]}  # keyed by its field
    assert _as(fact_checker).get("/api/v1/stories/behemoth/").json()["title"] == "Behemoth"


def test_a_fact_is_composed_reviewed_and_published_through_the_api(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    other = approved_claim(
        fact_checker,
        editor,
        article=ArticleFactory(language="fr", body="Behemoth compte 2 000 milliards de paramètres."),
        quote="2 000 milliards de paramètres",
    )
    as_editor, as_other_editor = _as(editor), _as(other_editor)

    created = as_editor.post(
        "/api/v1/facts/", {"story": story.pk, "statement": "About 2T parameters.", "claim": claim.pk}
    )
    assert created.status_code == 201
    fact_id = created.json()["id"]
    assert created.json()["claims"] == [claim.pk]

    matches = as_editor.get(f"/api/v1/claims/{claim.pk}/matches/").json()
    assert matches[0]["claim"] == other.pk
    assert matches[0]["reasons"][0] == "same figure: 2 trillion parameters"

    attached = as_editor.post(f"/api/v1/facts/{fact_id}/claims/", {"claim": other.pk}).json()["claims"]
    assert sorted(attached) == sorted([claim.pk, other.pk])
    version = Fact.objects.get(pk=fact_id).version
    update = {
        "statement": "Behemoth has nearly 2 trillion parameters.",
        "happened_on": "2025-04-05",
        "rating": "true",
        "rationale": "Meta's announcement.",
        "reconciliation": "Both articles give the total.",
        "version": version,
    }
    assert as_editor.patch(f"/api/v1/facts/{fact_id}/", update).status_code == 200
    stale = as_editor.patch(f"/api/v1/facts/{fact_id}/", {**update, "statement": "Old page."})
    assert stale.status_code == 409
    fact_source_attach(
        fact=Fact.objects.get(pk=fact_id),
        url=META_BLOG,
        title="The Llama 4 herd",
        stance="supports",
        by=editor,
    )
    assert (
        as_editor.post(f"/api/v1/facts/{fact_id}/review/", {"action": "submit"}).json()["status"]
        == "in_review"
    )
    four_eyes = as_editor.post(f"/api/v1/facts/{fact_id}/review/", {"action": "approve"})
    assert four_eyes.status_code == 403
    assert (
        as_other_editor.post(f"/api/v1/facts/{fact_id}/review/", {"action": "approve"}).json()["status"]
        == "approved"
    )

    assert _as(fact_checker).post("/api/v1/stories/behemoth/publish/").status_code == 403
    assert as_editor.post("/api/v1/stories/behemoth/publish/").status_code == 403  # wrote every fact
    published = as_other_editor.post("/api/v1/stories/behemoth/publish/")
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assert published.json()["url"] == "/dossiers/behemoth/v1/"
    again = as_other_editor.post("/api/v1/stories/behemoth/publish/", {"change_note": "Again"})
    assert again.status_code == 400
    assert "Nothing changed since revision 1" in again.json()["detail"][0]


def test_a_claim_is_detached_through_the_api(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    fact = ready_fact(story, editor, [claim])
    response = _as(editor).delete(f"/api/v1/facts/{fact.pk}/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response.json()["claims"] == []
    assert _as(other_editor).delete(f"/api/v1/facts/{fact.pk}/claims/{claim.pk}/").status_code == 403


def test_a_partial_update_keeps_the_fields_it_does_not_name(story, editor):
    fact = ready_fact(story, editor)
    response = _as(editor).patch(
        f"/api/v1/facts/{fact.pk}/", {"rating": "mostly_true", "version": fact.version}
    )
    assert response.status_code == 200
    fact.refresh_from_db()
    assert (fact.rating, str(fact.happened_on), fact.rationale) == (
        "mostly_true",
        "2025-04-05",
        "Meta's announcement gives the figure.",
    )


def test_a_fact_is_not_published_alone(story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, editor)
    fact = approved_fact(story, editor, other_editor, [claim])
    response = _as(other_editor).post(f"/api/v1/facts/{fact.pk}/review/", {"action": "publish"})
    assert response.status_code == 400
    assert "published with its story's dossier" in response.json()["detail"][0]
