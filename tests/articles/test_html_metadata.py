"""An imported web page brings its outlet, author, date (at its precision) and url from its
own metadata (trafilatura's reading, OpenGraph, `<link rel=canonical>`,
`article:published_time`); its outlet is the one of the url's domain: one outlet per domain."""

import datetime

import pytest

from articles.models import Article, Outlet
from articles.services.readers import page_metadata
from tests.articles.helpers import run_import
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Meta has delayed the release of its largest Llama 4 model, Behemoth, according to people "
    "familiar with the matter, as its engineers struggle to improve its capabilities.</p>"
    "<p>The company had planned to release it in April, then in June; it is now expected in the "
    "fall or later, and some staff question whether the improvements justify a release.</p>"
)


def _page(head: str, body: str = BODY) -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>Meta delays Behemoth</title>{head}</head>'
        f"<body><article><h1>Meta delays Behemoth</h1>{body}</article></body></html>"
    )


VERGE_HEAD = """
<meta property="og:site_name" content="The Verge">
<meta property="og:url" content="https://www.theverge.com/news/123/meta-behemoth?utm_source=feed">
<link rel="canonical" href="https://www.theverge.com/news/123/meta-behemoth">
<meta property="article:published_time" content="2025-05-15T18:02:00+00:00">
<meta name="author" content="Jane Doe">
"""


def test_a_page_brings_its_outlet_author_date_and_canonical_url(tmp_path):
    path = tmp_path / "verge.html"
    path.write_text(_page(VERGE_HEAD), encoding="utf-8")
    _, items = run_import(path)
    item = items["verge.html"]
    assert item.outcome == "created", item.message
    assert "outlet, author, date and url from the page's metadata" in item.message
    article = Article.objects.get()
    assert article.url == "https://www.theverge.com/news/123/meta-behemoth"  # canonical over og:url
    assert article.byline == "Jane Doe"
    assert (article.published_on, article.published_precision) == (datetime.date(2025, 5, 15), "day")
    outlet = article.outlet
    assert (outlet.name, outlet.domain) == ("The Verge", "theverge.com")


def test_the_outlet_of_the_urls_domain_is_reused_whatever_the_site_calls_itself(tmp_path):
    verge = OutletFactory(name="The Verge (Vox Media)", domain="theverge.com")
    path = tmp_path / "verge.html"
    path.write_text(_page(VERGE_HEAD), encoding="utf-8")
    run_import(path)
    assert Article.objects.get().outlet == verge
    assert Outlet.objects.count() == 1


def test_two_pages_of_one_site_share_one_outlet(tmp_path):
    first = tmp_path / "one.html"
    first.write_text(_page(VERGE_HEAD), encoding="utf-8")
    second = tmp_path / "two.html"
    second.write_text(
        _page(
            '<meta property="og:site_name" content="Verge">'
            '<link rel="canonical" href="https://theverge.com/news/456/behemoth-again">',
            body=BODY.replace("Meta has delayed", "Meta has again delayed"),
        ),
        encoding="utf-8",
    )
    run_import(first, second)
    assert Outlet.objects.count() == 1
    assert {article.outlet.name for article in Article.objects.all()} == {"The Verge"}


def test_an_outlet_known_by_name_gets_the_domain(tmp_path):
    verge = OutletFactory(name="The Verge", domain="")
    path = tmp_path / "verge.html"
    path.write_text(_page(VERGE_HEAD), encoding="utf-8")
    run_import(path)
    verge.refresh_from_db()
    assert verge.domain == "theverge.com"
    assert Article.objects.get().outlet == verge


def test_a_page_without_a_site_name_gets_an_outlet_named_after_its_domain(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        _page('<link rel="canonical" href="https://www.ilpost.it/2025/05/16/behemoth/">'), encoding="utf-8"
    )
    _, items = run_import(path)
    article = Article.objects.get()
    assert article.url == "https://www.ilpost.it/2025/05/16/behemoth/"
    assert (article.outlet.name, article.outlet.domain) == ("ilpost.it", "ilpost.it")


def test_a_month_or_year_date_keeps_its_precision(tmp_path):
    path = tmp_path / "month.html"
    path.write_text(_page('<meta property="article:published_time" content="2025-05">'), encoding="utf-8")
    _, items = run_import(path)
    article = Article.objects.get()
    assert (article.published_display, article.published_precision) == ("2025-05", "month")
    assert "date from the page's metadata" in items["month.html"].message


def test_a_malformed_date_or_url_in_the_metadata_is_ignored_not_fatal(tmp_path):
    path = tmp_path / "odd.html"
    path.write_text(
        _page(
            '<meta property="article:published_time" content="last Tuesday">'
            '<link rel="canonical" href="/relative/only">'
        ),
        encoding="utf-8",
    )
    _, items = run_import(path)
    assert items["odd.html"].outcome == "created", items["odd.html"].message
    article = Article.objects.get()
    assert (article.url, article.published_on) == ("", None)


def test_an_explicit_outlet_name_decides_over_the_urls_domain(tmp_path):
    yahoo = OutletFactory(name="Yahoo Finance", domain="finance.yahoo.com")
    path = tmp_path / "copy.json"
    path.write_text(
        '{"body": "Meta delayed Behemoth, sources said.", "outlet": "Reuters",'
        ' "url": "https://finance.yahoo.com/news/meta-behemoth.html"}',
        encoding="utf-8",
    )
    run_import(path)
    article = Article.objects.get()
    assert article.outlet.name == "Reuters"
    assert article.outlet != yahoo
    assert article.outlet.domain == ""  # the domain is Yahoo's: one outlet per domain


def test_a_record_with_a_url_and_no_outlet_gets_the_outlet_of_its_domain(tmp_path):
    post = OutletFactory(name="Il Post", domain="ilpost.it")
    path = tmp_path / "rows.csv"
    path.write_text("body,url\nMeta ha rinviato Behemoth.,https://www.ilpost.it/2025/05/16/behemoth/\n")
    run_import(path)
    assert Article.objects.get().outlet == post


def test_page_metadata_reads_the_head_only_for_well_formed_values():
    head = page_metadata(
        _page(
            '<LINK REL="Canonical" HREF="https://example.org/a">'
            '<meta name="dcterms.date" content="2024">'
            '<meta property="og:url" content="https://example.org/b">'
        )
    )
    assert (head.url, head.published) == ("https://example.org/a", "2024")
    assert page_metadata("") == page_metadata("<p>no head</p>")
