"""The claims API: the desk's rules, over JSON."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
BODY = "Le modèle «\u00a0Behemoth\u00a0» 👉 aurait 2 000 milliards de paramètres, selon Meta."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def article():
    return ArticleFactory(body=BODY, language="fr")


def _span(quote: str) -> dict:
    start = BODY.index(quote)
    return {"start": start, "end": start + len(quote), "exact": quote}


def test_fact_checker_creates_a_claim_with_code_point_offsets_after_an_emoji(api, fact_checker, article):
    api.force_authenticate(fact_checker)
    response = api.post(
        "/api/v1/claims/",
        {"article": article.pk, **_span("2 000 milliards"), "statement": "2T params.", "claimant": "Meta"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["target"]["selector"][0] == {"type": "TextPositionSelector", "start": 32, "end": 47}
    assert data["target"]["selector"][1]["exact"] == "2 000 milliards"
    assert data["target"]["selector"][1]["prefix"].endswith("👉 aurait ")
    assert (data["author"], data["status"]) == ("fc1", "draft")


def test_selectors_that_disagree_are_refused(api, fact_checker, article):
    api.force_authenticate(fact_checker)
    span = _span("2 000 milliards")
    span["start"] += 1  # a UTF-16 count: the emoji is two units
    span["end"] += 1
    response = api.post(
        "/api/v1/claims/", {"article": article.pk, **span, "statement": "s", "claimant": "c"}, format="json"
    )
    assert response.status_code == 400
    assert "the quote does not match the article" in response.json()["exact"][0]
    assert not Claim.objects.exists()


def test_user_without_the_right_cannot_create_update_or_delete(api, read_only_account, article):
    claim = ClaimFactory(article=article, quote="2 000 milliards")
    api.force_authenticate(read_only_account)
    body = {"article": article.pk, **_span("selon Meta"), "statement": "s", "claimant": "c"}
    assert api.post("/api/v1/claims/", body, format="json").status_code == 403
    assert (
        api.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x", "version": 1}, format="json").status_code
        == 403
    )
    assert api.delete(f"/api/v1/claims/{claim.pk}/").status_code == 403
    assert Claim.objects.get().statement == claim.statement


def test_author_updates_and_deletes_a_draft_by_token(api, fact_checker, article):
    claim = ClaimFactory(article=article, quote="2 000 milliards", author=fact_checker)
    _, token = AuthToken.objects.create(user=fact_checker)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.patch(
        f"/api/v1/claims/{claim.pk}/", {"statement": "Reworded.", "version": claim.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["statement"] == "Reworded."
    assert response.json()["claimant"] == claim.claimant
    assert api.delete(f"/api/v1/claims/{claim.pk}/").status_code == 204
    assert not Claim.objects.exists()


def test_anonymous_is_refused_everywhere(api, article):
    for url in ("/api/v1/articles/", f"/api/v1/articles/{article.pk}/", "/api/v1/claims/"):
        assert api.get(url).status_code in (401, 403), url
    assert api.post("/api/v1/claims/", {}, format="json").status_code in (401, 403)


def test_claims_are_listed_by_article_in_text_order(api, fact_checker, article):
    later = ClaimFactory(article=article, quote="selon Meta")
    earlier = ClaimFactory(article=article, quote="2 000 milliards")
    ClaimFactory()  # another article's
    api.force_authenticate(fact_checker)
    results = api.get("/api/v1/claims/", {"article": article.pk}).json()["results"]
    assert [c["id"] for c in results] == [earlier.pk, later.pk]


def test_articles_and_claims_are_in_the_schema_and_the_docs_serve_without_a_cdn(api, client, fact_checker):
    api.force_authenticate(fact_checker)  # the schema and docs are for the desk's people
    client.force_login(fact_checker)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/claims/", "/api/v1/claims/{id}/"} <= set(
        paths
    )
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


def test_a_stale_update_is_refused_with_409_saying_who_changed_what(api, fact_checker, article):
    claim = ClaimFactory(article=article, quote="2 000 milliards", author=fact_checker)
    api.force_authenticate(fact_checker)
    first = api.patch(f"/api/v1/claims/{claim.pk}/", {"claimant": "Meta", "version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = api.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "Mine.", "version": 1}, format="json")
    assert second.status_code == 409
    assert "fc1 saved this claim" in second.json()["detail"]
    assert "(changed: claimant)" in second.json()["detail"]
    claim.refresh_from_db()
    assert (claim.claimant, claim.statement) == ("Meta", "Behemoth has 2 trillion parameters.")


def test_update_without_a_version_is_refused(api, fact_checker, article):
    claim = ClaimFactory(article=article, quote="2 000 milliards", author=fact_checker)
    api.force_authenticate(fact_checker)
    response = api.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


# -- duplicates (issue 14): a claim overlapping one of the article, or restating it ----------


def test_a_claim_overlapping_one_of_the_article_is_refused_with_409_naming_it(api, fact_checker, article):
    existing = ClaimFactory(article=article, quote="2 000 milliards", statement="2T params.")
    api.force_authenticate(fact_checker)
    body = {
        "article": article.pk,
        **_span("milliards de paramètres"),
        "statement": "Other.",
        "claimant": "Meta",
    }
    response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 409
    data = response.json()
    assert data["detail"].startswith("This passage overlaps an existing claim of the article")
    assert "save_anyway: true" in data["detail"]
    assert data["duplicates"] == [
        {
            "id": existing.pk,
            "exact": "2 000 milliards",
            "start": 32,
            "end": 47,
            "status": "draft",
            "url": f"http://testserver/api/v1/claims/{existing.pk}/",
        }
    ]
    assert list(Claim.objects.all()) == [existing]


def test_a_claim_restating_one_of_the_article_is_refused_with_409(api, fact_checker, article):
    existing = ClaimFactory(article=article, quote="2 000 milliards", statement="Behemoth has 2T params.")
    api.force_authenticate(fact_checker)
    body = {
        "article": article.pk,
        **_span("selon Meta"),
        "statement": "behemoth HAS 2T params",
        "claimant": "c",
    }
    response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This statement restates an existing claim")
    assert [d["id"] for d in response.json()["duplicates"]] == [existing.pk]


def test_a_duplicate_is_created_with_save_anyway(api, fact_checker, article):
    existing = ClaimFactory(article=article, quote="2 000 milliards", statement="2T params.")
    api.force_authenticate(fact_checker)
    body = {"article": article.pk, **_span("2 000 milliards"), "statement": "2T params.", "claimant": "Meta"}
    response = api.post("/api/v1/claims/", {**body, "save_anyway": True}, format="json")
    assert response.status_code == 201, response.json()
    assert "save_anyway" not in response.json()
    assert (response.json()["start"], response.json()["end"]) == (existing.start, existing.end)
    assert Claim.objects.count() == 2


def test_a_span_touching_a_claim_is_created_without_save_anyway(api, fact_checker, article):
    ClaimFactory(article=article, quote="2 000 milliards")
    api.force_authenticate(fact_checker)
    body = {"article": article.pk, **_span(" de paramètres"), "statement": "s", "claimant": "c"}
    assert api.post("/api/v1/claims/", body, format="json").status_code == 201


def test_save_anyway_gives_no_right_to_create(api, read_only_account, article):
    ClaimFactory(article=article, quote="2 000 milliards")
    api.force_authenticate(read_only_account)
    body = {"article": article.pk, **_span("2 000 milliards"), "statement": "s", "claimant": "c"}
    assert api.post("/api/v1/claims/", {**body, "save_anyway": True}, format="json").status_code == 403
    assert api.post("/api/v1/claims/", body, format="json").status_code == 403
    api.force_authenticate(None)
    assert api.post("/api/v1/claims/", {**body, "save_anyway": True}, format="json").status_code in (401, 403)
    assert Claim.objects.count() == 1


def test_the_schema_documents_save_anyway_and_the_409_of_a_duplicate(api, fact_checker):
    api.force_authenticate(fact_checker)
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    save_anyway = components["Claim"]["properties"]["save_anyway"]
    assert (save_anyway["type"], save_anyway["writeOnly"], save_anyway["default"]) == ("boolean", True, False)
    assert "409" in save_anyway["description"]
    conflict = schema["paths"]["/api/v1/claims/"]["post"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DuplicateClaims"
    }
    assert "save_anyway" in conflict["description"]
    assert components["DuplicateClaims"]["required"] == ["detail", "duplicates"]
    assert set(components["DuplicateClaim"]["required"]) == {"id", "exact", "start", "end", "status", "url"}
