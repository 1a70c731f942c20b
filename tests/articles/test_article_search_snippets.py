"""Search results show where the words are (safe snippets), and long lists never count their table."""

import pytest
from django.urls import reverse

from factcheck.search import START, STOP, excerpt, highlight
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "Il consiglio ha discusso a lungo. <script>alert('x')</script> Meta ha rinviato il lancio di "
    "Behemoth all'autunno, secondo <b>fonti</b> interne. Poi si è parlato d'altro per molte righe."
)


def _snippets(response) -> dict[str, str]:
    return {article.title: article.snippet for article in response.context["page"]}


def test_a_search_shows_each_articles_passage_with_the_words_marked(client, fact_checker):
    ArticleFactory(title="Rinvio", language="it", body=HOSTILE_BODY)
    client.force_login(fact_checker)
    response = client.get(reverse("articles:list"), {"q": "lancio"})
    snippet = _snippets(response)["Rinvio"]
    assert "<mark>lancio</mark>" in snippet
    html = response.content.decode()
    assert "<mark>lancio</mark>" in html
    # The article's own markup is text: escaped, never a tag of the page.
    assert "<script>alert" not in html
    assert "<b>fonti</b>" not in html


def test_the_list_without_a_search_shows_no_snippet(client, fact_checker):
    ArticleFactory(title="Rinvio", language="it", body=HOSTILE_BODY)
    client.force_login(fact_checker)
    response = client.get(reverse("articles:list"))
    assert _snippets(response) == {"Rinvio": None}
    assert "search-snippet" not in response.content.decode()


@pytest.mark.postgres
def test_postgres_snippets_mark_the_stemmed_forms_in_the_articles_language(client, fact_checker):
    ArticleFactory(title="Rinvio", language="it", body=HOSTILE_BODY)
    client.force_login(fact_checker)
    response = client.get(reverse("articles:list"), {"q": "rinviare"})
    snippet = _snippets(response)["Rinvio"]
    assert "<mark>rinviato</mark>" in snippet
    assert "&lt;script&gt;" in snippet or "script" not in snippet


def test_snippets_cost_one_query_for_the_page_whatever_its_size(
    client, fact_checker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(fact_checker)
    search = {"q": "lancio"}
    ArticleFactory(title="Rinvio", language="it", body=HOSTILE_BODY)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("articles:list"), search)
    for n in range(30):
        ArticleFactory(title=f"Rinvio {n}", language="it", body=f"{HOSTILE_BODY} Numero {n}.")
    with django_assert_max_num_queries(len(one) + 1):  # a full page is counted; one match was not
        response = client.get(reverse("articles:list"), search)
    page = response.context["page"]
    assert len(page) == 25
    assert all("<mark>lancio</mark>" in article.snippet for article in page)


def test_the_articles_api_gives_snippets_with_a_search_only(client, fact_checker):
    ArticleFactory(title="Rinvio", language="it", body=HOSTILE_BODY)
    client.force_login(fact_checker)
    found = client.get("/api/v1/articles/", {"q": "lancio"}).json()
    assert "<mark>lancio</mark>" in found["results"][0]["snippet"]
    assert "<script>" not in found["results"][0]["snippet"]
    assert found["count_is_estimate"] is False
    listed = client.get("/api/v1/articles/").json()
    assert listed["results"][0]["snippet"] is None


# -- the snippet makers themselves ----------------------------------------------------------


def test_highlight_escapes_the_text_and_marks_only_between_the_markers():
    html = highlight(f"a <i>b</i> {START}word{STOP} & c")
    assert html == "a &lt;i&gt;b&lt;/i&gt; <mark>word</mark> &amp; c"


def test_highlight_keeps_the_marks_balanced_whatever_markers_the_text_holds():
    assert highlight(f"{STOP}x{START}{START}y") == "x<mark>y</mark>"
    assert highlight(f"{START}a{STOP}{STOP}b") == "<mark>a</mark>b"


def test_excerpt_is_cut_at_words_around_the_first_occurrence():
    text = "word " * 100 + "Behemoth <is> late " + "more " * 100
    html = excerpt(text, "behemoth", width=30)
    assert "<mark>Behemoth</mark> &lt;is&gt; late" in html
    assert html.startswith("… word")
    assert html.endswith("more …")
    assert len(html) < 120


def test_excerpt_without_an_occurrence_is_the_beginning():
    assert excerpt("Meta <b>delayed</b> it.", "absent") == "Meta &lt;b&gt;delayed&lt;/b&gt; it."


# -- counts past the threshold --------------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 rows, desk and API: 12 articles fill more than a page, so the list is counted
    (a page that ends the list tells its count without one)."""
    from factcheck.pagination import EstimatedPageNumberPagination

    monkeypatch.setattr("articles.views.PAGE_SIZE", 5)
    monkeypatch.setattr(EstimatedPageNumberPagination, "page_size", 5)


@pytest.mark.postgres
def test_past_the_threshold_the_list_says_about_n_and_never_counts_the_table(
    client, fact_checker, settings, small_pages, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LIST_EXACT_COUNT_LIMIT = 5
    ArticleFactory.create_batch(12, language="it")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    client.force_login(fact_checker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"))
    page = response.context["page"]
    assert page.paginator.is_estimate
    assert page.paginator.count >= 6
    assert "about" in response.content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    # The planner's estimate (EXPLAIN) is past the threshold: the table is not counted at all.
    assert not [q for q in sql if q.startswith("SELECT COUNT(") and 'FROM "articles_article"' in q]
    assert any(q.startswith("EXPLAIN") for q in sql)
    api = client.get("/api/v1/articles/").json()
    assert api["count_is_estimate"] is True


def test_under_the_threshold_the_count_is_exact(client, fact_checker, settings, small_pages):
    settings.LIST_EXACT_COUNT_LIMIT = 50
    ArticleFactory.create_batch(12, language="it")
    client.force_login(fact_checker)
    response = client.get(reverse("articles:list"))
    assert not response.context["page"].paginator.is_estimate
    assert response.context["page"].paginator.count == 12
    assert "12 articles" in response.content.decode()


def test_only_postgresql_estimates_the_embedded_desk_counts(client, fact_checker, settings, small_pages):
    """SQLite has no planner estimate to offer: it counts (the embedded desk is small)."""
    from django.db import connection

    settings.LIST_EXACT_COUNT_LIMIT = 5
    ArticleFactory.create_batch(12, language="it")
    client.force_login(fact_checker)
    paginator = client.get(reverse("articles:list")).context["page"].paginator
    assert paginator.is_estimate == (connection.vendor == "postgresql")
    if not paginator.is_estimate:
        assert paginator.count == 12


@pytest.mark.postgres
def test_the_newest_first_order_is_read_from_its_index():
    from django.db import connection

    from articles.selectors import article_list

    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = article_list()[:25].explain()
        cursor.execute("SET enable_seqscan = on")
    assert "article_newest_first" in plan


@pytest.mark.postgres
def test_under_the_estimate_the_count_reads_at_most_the_threshold(
    client, fact_checker, settings, small_pages
):
    """Stale statistics (an estimate under the threshold) cost a count of threshold + 1 rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LIST_EXACT_COUNT_LIMIT = 5
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")  # statistics of an empty table
    ArticleFactory.create_batch(12, language="it")
    client.force_login(fact_checker)
    with CaptureQueriesContext(connection) as queries:
        paginator = client.get(reverse("articles:list"), {"language": "it"}).context["page"].paginator
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    counts = [q for q in counts if 'FROM "articles_article"' in q]
    if counts:  # the planner guessed few rows: the count stops at threshold + 1
        assert all("LIMIT 6" in q for q in counts)
    assert paginator.is_estimate
    assert paginator.count >= 6


@pytest.mark.postgres
def test_a_search_matching_too_many_to_rank_lists_them_newest_first(client, fact_checker, settings):
    settings.SEARCH_RANKED_MATCHES = 0
    older = ArticleFactory(title="Behemoth delayed", language="en", body="Behemoth delayed, delayed.")
    newer = ArticleFactory(title="Another story", language="en", body="It was delayed once.")
    client.force_login(fact_checker)
    response = client.get(reverse("articles:list"), {"q": "delayed"})
    assert [a.pk for a in response.context["page"]] == [newer.pk, older.pk]
    assert "Many articles match: the newest first." in response.content.decode()
    settings.SEARCH_RANKED_MATCHES = 500
    response = client.get(reverse("articles:list"), {"q": "delayed"})
    assert [a.pk for a in response.context["page"]] == [older.pk, newer.pk]  # the title weighs more
    assert "Many articles match" not in response.content.decode()
