"""The story's preview is rendered once per state of the story: served again while nothing
changes, rendered afresh after any change to what it shows."""

from unittest import mock

import pytest
from django.conf import settings
from django.utils import translation

from claims.dossiers import preview
from claims.dossiers.publish import dossier_publish
from claims.models import ClaimSource, FactSource, Source
from tests.factories import approved_claim, approved_fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders():
    """Counts the preview's renderings (each request still gets the page)."""
    with mock.patch.object(preview, "dossier_preview", wraps=preview.dossier_preview) as render:
        yield render


@pytest.fixture
def ready(story, fact_checker, editor, other_editor):
    """A story with an approved fact holding an approved claim, previewed by `other_editor`."""
    claim = approved_claim(fact_checker, editor)
    fact = approved_fact(story, editor, other_editor, [claim])
    claim.refresh_from_db()
    return fact, claim


def _preview(client) -> str:
    response = client.get("/stories/behemoth/preview/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def test_an_unchanged_story_is_previewed_from_the_cache(
    client, ready, other_editor, renders, django_assert_max_num_queries
):
    client.force_login(other_editor)
    first = _preview(client)
    with django_assert_max_num_queries(8):  # the session, the user, the story, its state: no facts read
        second = _preview(client)
    assert renders.call_count == 1
    assert second == first
    assert "Behemoth has about 2 trillion parameters." in second


def _change_story(story, fact, claim):
    story.summary = "Changed: the story's summary."
    story.save()


def _change_fact(story, fact, claim):
    fact.statement = "Changed: the fact's statement."
    fact.save()


def _change_claim(story, fact, claim):
    claim.statement = "Changed: the claim's statement."
    claim.save()


def _change_verdict(story, fact, claim):
    claim.verdict.rationale = "Changed: the verdict's rationale."
    claim.verdict.save()


def _change_article(story, fact, claim):
    claim.article.title = "Changed: the article's title."
    claim.article.save()


def _add_claim_source(story, fact, claim):
    source = Source.objects.create(url="https://example.org/changed", title="Changed: a new source.")
    ClaimSource.objects.create(claim=claim, source=source, stance="supports", added_by=claim.author)


def _replace_fact_source(story, fact, claim):
    FactSource.objects.filter(fact=fact).delete()
    source = Source.objects.create(url="https://example.org/changed", title="Changed: another source.")
    FactSource.objects.create(fact=fact, source=source, stance="context", added_by=fact.author)


@pytest.mark.parametrize(
    "change",
    [
        _change_story,
        _change_fact,
        _change_claim,
        _change_verdict,
        _change_article,
        _add_claim_source,
        _replace_fact_source,
    ],
)
def test_a_change_to_what_the_preview_shows_renders_it_again(
    client, story, ready, other_editor, renders, change
):
    fact, claim = ready
    client.force_login(other_editor)
    _preview(client)
    assert "Changed:" not in _preview(client)
    change(story, fact, claim)
    page = _preview(client)
    assert renders.call_count == 2
    if change is not _add_claim_source:  # the page lists a fact's sources, not its claims'
        assert "Changed:" in page


def test_a_new_fact_and_a_publication_render_it_again(
    client, story, ready, fact_checker, editor, other_editor, desk_admin, renders
):
    client.force_login(other_editor)
    _preview(client)
    approved_fact(
        story, editor, other_editor, [approved_claim(fact_checker, editor)], statement="Changed: a new fact."
    )
    assert "Changed: a new fact." in _preview(client)
    dossier_publish(story=story, by=desk_admin)
    _preview(client)  # the next revision's: it compares with revision 1 now
    assert renders.call_count == 3


def test_each_editor_and_language_has_its_own_preview(client, ready, editor, other_editor, renders):
    client.force_login(other_editor)
    _preview(client)
    client.force_login(editor)
    _preview(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    with translation.override(None):  # the request activates Italian: not for the next tests
        _preview(client)
    assert renders.call_count == 3
