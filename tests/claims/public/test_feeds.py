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
