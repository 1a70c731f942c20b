"""Every desk page is behind the login; writes need the right permission."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory()


def _desk_urls(claim):
    article = claim.article.pk
    return [
        ("get", reverse("claims:home")),
        ("get", reverse("articles:list")),
        ("get", reverse("articles:edit", args=[article])),
        ("get", reverse("claims:reader", args=[article])),
        ("get", reverse("claims:claim-new", args=[article])),
        ("get", reverse("claims:article-correct", args=[article])),
        ("get", reverse("claims:article-versions", args=[article])),
        ("post", reverse("claims:suggestion-accept", args=[article])),
        ("get", reverse("claims:claim-edit", args=[claim.pk])),
        ("post", reverse("claims:claim-delete", args=[claim.pk])),
        ("post", reverse("claims:claim-reattach", args=[claim.pk])),
    ]


def test_every_desk_url_sends_an_anonymous_user_to_the_login(client, claim):
    for method, url in _desk_urls(claim):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/accounts/login/?next={url}"), url


def test_an_account_that_may_only_read_reads_but_cannot_write(client, read_only_account, claim):
    client.force_login(read_only_account)
    article = claim.article.pk
    assert client.get(reverse("claims:reader", args=[article])).status_code == 200
    refused = [
        ("get", reverse("articles:edit", args=[article])),
        ("get", reverse("claims:article-correct", args=[article])),
        ("get", reverse("claims:claim-new", args=[article]) + "?start=0&end=4&exact=Meta"),
        ("post", reverse("claims:suggestion-accept", args=[article])),
        ("get", reverse("claims:claim-edit", args=[claim.pk])),
        ("post", reverse("claims:claim-delete", args=[claim.pk])),
    ]
    for method, url in refused:
        assert getattr(client, method)(url).status_code == 403, url


def test_fact_checker_cannot_touch_another_authors_draft(client, fact_checker, claim):
    client.force_login(fact_checker)
    assert client.get(reverse("claims:claim-edit", args=[claim.pk])).status_code == 403
    assert client.post(reverse("claims:claim-delete", args=[claim.pk])).status_code == 403
    claim.refresh_from_db()


def test_a_fact_checker_reads_an_article_but_cannot_correct_it(client, fact_checker, claim):
    client.force_login(fact_checker)
    article = claim.article.pk
    assert client.get(reverse("claims:reader", args=[article])).status_code == 200
    for url in (reverse("articles:edit", args=[article]), reverse("claims:article-correct", args=[article])):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_missing_article_is_a_404(client, fact_checker):
    client.force_login(fact_checker)
    assert client.get(reverse("claims:reader", args=[999])).status_code == 404


def test_claim_form_is_refused_without_a_csrf_token(fact_checker):
    from django.test import Client

    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:claim-new", args=[article.pk]),
        {"start": 0, "end": 4, "exact": "Meta", "statement": "s", "claimant": "c"},
    )
    assert response.status_code == 403
    assert not article.claims.exists()


def test_logging_in_lands_on_the_desk_and_logging_out_on_the_login(client, fact_checker):
    response = client.post(reverse("login"), {"username": fact_checker.username, "password": PASSWORD})
    assert response["Location"] == reverse("claims:home")
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_invalid_span_on_htmx_new_claim_redraws_the_reader_not_the_panel(client, fact_checker):
    article = ArticleFactory()
    client.force_login(fact_checker)
    response = client.get(reverse("claims:claim-new", args=[article.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#reader"
    assert "Select the text of the claim in the article first." in response.content.decode()


def test_an_account_without_a_role_reads_nothing(client, no_role, claim):
    from rest_framework.test import APIClient

    client.force_login(no_role)
    for url in (
        reverse("articles:list"),
        reverse("claims:reader", args=[claim.article_id]),
        reverse("claims:claim-detail", args=[claim.pk]),
        reverse("claims:queue", args=["approved"]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
    api = APIClient()
    api.force_authenticate(no_role)
    for url in (
        "/api/v1/articles/",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/verdict/",
        "/api/v1/sources/",
    ):
        assert api.get(url).status_code == 403, url
