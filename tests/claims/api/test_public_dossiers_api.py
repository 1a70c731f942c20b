"""The public dossier API: published revisions, read-only, for anyone, throttled."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_published_dossiers_are_public_and_read_only(published):
    revision = published.revision
    anonymous = APIClient()
    revision.story.title = "A new title, not published yet"
    revision.story.save()
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
    assert anonymous.get("/api/v1/dossiers/behemoth/revisions/1/").json() == revision.snapshot
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
