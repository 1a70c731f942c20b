"""Finding claims (statement, quote) and sources (title): the desk's claim list, the API's `?q=`."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim, Source
from claims.review.search import claim_search, source_search
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

IT_BODY = "Fonti interne: Meta ha rinviato il lancio di Behemoth <script>x()</script> all'autunno."
EN_BODY = "Meta delayed the launch of Behemoth again, people familiar said."
IT_STATEMENT = "Meta ha rinviato il lancio di <b>Behemoth</b>."


@pytest.fixture
def claims(fact_checker):
    italian = ClaimFactory(
        article=ArticleFactory(title="Rinvio", language="it", body=IT_BODY),
        quote="Meta ha rinviato il lancio di Behemoth <script>x()</script>",
        statement=IT_STATEMENT,
        author=fact_checker,
    )
    english = ClaimFactory(
        article=ArticleFactory(title="Delayed", language="en", body=EN_BODY),
        quote="Meta delayed the launch of Behemoth",
        statement="Meta delayed Behemoth's launch.",
        author=fact_checker,
    )
    return italian, english


def _statements(response) -> list[str]:
    return [claim.statement for claim in response.context["page"]]


def test_the_claim_list_finds_words_in_the_statement_or_the_quote(client, fact_checker, claims):
    client.force_login(fact_checker)
    url = reverse("claims:claim-list")
    assert _statements(client.get(url, {"q": "lancio"})) == [IT_STATEMENT]
    assert _statements(client.get(url, {"q": "familiar"})) == []
    assert _statements(client.get(url, {"q": "delayed"})) == ["Meta delayed Behemoth's launch."]
    assert len(_statements(client.get(url))) == 2


def test_the_claim_list_filters_by_state(client, fact_checker, claims):
    Claim.objects.filter(pk=claims[0].pk).update(status=Claim.Status.IN_REVIEW)
    client.force_login(fact_checker)
    response = client.get(reverse("claims:claim-list"), {"state": "in_review"})
    assert _statements(response) == [IT_STATEMENT]


def test_the_claim_list_marks_the_words_and_escapes_the_quote(client, fact_checker, claims):
    client.force_login(fact_checker)
    response = client.get(reverse("claims:claim-list"), {"q": "lancio"})
    (claim,) = response.context["page"]
    assert "<mark>lancio</mark>" in claim.statement_snippet
    assert "<mark>lancio</mark>" in claim.quote_snippet
    html = response.content.decode()
    assert "<script>" not in html
    assert "<b>Behemoth</b>" not in html
    assert "&lt;b&gt;Behemoth&lt;/b&gt;" in html


def test_the_claim_list_needs_a_desk_role(client, no_role, claims):
    url = reverse("claims:claim-list")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(no_role)
    assert client.get(url).status_code == 403


def test_the_claim_lists_queries_do_not_grow_with_the_claims(
    client, fact_checker, claims, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    def more_claims(numbers):
        for n in numbers:
            ClaimFactory(
                article=ArticleFactory(language="en", body=f"{EN_BODY} {n}"),
                quote="Meta delayed the launch of Behemoth",
                statement=f"Behemoth was delayed ({n}).",
            )

    client.force_login(fact_checker)
    search = {"q": "Behemoth"}
    more_claims(range(30))  # more than a page, so the count is asked for as it will be below
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("claims:claim-list"), search)
    more_claims(range(30, 90))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("claims:claim-list"), search)
    assert len(response.context["page"]) == 25


@pytest.mark.postgres
def test_postgres_claim_search_stems_in_the_articles_language_and_ranks(client, fact_checker, claims):
    client.force_login(fact_checker)
    url = reverse("claims:claim-list")
    # Italian stemming for the Italian claim, English for the English one.
    assert _statements(client.get(url, {"q": "rinviare"})) == [IT_STATEMENT]
    assert _statements(client.get(url, {"q": "delay"})) == ["Meta delayed Behemoth's launch."]
    # A negated word is negated in the claim's own language.
    assert _statements(client.get(url, {"q": "Behemoth -rinviare"})) == ["Meta delayed Behemoth's launch."]
    # The statement weighs above the quote.
    in_quote_only = ClaimFactory(
        article=ArticleFactory(language="en", body=f"{EN_BODY} Again."),
        quote="Meta delayed the launch",
        statement="A statement about something else.",
    )
    ranked = _statements(client.get(url, {"q": "delayed"}))
    assert ranked == ["Meta delayed Behemoth's launch.", in_quote_only.statement]


@pytest.mark.postgres
def test_postgres_claim_vectors_follow_every_write(claims):
    """Triggers keep the vector: a bulk update of the statement, and the article's language."""
    from articles.models import Article

    italian, _ = claims
    everything = Claim.objects.all()
    Claim.objects.filter(pk=italian.pk).update(statement="Meta posticipa Behemoth.", exact="posticipa")
    assert list(claim_search(everything, "lancio")) == []
    assert list(claim_search(everything, "posticipare")) == [italian]
    # Read as English now: the Italian stem no longer matches, the simple form does.
    Article.objects.filter(pk=italian.article_id).update(language="en")
    assert list(claim_search(everything, "posticipare")) == []
    assert list(claim_search(everything, "posticipa")) == [italian]


def _plan(queryset) -> str:
    """The plan of `queryset` with whole-table reads priced out (a table of a test is tiny: read
    whole, or whole through another index, it costs less than any search index)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    return plan


@pytest.mark.postgres
def test_postgres_claim_and_source_search_use_their_gin_indexes(claims):
    from articles.models import Article

    # A desk of some size (the planner reads a tiny table whole): 300 articles, a claim each.
    articles = Article.objects.bulk_create(
        Article(title=f"Filler {n}", body=f"Filler article {n}.", content_hash=f"filler-{n}", language="en")
        for n in range(300)
    )
    Claim.objects.bulk_create(
        Claim(
            article=article,
            start=0,
            end=6,
            exact="Filler",
            statement=f"Filler claim number {n}.",
            claimant="The outlet",
            author=claims[1].author,
        )
        for n, article in enumerate(articles)
    )
    Source.objects.bulk_create(
        Source(url=f"https://example.org/{n}", title=f"Filler source {n}") for n in range(300)
    )
    Source.objects.create(url="https://example.org/a", title="Meta rinvia Behemoth")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim; ANALYZE claims_source; ANALYZE articles_article")
    assert "Bitmap Index Scan on claims_claim_search_vector" in _plan(
        claim_search(Claim.objects.all(), "rinviare")
    )
    assert "Bitmap Index Scan on claims_source_search_vector" in _plan(
        source_search(Source.objects.all(), "behemoth")
    )


# -- the API ---------------------------------------------------------------------------------


def test_the_claims_api_searches_with_q(client, fact_checker, claims):
    client.force_login(fact_checker)
    found = client.get("/api/v1/claims/", {"q": "lancio"}).json()
    assert [c["statement"] for c in found["results"]] == [IT_STATEMENT]
    assert found["count"] == 1
    assert found["count_is_estimate"] is False
    both = client.get("/api/v1/claims/", {"q": "Behemoth", "article": claims[1].article_id}).json()
    assert [c["id"] for c in both["results"]] == [claims[1].pk]


def test_the_sources_api_searches_titles_with_q(client, fact_checker):
    Source.objects.create(url="https://example.org/a", title="Meta rinvia Behemoth")
    Source.objects.create(url="https://example.org/b", title="Llama 4 release notes")
    client.force_login(fact_checker)
    found = client.get("/api/v1/sources/", {"q": "behemoth"}).json()
    assert [s["title"] for s in found["results"]] == ["Meta rinvia Behemoth"]
    assert len(client.get("/api/v1/sources/").json()["results"]) == 2


def test_the_search_apis_need_a_desk_role(client, no_role):
    client.force_login(no_role)
    assert client.get("/api/v1/claims/", {"q": "x"}).status_code == 403
    assert client.get("/api/v1/sources/", {"q": "x"}).status_code == 403
