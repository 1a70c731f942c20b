"""The dossiers' Atom and RSS feeds: every revision, corrections named as such."""

import pytest

from claims.dossiers.publish import dossier_publish
from tests.factories import corrected_fact

pytestmark = pytest.mark.django_db


def test_the_feeds_list_revisions_and_corrections(published, editor, other_editor, client):
    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")
    atom = client.get("/dossiers/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    text = atom.content.decode()
    assert "Correction: Llama 4 Behemoth (revision 2)" in text
    assert "New dossier: Llama 4 Behemoth (revision 1)" in text
    assert "/dossiers/behemoth/v2/" in text
    rss = client.get("/dossiers/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"<item>" in rss.content


def test_the_feeds_carry_editor_text_as_text_never_as_html(published, editor, other_editor, client):
    """A change note is the editors' text: a feed reader that renders the html summary shows it
    as written, it never runs it."""
    from xml.etree import ElementTree

    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    note = '<img src=x onerror="alert(document.cookie)"> Nearly 2T & more.'
    dossier_publish(story=fact.story, by=other_editor, change_note=note)

    atom = ElementTree.fromstring(client.get("/dossiers/feed/atom/").content)  # noqa: S314 (our own feed)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summaries = [entry.find("atom:summary", ns) for entry in atom.findall("atom:entry", ns)]
    correction = next(s for s in summaries if "Nearly 2T" in s.text)
    assert correction.get("type") == "html"
    # As HTML, the summary is the note's text, escaped: no element, no attribute.
    assert (
        correction.text
        == "&lt;img src=x onerror=&quot;alert(document.cookie)&quot;&gt; Nearly 2T &amp; more."
    )

    rss = ElementTree.fromstring(client.get("/dossiers/feed/rss/").content)  # noqa: S314 (our own feed)
    descriptions = [item.findtext("description") for item in rss.iter("item")]
    assert (
        "&lt;img src=x onerror=&quot;alert(document.cookie)&quot;&gt; Nearly 2T &amp; more." in descriptions
    )
