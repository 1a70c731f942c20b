"""The review workflow over the API: the same service, the same rules."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from claims.roles import FACT_CHECKER
from tests.factories import META_BLOG, ClaimFactory, ready_claim, user_in_role

pytestmark = pytest.mark.django_db


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_whole_round_over_the_api(fact_checker, editor):
    claim = ClaimFactory(author=fact_checker)
    api = _as(fact_checker)
    verdict = api.put(
        f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "rationale": "Meta says so."}, format="json"
    )
    assert verdict.status_code == 200
    assert verdict.json()["review_rating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    source = api.post(
        f"/api/v1/claims/{claim.pk}/sources/",
        {"url": META_BLOG, "title": "The Llama 4 herd", "stance": "supports"},
        format="json",
    )
    assert source.status_code == 201
    assert api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json").json()["status"] == "in_review"
    assert (
        _as(editor).post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json").json()["status"]
        == "approved"
    )
    steps = api.get(f"/api/v1/claims/{claim.pk}/transitions/").json()
    assert [(s["from_status"], s["to_status"], s["by"]) for s in steps] == [
        ("draft", "in_review", "fc1"),
        ("in_review", "approved", "ed1"),
    ]


def test_four_eyes_over_the_api_for_a_superuser(superuser):
    claim = ready_claim(superuser)
    api = _as(superuser)
    api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    response = api.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]
    assert Claim.objects.get().status == "in_review"


def test_fact_checker_cannot_approve_and_gets_403(fact_checker):
    other = user_in_role("fc2", FACT_CHECKER)
    claim = ready_claim(other)
    _as(other).post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    response = _as(fact_checker).post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert response.status_code == 403


def test_request_changes_needs_a_comment_400(fact_checker, editor):
    claim = ready_claim(fact_checker)
    _as(fact_checker).post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    response = _as(editor).post(f"/api/v1/claims/{claim.pk}/request_changes/", {"comment": ""}, format="json")
    assert response.status_code == 400
    assert "needs a comment" in str(response.json())


def test_a_stale_verdict_edit_is_refused_with_409(fact_checker):
    claim = ClaimFactory(author=fact_checker)
    api = _as(fact_checker)
    api.put(f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "rationale": "A."}, format="json")
    api.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "false", "rationale": "B.", "version": 1},
        format="json",
    )
    stale = api.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {"rating": "mixed", "rationale": "C.", "version": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert "fc1 saved this verdict" in stale.json()["detail"]
    assert "rating" in stale.json()["detail"]
    missing = api.put(
        f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "mixed", "rationale": "C."}, format="json"
    )
    assert missing.status_code == 400
    assert api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()["rating"] == "false"


def test_sources_are_found_by_url_and_comments_posted(fact_checker, editor):
    claim = ClaimFactory(author=fact_checker)
    _as(fact_checker).post(
        f"/api/v1/claims/{claim.pk}/sources/",
        {"url": META_BLOG + "?utm_medium=x", "title": "Herd", "stance": "supports"},
        format="json",
    )
    found = (
        _as(editor)
        .get(
            "/api/v1/sources/",
            {
                "url": META_BLOG.upper().replace(
                    "/BLOG/LLAMA-4-MULTIMODAL-INTELLIGENCE/", "/blog/llama-4-multimodal-intelligence/"
                )
            },
        )
        .json()
    )
    assert [s["title"] for s in found["results"]] == ["Herd"]
    comment = _as(editor).post(
        f"/api/v1/claims/{claim.pk}/comments/", {"body": "Which figure?"}, format="json"
    )
    assert comment.status_code == 201
    assert _as(fact_checker).get(f"/api/v1/claims/{claim.pk}/comments/").json()[0]["author"] == "ed1"


def test_user_without_rights_cannot_touch_evidence(fact_checker, no_role):
    claim = ClaimFactory(author=fact_checker)
    api = _as(no_role)
    assert (
        api.put(
            f"/api/v1/claims/{claim.pk}/verdict/", {"rating": "true", "rationale": "r"}, format="json"
        ).status_code
        == 403
    )
    assert (
        api.post(
            f"/api/v1/claims/{claim.pk}/sources/",
            {"url": META_BLOG, "title": "t", "stance": "supports"},
            format="json",
        ).status_code
        == 403
    )
    assert api.post(f"/api/v1/claims/{claim.pk}/comments/", {"body": "b"}, format="json").status_code == 403
    assert api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json").status_code == 403


def test_review_endpoints_are_in_the_schema(fact_checker):
    api = APIClient()
    api.force_authenticate(fact_checker)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for name in (
        "submit",
        "approve",
        "request_changes",
        "retract",
        "verdict",
        "sources",
        "comments",
        "transitions",
    ):
        assert f"/api/v1/claims/{{id}}/{name}/" in paths, name


def test_approving_with_the_version_reviewed_refuses_a_claim_changed_since_409(fact_checker, editor):
    claim = ready_claim(fact_checker)
    _as(fact_checker).post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    seen = _as(editor).get(f"/api/v1/claims/{claim.pk}/").json()["version"]
    Claim.objects.filter(pk=claim.pk).update(version=seen + 1)  # someone moved it meanwhile
    response = _as(editor).post(f"/api/v1/claims/{claim.pk}/approve/", {"version": seen}, format="json")
    assert response.status_code == 409
    assert Claim.objects.get().status == "in_review"


def test_a_source_links_stance_and_quote_are_changed_or_it_is_detached(fact_checker):
    claim = ready_claim(fact_checker)
    link = claim.claim_sources.get()
    api = _as(fact_checker)
    response = api.patch(
        f"/api/v1/claims/{claim.pk}/sources/{link.pk}/",
        {"stance": "context", "quote": "288B active"},
        format="json",
    )
    assert response.status_code == 200
    link.refresh_from_db()
    assert (link.stance, link.quote) == ("context", "288B active")
    other = user_in_role("fc2", FACT_CHECKER)
    assert _as(other).delete(f"/api/v1/claims/{claim.pk}/sources/{link.pk}/").status_code == 403
    assert api.delete(f"/api/v1/claims/{claim.pk}/sources/{link.pk}/").status_code == 204
    assert not claim.claim_sources.exists()
