import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, OutletFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


@pytest.fixture
def desk(fact_checker):
    foglio = OutletFactory(name="Il Foglio")
    ArticleFactory(
        title="Rinvio di Behemoth",
        language="it",
        outlet=foglio,
        body="Meta ha rinviato il lancio di Behemoth.",
    )
    french = ArticleFactory(
        title="Behemoth repoussé", language="fr", body="Meta repousse le lancement de Behemoth."
    )
    ArticleFactory(title="Behemoth delayed", language="en", body="Meta delayed the launch of Behemoth again.")
    ClaimFactory(article=french, quote="Meta repousse")
    return fact_checker


def test_list_filters_by_language_outlet_and_claims(client, desk):
    client.force_login(desk)
    url = reverse("articles:list")
    assert _titles(client.get(url, {"language": "fr"})) == ["Behemoth repoussé"]
    outlet = OutletFactory(name="Il Foglio")
    assert _titles(client.get(url, {"outlet": outlet.pk})) == ["Rinvio di Behemoth"]
    assert _titles(client.get(url, {"has_claims": "true"})) == ["Behemoth repoussé"]
    assert sorted(_titles(client.get(url, {"has_claims": "false"}))) == [
        "Behemoth delayed",
        "Rinvio di Behemoth",
    ]


def test_search_finds_words_in_title_and_body(client, desk):
    client.force_login(desk)
    url = reverse("articles:list")
    assert _titles(client.get(url, {"q": "lancement"})) == ["Behemoth repoussé"]
    assert _titles(client.get(url, {"q": "delayed"})) == ["Behemoth delayed"]
    assert _titles(client.get(url, {"q": "nothing-like-this"})) == []


@pytest.mark.postgres
def test_postgres_search_stems_in_each_articles_language(client, desk):
    client.force_login(desk)
    url = reverse("articles:list")
    # Italian stemming: "rinviare" finds "rinviato"; English: "delay" finds "delayed".
    assert _titles(client.get(url, {"q": "rinviare"})) == ["Rinvio di Behemoth"]
    assert _titles(client.get(url, {"q": "delay"})) == ["Behemoth delayed"]


def test_htmx_filtering_returns_only_the_rows(client, desk):
    client.force_login(desk)
    response = client.get(reverse("articles:list"), {"language": "it"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html
    assert "<html" not in html


def test_list_paginates_and_the_query_count_does_not_grow_with_the_page(
    client, fact_checker, django_assert_max_num_queries
):
    for n in range(60):
        ClaimFactory(
            article=ArticleFactory(), author=fact_checker, quote="2 trillion parameters"
        ) if n % 2 else ArticleFactory()
    client.force_login(fact_checker)
    with django_assert_max_num_queries(11):  # one is the planner's estimate (EXPLAIN) on PostgreSQL
        response = client.get(reverse("articles:list"))
    assert len(response.context["page"]) == 25
    assert "Page 1 of 3" in response.content.decode()
    with django_assert_max_num_queries(11):
        response = client.get(reverse("articles:list"), {"page": 3})
    assert len(response.context["page"]) == 10


def test_a_filter_value_the_desk_does_not_know_is_said_not_silently_dropped(client, desk):
    client.force_login(desk)
    response = client.get(reverse("articles:list"), {"language": "zz"})
    assert "Some filters were not understood and are not applied" in response.content.decode()
    assert len(_titles(response)) == 3


@pytest.mark.postgres
def test_postgres_search_ranks_title_matches_first_and_follows_corrections(client, desk):
    from articles.models import Article

    client.force_login(desk)
    url = reverse("articles:list")
    in_body = ArticleFactory(
        title="Another story", language="en", body="Behemoth was delayed, then delayed again."
    )
    assert _titles(client.get(url, {"q": "delay"})) == ["Behemoth delayed", in_body.title]
    # The stored vector is a generated column: an update by any path is searched at once.
    Article.objects.filter(pk=in_body.pk).update(body="Nothing about launches here.")
    assert _titles(client.get(url, {"q": "delay"})) == ["Behemoth delayed"]


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index():
    from django.db import connection

    from articles.models import Article
    from articles.selectors import article_search

    ArticleFactory.create_batch(3, language="it")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: ask for the index when it can be used
        plan = article_search(Article.objects.all(), "rinviare").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "Bitmap Index Scan on articles_article_search_vector" in plan


def test_the_list_counts_claims_per_row_without_grouping_the_table(client, desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(desk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"))
    assert {a.title: a.claim_count for a in response.context["page"]}["Behemoth repoussé"] == 1
    article_queries = [q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"]]
    assert article_queries
    # The claims are counted in a subquery per row; the articles themselves are never grouped.
    assert not any('GROUP BY "articles_article"' in sql for sql in article_queries)
