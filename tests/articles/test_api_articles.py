"""The articles API: filters, search, details, and a list that costs the same however long."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
BODY = "Le modèle «\u00a0Behemoth\u00a0» 👉 aurait 2 000 milliards de paramètres, selon Meta."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def article():
    return ArticleFactory(body=BODY, language="fr")


def test_articles_list_filters_searches_and_details(api, fact_checker, article):
    ArticleFactory(language="en", title="Other")
    api.force_authenticate(fact_checker)
    data = api.get("/api/v1/articles/", {"language": "fr"}).json()
    assert [a["id"] for a in data["results"]] == [article.pk]
    assert "body" not in data["results"][0]
    assert [a["id"] for a in api.get("/api/v1/articles/", {"q": "milliards"}).json()["results"]] == [
        article.pk
    ]
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["body"] == BODY


def test_article_list_query_count_does_not_grow(api, fact_checker, django_assert_max_num_queries):
    for _ in range(30):
        ClaimFactory(author=fact_checker)
    api.force_authenticate(fact_checker)
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/articles/")
    assert response.json()["count"] == 30
