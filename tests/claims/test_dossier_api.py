"""The API for stories, facts, match suggestions and the public dossiers."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.dossiers.publish import dossier_publish
from claims.models import Fact
from tests.factories import ArticleFactory, approved_claim, approved_fact, ready_fact

pytestmark = pytest.mark.django_db


def _as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_desk_api_needs_a_desk_role(story, django_user_model):
    assert APIClient().get("/api/v1/stories/").status_code in (401, 403)
    assert _as(django_user_model.objects.create_user("nobody")).get("/api/v1/stories/").status_code == 403


def test_stories_are_created_by_editors(newsroom):
    assert _as(newsroom["checker"]).post("/api/v1/stories/", {"title": "B", "slug": "b"}).status_code == 403
    response = _as(newsroom["editor"]).post("/api/v1/stories/", {"title": "Behemoth", "slug": "behemoth"})
    assert response.status_code == 201
    assert response.json()["lead_editor"] == "ed1"
    again = _as(newsroom["editor"]).post("/api/v1/stories/", {"title": "Again", "slug": "behemoth"})
    assert again.status_code == 400
    assert again.json() == {"slug": ["Another story has this address."]}  # keyed by its field
    assert _as(newsroom["checker"]).get("/api/v1/stories/behemoth/").json()["title"] == "Behemoth"


def test_a_fact_is_composed_reviewed_and_published_through_the_api(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    other = approved_claim(
        newsroom["checker"],
        newsroom["editor"],
        article=ArticleFactory(language="fr", body="Behemoth compte 2 000 milliards de paramètres."),
        quote="2 000 milliards de paramètres",
    )
    editor, editor2 = _as(newsroom["editor"]), _as(newsroom["editor2"])

    created = editor.post(
        "/api/v1/facts/", {"story": story.pk, "statement": "About 2T parameters.", "claim": claim.pk}
    )
    assert created.status_code == 201
    fact_id = created.json()["id"]
    assert created.json()["claims"] == [claim.pk]

    matches = editor.get(f"/api/v1/claims/{claim.pk}/matches/").json()
    assert matches[0]["claim"] == other.pk
    assert matches[0]["reasons"][0] == "same figure: 2 trillion parameters"

    attached = editor.post(f"/api/v1/facts/{fact_id}/claims/", {"claim": other.pk}).json()["claims"]
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
    assert editor.patch(f"/api/v1/facts/{fact_id}/", update).status_code == 200
    stale = editor.patch(f"/api/v1/facts/{fact_id}/", {**update, "statement": "Old page."})
    assert stale.status_code == 409
    from claims.stories.services import fact_source_attach

    fact_source_attach(
        fact=Fact.objects.get(pk=fact_id),
        url="https://ai.meta.com/blog/llama-4-multimodal-intelligence/",
        title="The Llama 4 herd",
        stance="supports",
        by=newsroom["editor"],
    )
    assert (
        editor.post(f"/api/v1/facts/{fact_id}/review/", {"action": "submit"}).json()["status"] == "in_review"
    )
    four_eyes = editor.post(f"/api/v1/facts/{fact_id}/review/", {"action": "approve"})
    assert four_eyes.status_code == 403
    assert (
        editor2.post(f"/api/v1/facts/{fact_id}/review/", {"action": "approve"}).json()["status"] == "approved"
    )

    assert _as(newsroom["checker"]).post("/api/v1/stories/behemoth/publish/").status_code == 403
    assert editor.post("/api/v1/stories/behemoth/publish/").status_code == 403  # wrote every fact
    published = editor2.post("/api/v1/stories/behemoth/publish/")
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assert published.json()["url"] == "/dossiers/behemoth/v1/"
    again = editor2.post("/api/v1/stories/behemoth/publish/", {"change_note": "Again"})
    assert again.status_code == 400
    assert "Nothing changed since revision 1" in again.json()["detail"][0]


def test_a_claim_is_detached_through_the_api(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    fact = ready_fact(story, newsroom["editor"], [claim])
    response = _as(newsroom["editor"]).delete(f"/api/v1/facts/{fact.pk}/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response.json()["claims"] == []
    assert _as(newsroom["editor2"]).delete(f"/api/v1/facts/{fact.pk}/claims/{claim.pk}/").status_code == 403


@pytest.fixture
def published(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    return dossier_publish(story=story, by=newsroom["editor2"])


def test_published_dossiers_are_public_and_read_only(published):
    anonymous = APIClient()
    published.story.title = "A new title, not published yet"
    published.story.save()
    listing = anonymous.get("/api/v1/dossiers/").json()
    assert listing["results"] == [
        {
            "slug": "behemoth",
            "title": "Llama 4 Behemoth",  # as published
            "summary": "Meta's largest model.",
            "latest_revision": 1,
            "published_at": listing["results"][0]["published_at"],
        }
    ]
    revisions = anonymous.get("/api/v1/dossiers/behemoth/").json()
    assert revisions == [
        {
            "number": 1,
            "published_at": revisions[0]["published_at"],
            "change_note": "",
            "is_correction": False,
            "url": "/dossiers/behemoth/v1/",
        }
    ]
    assert anonymous.get("/api/v1/dossiers/behemoth/revisions/1/").json() == published.snapshot
    assert anonymous.get("/api/v1/dossiers/behemoth/revisions/2/").status_code == 404
    assert anonymous.get("/api/v1/dossiers/nothing/").status_code == 404
    assert anonymous.post("/api/v1/dossiers/behemoth/").status_code == 405


def test_the_public_api_is_throttled(published, monkeypatch):
    from claims.api.dossiers import PublicDossierThrottle

    cache.clear()
    monkeypatch.setattr(PublicDossierThrottle, "rate", "2/minute", raising=False)
    anonymous = APIClient()
    assert anonymous.get("/api/v1/dossiers/").status_code == 200
    assert anonymous.get("/api/v1/dossiers/behemoth/").status_code == 200
    assert anonymous.get("/api/v1/dossiers/behemoth/").status_code == 429
    cache.clear()


def test_a_partial_update_keeps_the_fields_it_does_not_name(newsroom, story):
    fact = ready_fact(story, newsroom["editor"])
    response = _as(newsroom["editor"]).patch(
        f"/api/v1/facts/{fact.pk}/", {"rating": "mostly_true", "version": fact.version}
    )
    assert response.status_code == 200
    fact.refresh_from_db()
    assert (fact.rating, str(fact.happened_on), fact.rationale) == (
        "mostly_true",
        "2025-04-05",
        "Meta's announcement gives the figure.",
    )


def test_a_fact_is_not_published_alone(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    fact = approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    response = _as(newsroom["editor2"]).post(f"/api/v1/facts/{fact.pk}/review/", {"action": "publish"})
    assert response.status_code == 400
    assert "published with its story's dossier" in response.json()["detail"][0]
