"""What keeps a search and the article list fast at 100,000 articles: the planner asked once, no
count for a page that ends the list, the ranking decision made on every filter, and ts_headline
given a passage of a long body rather than the whole of it (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from factcheck.pagination import EstimatedCountPaginator
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

FILLER = "Il consiglio comunale ha discusso il bilancio per molte ore senza decidere nulla. "


def _sql(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries]


def _article_counts(sql: list[str]) -> list[str]:
    return [q for q in sql if q.startswith("SELECT COUNT(") and 'FROM "articles_article"' in q]


# -- counts -----------------------------------------------------------------------------------


def test_a_page_that_ends_the_list_is_counted_without_a_count_query(client, fact_checker, monkeypatch):
    monkeypatch.setattr("articles.views.PAGE_SIZE", 5)
    ArticleFactory.create_batch(12, language="it")
    client.force_login(fact_checker)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("articles:list"), {"page": 3}).context["page"]
    assert (page.number, len(page), page.paginator.count, page.paginator.num_pages) == (3, 2, 12, 3)
    assert not page.paginator.is_estimate
    assert not _article_counts(_sql(queries))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("articles:list"), {"page": 1}).context["page"]
    assert (len(page), page.paginator.count) == (5, 12)  # a full page: counted (exactly, so few)
    assert len(_article_counts(_sql(queries))) == 1


def test_a_page_past_the_end_is_the_last_page_as_before(client, fact_checker, monkeypatch):
    monkeypatch.setattr("articles.views.PAGE_SIZE", 5)
    ArticleFactory.create_batch(12, language="it")
    client.force_login(fact_checker)
    for asked in ("99", "x", "0"):
        page = client.get(reverse("articles:list"), {"page": asked}).context["page"]
        assert page.number == (1 if asked == "x" else 3), asked
        assert page.paginator.count == 12


def test_orphans_join_the_last_page_when_the_rows_come_first():
    ArticleFactory.create_batch(7, language="it")
    articles = Article.objects.order_by("id")
    paginator = EstimatedCountPaginator(articles, 5, orphans=2)
    page = paginator.page(1)
    assert len(page) == 7
    assert (paginator.count, paginator.num_pages, page.has_next()) == (7, 1, False)


@pytest.mark.postgres
def test_an_estimate_is_never_below_the_rows_a_page_has_seen(monkeypatch, settings):
    settings.LIST_EXACT_COUNT_LIMIT = 1
    monkeypatch.setattr("factcheck.pagination.planned_rows", lambda queryset: 2)  # stale statistics
    ArticleFactory.create_batch(12, language="it")
    paginator = EstimatedCountPaginator(Article.objects.order_by("id"), 5)
    page = paginator.page(1)
    assert len(page) == 5
    assert paginator.is_estimate
    assert paginator.count == 6  # the 5 shown and the one read beyond them
    assert page.has_next()


# -- the planner asked once, on every filter --------------------------------------------------


@pytest.mark.postgres
def test_a_search_asks_the_planner_once_and_after_the_other_filters(client, fact_checker):
    outlet = OutletFactory(name="Il Foglio")
    for n in range(3):
        ArticleFactory(language="it", outlet=outlet, body=f"Meta ha rinviato il lancio {n}.")
    client.force_login(fact_checker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"), {"q": "lancio", "outlet": outlet.pk})
    assert len(response.context["page"]) == 3
    explains = [q for q in _sql(queries) if q.startswith("EXPLAIN")]
    assert len(explains) == 1  # the paginator reuses the search's estimate
    # Whether to rank is decided on what all the filters leave, not on the words alone.
    assert f'"articles_article"."outlet_id" = {outlet.pk}' in explains[0]
    assert "search_vector @@" in explains[0]


# -- snippets from a passage ------------------------------------------------------------------


@pytest.mark.postgres
def test_a_long_bodys_snippet_marks_a_match_far_into_it(client, fact_checker):
    body = FILLER * 200 + "Meta ha rinviato il lancio di Behemoth all'autunno. " + FILLER * 200
    ArticleFactory(title="Rinvio", language="it", body=body)
    client.force_login(fact_checker)
    page = client.get(reverse("articles:list"), {"q": "lanciare"}).context["page"]
    snippet = page[0].snippet
    assert "<mark>lancio</mark>" in snippet
    assert "rinviato" in snippet


@pytest.mark.postgres
def test_a_stem_that_does_not_begin_the_word_still_finds_its_passage(client, fact_checker):
    """English "companies" and "company" are both "compani": not a prefix of "company", so the
    passage cannot be found by the stem; the whole body is read, as before."""
    body = "The board met for hours and decided nothing at all. " * 40 + "The company delayed the launch."
    ArticleFactory(title="Delay", language="en", body=body)
    client.force_login(fact_checker)
    page = client.get(reverse("articles:list"), {"q": "companies"}).context["page"]
    assert "<mark>company</mark>" in page[0].snippet


@pytest.mark.postgres
def test_ts_headline_is_given_a_passage_of_a_long_body_not_the_whole():
    from factcheck.search import WINDOW_BEFORE, WINDOW_LENGTH, headline_window

    body = FILLER * 100 + "Meta ha rinviato il lancio. " + FILLER * 100
    at = body.index("rinviato")
    window = headline_window("t.body", "t.q")
    sql = f"SELECT {window} FROM (SELECT %s::text AS body, websearch_to_tsquery('italian', %s) AS q) t"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [body, "rinviare lancio"])
        (passage,) = cursor.fetchone()
        assert passage == body[at - WINDOW_BEFORE : at - WINDOW_BEFORE + WINDOW_LENGTH]
        cursor.execute(sql, [body, "ornitorinco"])
        assert cursor.fetchone()[0] == body  # no stem found: the whole text


# -- ranked or newest first: the estimate checked near the threshold --------------------------


@pytest.fixture
def two_matches(fact_checker):
    older = ArticleFactory(title="Behemoth delayed", language="en", body="Behemoth delayed, delayed.")
    newer = ArticleFactory(title="Another story", language="en", body="It was delayed once.")
    return older, newer


def _search(client, user, words: str):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"), {"q": words})
    return response, _sql(queries)


@pytest.mark.postgres
def test_a_search_the_planner_overestimates_is_counted_and_ranked(
    client, fact_checker, settings, monkeypatch, two_matches
):
    """Two matches that the planner expects to be 12 (as it expects a word found nowhere in 650
    rows at 100,000 articles): counted, so ranked (never the newest-first index walked to its
    end), and that count is the list's."""
    settings.SEARCH_RANKED_MATCHES = 5
    monkeypatch.setattr("factcheck.search.planned_rows", lambda queryset: 12)  # under SURELY_MANY x 5
    response, sql = _search(client, fact_checker, "delayed")
    page = response.context["page"]
    assert [article.pk for article in page] == [match.pk for match in two_matches]  # the title weighs more
    assert "Many articles match" not in response.content.decode()
    assert (page.paginator.count, page.paginator.is_estimate) == (2, False)
    assert [q for q in _article_counts(sql) if "LIMIT 6" in q]  # counted up to the threshold + 1


@pytest.mark.postgres
def test_a_search_the_planner_underestimates_is_counted_and_listed_newest_first(
    client, fact_checker, settings, monkeypatch, two_matches
):
    settings.SEARCH_RANKED_MATCHES = 1
    monkeypatch.setattr("factcheck.search.planned_rows", lambda queryset: 1)
    response, _ = _search(client, fact_checker, "delayed")
    older, newer = two_matches
    assert [article.pk for article in response.context["page"]] == [newer.pk, older.pk]
    assert "Many articles match: the newest first." in response.content.decode()


@pytest.mark.postgres
def test_an_estimate_far_past_the_threshold_is_taken_without_counting(
    client, fact_checker, settings, monkeypatch, two_matches
):
    from factcheck.search import SURELY_MANY

    settings.SEARCH_RANKED_MATCHES = 1
    monkeypatch.setattr("factcheck.search.planned_rows", lambda queryset: SURELY_MANY + 1)
    response, sql = _search(client, fact_checker, "delayed")
    older, newer = two_matches
    assert [article.pk for article in response.context["page"]] == [newer.pk, older.pk]
    assert not _article_counts(sql)  # no count: the estimate decided, and the page ended the list


@pytest.mark.postgres
def test_the_filters_options_are_read_without_a_server_side_cursor(client, fact_checker):
    """A cursor costs three round trips (DECLARE, FETCH, CLOSE) for a dozen outlets."""
    outlet = OutletFactory(name="Il Foglio")
    ArticleFactory(language="it", outlet=outlet)
    client.force_login(fact_checker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"), {"outlet": outlet.pk})
    assert not [q for q in _sql(queries) if q.startswith("DECLARE")]
    html = response.content.decode()
    assert f'<option value="{outlet.pk}" selected>Il Foglio</option>' in html
    assert len(response.context["page"]) == 1
