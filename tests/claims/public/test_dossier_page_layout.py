"""The dossier page a reader can navigate: contents, collapsible facts with permalinks, one card
per article, the claims chart first, "corrected" marks, a compare page that links to the facts,
unique landmark labels, gzip, social cards, and an embeddable card per fact (with oEmbed)."""

import datetime
import gzip
import os
import re

import pytest

from claims.dossiers.publish import dossier_publish
from tests.factories import ArticleFactory, OutletFactory, approved_claim, approved_fact, corrected_fact

pytestmark = pytest.mark.django_db


def _page(client, path="/dossiers/behemoth/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _correct(published, editor, other_editor):
    corrected_fact(published.fact, editor, other_editor, rating="mostly_true")
    return dossier_publish(story=published.fact.story, by=other_editor, change_note="Nearly 2T, not 2T.")


def test_contents_and_collapsible_facts_with_permalinks(published, client):
    fact, claim = published.fact, published.claim
    page = _page(client)
    toc = re.search(r'<nav class="toc" aria-labelledby="toc-title">.*?</nav>', page, re.S).group(0)
    for target in (f"#fact-{fact.pk}", "#articles", "#corrections"):
        assert f'href="{target}"' in toc
    details = re.search(r"<details>.*?</details>", page, re.S).group(0)
    summary = re.search(r"<summary>.*?</summary>", details, re.S).group(0)
    assert fact.statement in summary
    assert 'class="badge rating-true"' in summary  # the fact's verdict, shown while collapsed
    assert f'id="fact-{fact.pk}"' in details  # the permalink's target is in the collapsed fact
    assert f'id="claim-{claim.pk}"' in details
    assert f'href="/dossiers/behemoth/v1/#fact-{fact.pk}"' in details
    assert "<script" not in page.replace('<script type="application/ld+json">', "")  # no script needed


def test_one_card_per_article_with_how_its_claims_fared(story, fact_checker, editor, other_editor, client):
    outlet = OutletFactory(name="The Information", domain="theinformation.com")
    known = ArticleFactory(
        title="Meta delays Behemoth",
        body="It has 2 trillion parameters and 2 trillion parameters.",
        outlet=outlet,
        url="https://www.theinformation.com/articles/behemoth",
        published_on=datetime.date(2025, 5, 1),
        published_precision="month",
        original_outlet="The Wall Street Journal",
        original_url="https://www.wsj.com/tech/ai/behemoth",
        language="it",
    )
    unknown = ArticleFactory(title="A copy somewhere", body="About 2 trillion parameters.", outlet=None)
    first = approved_claim(fact_checker, editor, article=known)
    second = approved_claim(fact_checker, editor, article=unknown)
    approved_fact(story, editor, other_editor, [first])
    approved_fact(story, editor, other_editor, [first, second], statement="It was delayed.")
    dossier_publish(story=story, by=other_editor)
    page = _page(client)
    section = re.search(r'<section class="articles" id="articles".*?</section>', page, re.S).group(0)
    cards = re.findall(r'<li class="article-card".*?</li>', section, re.S)
    assert len(cards) == 2  # each article once, though it informs two facts
    card = next(card for card in cards if "Meta delays Behemoth" in card)
    assert 'href="https://www.theinformation.com/articles/behemoth"' in card
    assert "The Information" in card
    assert 'href="https://theinformation.com/"' in card
    assert '<time datetime="2025-05">May 2025</time>' in card
    assert "Italian" in card
    assert 'href="https://www.wsj.com/tech/ai/behemoth"' in card
    assert "The Wall Street Journal" in card
    assert re.search(r"1 claim:\s*<span class=\"badge rating-true\"[^>]*>True</span>&nbsp;×&nbsp;1", card)
    other = next(card for card in cards if "A copy somewhere" in card)
    assert "date not verified" in other
    assert "Outlet not verified" in other
    # Said once, plainly, above the cards.
    assert section.count("could not verify") == 1
    assert "could not verify where 1 of these 2 articles was first published" in section


def test_the_claims_chart_comes_first(published, client):
    page = _page(client)
    assert page.index('id="chart-claims"') < page.index('id="chart-facts"')


def test_corrected_facts_and_claims_are_marked(published, editor, other_editor, client):
    _correct(published, editor, other_editor)
    page = _page(client)
    details = re.search(r"<details>.*?</details>", page, re.S).group(0)
    assert "Corrected in revision 2" in re.search(r"<summary>.*?</summary>", details, re.S).group(0)
    first = _page(client, "/dossiers/behemoth/v1/")  # the old revision's stored page is unchanged
    assert "Corrected in revision" not in first


def test_a_corrected_claim_is_marked(published, fact_checker, editor, other_editor, client):
    from claims.review.evidence import verdict_set
    from claims.review.workflow import review_transition

    claim = published.claim
    review_transition(item=claim, action="correct", by=editor, comment="Nearly 2T.")
    claim.refresh_from_db()
    verdict_set(
        claim=claim,
        by=fact_checker,
        rating="mostly_true",
        rationale="Nearly 2T.",
        expected_version=claim.verdict.version,
    )
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="approve", by=editor)
    dossier_publish(story=published.fact.story, by=other_editor, change_note="The claim overstated it.")
    page = _page(client)
    figure = re.search(rf'<figure class="claim"\s+id="claim-{claim.pk}">.*?</figure>', page, re.S)
    assert figure is not None, page
    assert "Corrected in revision 2" in figure.group(0)


def test_the_compare_page_links_to_the_facts_with_the_change_note(published, editor, other_editor, client):
    _correct(published, editor, other_editor)
    page = _page(client, "/dossiers/behemoth/compare/1...2/")
    assert f'href="/dossiers/behemoth/v2/#fact-{published.fact.pk}"' in page
    assert "Nearly 2T, not 2T." in page


def test_each_fact_region_has_its_own_label(story, fact_checker, editor, other_editor, client):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim], statement="One.")
    approved_fact(story, editor, other_editor, [claim], statement="Two.")
    dossier_publish(story=story, by=other_editor)
    page = _page(client)
    labels = re.findall(r'<article class="fact[^"]*"\s+aria-labelledby="([^"]+)"', page)
    assert len(labels) == 2
    assert len(set(labels)) == 2
    for label in labels:
        assert f'id="{label}"' in page
    assert 'aria-label="' not in page  # nothing repeats one shared label


def test_pages_and_export_are_gzipped_with_their_own_etag(published, client):
    plain = client.get("/dossiers/behemoth/")
    zipped = client.get("/dossiers/behemoth/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    assert zipped["ETag"] != plain["ETag"]
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert client.get("/dossiers/behemoth/", HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 200
    again = client.get("/dossiers/behemoth/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304
    refused = client.get("/dossiers/behemoth/", HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in refused

    export = client.get("/dossiers/behemoth/v1.json", HTTP_ACCEPT_ENCODING="gzip")
    assert export["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in export["Vary"]
    assert gzip.decompress(export.content) == client.get("/dossiers/behemoth/v1.json").content
    assert (
        client.get(
            "/dossiers/behemoth/v1.json", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=export["ETag"]
        )
    ).status_code == 304


def test_a_large_page_is_sent_from_a_file_with_the_same_bytes(published, client, monkeypatch, settings):
    from claims.public import pages

    settings.DOSSIER_PAGE_CACHE_SECONDS = 60  # the page is kept between these requests

    small = client.get("/dossiers/behemoth/")
    assert not small.streaming  # under LARGE_PAGE: sent from memory
    monkeypatch.setattr(pages, "LARGE_PAGE", 1)
    pages.dossier_pages_forget()
    large = client.get("/dossiers/behemoth/")
    assert large.streaming  # a FileResponse: the server sends it with sendfile
    assert b"".join(large.streaming_content) == small.content
    assert large["Content-Length"] == str(len(small.content))
    assert large["Content-Type"] == "text/html; charset=utf-8"
    assert large["ETag"] == small["ETag"]
    assert "Content-Disposition" not in large
    zipped = client.get("/dossiers/behemoth/", HTTP_ACCEPT_ENCODING="gzip")
    assert not zipped.streaming
    assert gzip.decompress(zipped.content) == small.content

    ((_, page),) = pages._pages.items()
    os.unlink(page.path)  # removed under the process (a tmp cleaner): the bytes are sent instead
    again = client.get("/dossiers/behemoth/")
    assert not again.streaming
    assert again.content == small.content
    pages._forget_file(page)  # a file already gone is no error


def test_a_new_revision_removes_the_old_pages_files(published, client, monkeypatch):
    from claims.public import pages

    monkeypatch.setattr(pages, "LARGE_PAGE", 1)
    pages.dossier_pages_forget()
    client.get("/dossiers/behemoth/")
    (page,) = pages._pages.values()
    assert os.path.exists(page.path)
    pages.dossier_pages_forget()
    assert not os.path.exists(page.path)


def test_the_stored_page_has_no_indentation(published):
    html = published.revision.html
    assert not re.search(r"\n[ \t]", html)
    assert "\n\n" not in html


def test_open_graph_and_twitter_card(published, client, settings):
    page = _page(client)
    head = page[: page.index("</head>")]
    origin = settings.PUBLIC_URL
    assert '<meta property="og:title" content="Llama 4 Behemoth">' in head
    assert '<meta property="og:description" content="Meta&#x27;s largest model.">' in head
    assert f'<meta property="og:url" content="{origin}/dossiers/behemoth/v1/">' in head
    assert f'<meta property="og:site_name" content="{settings.PUBLISHER_NAME}">' in head
    assert '<meta name="twitter:card" content="summary">' in head
    assert '<meta name="twitter:title" content="Llama 4 Behemoth">' in head
    fact = published.fact.pk
    assert (
        f'<link rel="alternate" type="application/json+oembed" href="{origin}/dossiers/oembed/'
        f'?url={origin}/dossiers/behemoth/v1/%23fact-{fact}&amp;format=json"'
    ) in head


def test_the_embeddable_card_may_be_framed_only_there(published, client):
    fact = published.fact
    embed = client.get(f"/dossiers/behemoth/v1/facts/{fact.pk}/embed/")
    assert embed.status_code == 200
    body = embed.content.decode()
    assert fact.statement in body
    assert "rating-true" in body
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    page = client.get("/dossiers/behemoth/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert client.get("/dossiers/behemoth/v1/facts/999999/embed/").status_code == 404
    assert client.get("/dossiers/behemoth/v9/facts/1/embed/").status_code == 404


def test_oembed(published, client, settings):
    fact = published.fact.pk
    origin = settings.PUBLIC_URL
    for url in (
        f"{origin}/dossiers/behemoth/v1/#fact-{fact}",
        f"{origin}/dossiers/behemoth/#fact-{fact}",
        f"{origin}/dossiers/behemoth/v1/facts/{fact}/embed/",
    ):
        response = client.get("/dossiers/oembed/", {"url": url, "format": "json"})
        assert response.status_code == 200, url
        data = response.json()
        assert data["type"] == "rich"
        assert data["version"] == "1.0"
        assert data["provider_name"] == settings.PUBLISHER_NAME
        assert (data["width"], data["height"]) == (560, 320)
        assert f'src="{origin}/dossiers/behemoth/v1/facts/{fact}/embed/"' in data["html"]
        assert data["html"].startswith("<iframe")
    small = client.get(
        "/dossiers/oembed/", {"url": f"{origin}/dossiers/behemoth/v1/#fact-{fact}", "maxwidth": 300}
    )
    assert small.json()["width"] == 300
    url = f"{origin}/dossiers/behemoth/v1/#fact-{fact}"
    assert client.get("/dossiers/oembed/", {"url": url, "format": "xml"}).status_code == 501
    for wrong in (
        f"{origin}/dossiers/behemoth/v1/",  # a dossier, not a fact
        f"{origin}/dossiers/behemoth/v1/#fact-999999",
        f"{origin}/dossiers/behemoth/v7/#fact-{fact}",
        f"{origin}/dossiers/nothing/v1/#fact-{fact}",
        f"https://elsewhere.example/dossiers/behemoth/v1/#fact-{fact}",
        "",
    ):
        assert client.get("/dossiers/oembed/", {"url": wrong}).status_code == 404, wrong


def test_the_behemoth_dossier_page(behemoth_dossier, client):
    page = _page(client, f"/dossiers/{behemoth_dossier.story.slug}/")
    assert page.count("<details>") == 11
    assert page.index('id="chart-claims"') < page.index('id="chart-facts"')
    articles = {a["id"] for fact in behemoth_dossier.snapshot["facts"] for a in fact["articles"]}
    assert len(re.findall(r'<li class="article-card"', page)) == len(articles)
    labels = re.findall(r'<article class="fact[^"]*"\s+aria-labelledby="([^"]+)"', page)
    assert len(labels) == len(set(labels)) == 11
