"""The public site's own words follow the reader's language everywhere, not only on the dossier
page: what changed between revisions (on the page, in its corrections log and on the compare
page), the feeds, the oEmbed answer and the "not found" page. The desk's words in them keep
their own language, declared with `lang`."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from claims.dossiers.diff import change_html
from claims.dossiers.publish import dossier_publish
from claims.ratings import SCALE
from tests.factories import corrected_fact

pytestmark = pytest.mark.django_db

IT = {"Accept-Language": "it"}


@pytest.fixture
def corrected(published, editor, other_editor):
    """Revision 2 of the dossier, correcting the fact's verdict from true to mostly true."""
    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    return dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")


def _labels(language: str) -> tuple[str, str]:
    with translation.override(language):
        return str(SCALE["true"].label), str(SCALE["mostly_true"].label)


def test_what_changed_reads_in_italian_on_the_dossier_page_and_its_corrections_log(corrected, client):
    true, mostly = _labels("it")
    html = client.get("/dossiers/behemoth/", headers=IT).content.decode()
    assert html.count(f"Verdetto: {true} → {mostly}.") == 2  # the changes, and the corrections log
    assert "Verdict: " not in html
    english = client.get("/dossiers/behemoth/").content.decode()
    assert english.count("Verdict: True → Mostly true.") == 2


def test_the_compare_page_speaks_the_readers_language(corrected, client, django_assert_max_num_queries):
    true, mostly = _labels("fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with django_assert_max_num_queries(3):
        response = client.get("/dossiers/behemoth/compare/1...2/")
    html = response.content.decode()
    assert f"Verdict : {true} → {mostly}." in html
    assert '<html lang="fr">' in html
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_change_declares_the_desks_words_in_the_desks_language():
    change = {
        "kind": "verdict",
        "fact": 1,
        "statement": "S",
        "detail": "Verdict on the claim “<b>x</b>”: True → False.",
        "what": "claim_verdict",
        "params": {"claim": "<b>x</b>", "old": "true", "new": "false"},
    }
    with translation.override("it"):
        html = change_html(change, "en")
        true, false = str(SCALE["true"].label), str(SCALE["false"].label)
    assert (
        html == f'Verdetto sull’affermazione «<span lang="en">&lt;b&gt;x&lt;/b&gt;</span>»: {true} → {false}.'
    )


def test_a_change_from_an_older_revision_keeps_its_english_detail():
    old = {"kind": "text", "fact": 1, "statement": "S", "detail": "Source added: <WSJ> (context)."}
    with translation.override("fr"):
        assert change_html(old) == '<span lang="en">Source added: &lt;WSJ&gt; (context).</span>'


def test_the_feeds_speak_the_readers_language(corrected, client):
    atom = client.get("/dossiers/feed/atom/", headers=IT)
    text = atom.content.decode()
    assert "Correzione: Llama 4 Behemoth (revisione 2)" in text
    assert "Nuovo dossier: Llama 4 Behemoth (revisione 1)" in text
    assert 'xml:lang="it"' in text
    assert "Accept-Language" in atom["Vary"]
    assert "Cookie" in atom["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    rss = client.get("/dossiers/feed/rss/").content.decode()
    assert "<language>fr</language>" in rss
    assert "Correction : Llama 4 Behemoth (révision 2)" in rss
    assert "dossiers et corrections" in rss
    assert "<category>correction</category>" in rss  # for machines: the same in every language


def test_the_oembed_answer_speaks_the_readers_language(published, client):
    url = f"{settings.PUBLIC_URL}/dossiers/behemoth/v1/#fact-{published.fact.pk}"
    response = client.get("/dossiers/oembed/", {"url": url}, headers=IT)
    data = response.json()
    assert f'title="Verifica di {settings.PUBLISHER_NAME}: {published.fact.statement}' in data["html"]
    assert data["title"].startswith(published.fact.statement)  # the desk's words, as written
    assert "Cookie" in response["Vary"]
    unsupported = client.get("/dossiers/oembed/", {"url": url, "format": "xml"}, headers=IT)
    assert unsupported.status_code == 501
    assert unsupported.content.decode() == "È disponibile solo il formato JSON."


@pytest.mark.parametrize("path", ["/dossiers/no-such-story/", "/dossiers/behemoth/v9/", "/no-such-page/"])
def test_the_not_found_page_speaks_the_readers_language(published, client, path):
    response = client.get(path, headers=IT)
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="it">' in html
    assert "Pagina non trovata" in html
    assert "Not Found" not in html
    assert response["Content-Language"] == "it"
    assert "Accept-Language" in response["Vary"]


def test_the_not_found_page_follows_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/dossiers/nothing-here/v2/").content.decode()
    assert "Page introuvable" in html
    assert re.search(r'<option value="fr"\s+lang="fr"\s+selected>', html)


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "May 1, 2025", "May 2025"),
        ("it", "01 Maggio 2025", "Maggio 2025"),
        ("fr", "1 mai 2025", "mai 2025"),
    ],
)
def test_a_dossier_date_is_shown_in_the_readers_format_at_its_precision(language, day, month):
    from claims.templatetags.claims_tags import iso_date

    with translation.override(language):
        assert (iso_date("2025-05-01"), iso_date("2025-05"), iso_date("2025")) == (day, month, "2025")
        assert iso_date("2025-05-01", "month") == month
