"""The public dossier pages: served from the frozen revision, without a login, cheaply and
cacheably, with imported text escaped and no login names."""

import time

import pytest

from claims.dossiers.publish import dossier_publish
from claims.review.workflow import review_transition
from tests.claims.dossiers.helpers import claim_reviews
from tests.factories import ArticleFactory, StoryFactory, approved_claim, approved_fact, corrected_fact

pytestmark = pytest.mark.django_db


def test_the_dossier_needs_no_login_and_makes_one_query(published, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/dossiers/behemoth/")
    assert response.status_code == 200
    assert "Behemoth has about 2 trillion parameters." in response.content.decode()
    with django_assert_num_queries(1):
        assert client.get("/dossiers/behemoth/v1/").status_code == 200


def test_unknown_dossiers_and_revisions_are_not_found(published, client):
    assert client.get("/dossiers/nothing/").status_code == 404
    assert client.get("/dossiers/behemoth/v2/").status_code == 404
    assert client.get("/dossiers/behemoth/v2.json").status_code == 404
    assert client.post("/dossiers/behemoth/").status_code == 405


def test_conditional_get_answers_304(published, client):
    response = client.get("/dossiers/behemoth/")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert client.get("/dossiers/behemoth/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/dossiers/behemoth/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/dossiers/behemoth/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_older_revision_page_changes_its_etag_when_a_newer_one_comes(
    published, editor, other_editor, client
):
    _, fact, _ = published
    before = client.get("/dossiers/behemoth/v1/")["ETag"]
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")
    assert client.get("/dossiers/behemoth/v1/", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_an_old_revision_is_not_304_by_date_once_a_newer_one_exists(published, editor, other_editor, client):
    _, fact, _ = published
    before = client.get("/dossiers/behemoth/v1/")["Last-Modified"]
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    time.sleep(1.1)  # HTTP dates count whole seconds
    dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")
    assert client.get("/dossiers/behemoth/v1/", HTTP_IF_MODIFIED_SINCE=before).status_code == 200


def test_the_json_export_is_the_snapshot(published, client):
    revision = published.revision
    response = client.get("/dossiers/behemoth/v1.json")
    assert response.json() == revision.snapshot
    assert "immutable" in response["Cache-Control"]
    assert client.get("/dossiers/behemoth/v1.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_imported_text_is_escaped_everywhere(fact_checker, editor, other_editor, client):
    story = StoryFactory(title="T <script>alert(1)</script>", slug="xss", lead_editor=editor)
    body = "Meta said </script><script>alert(1)</script> about 2 trillion parameters."
    claim = approved_claim(fact_checker, editor, article=ArticleFactory(body=body, title="<b>x</b>"))
    approved_fact(story, editor, other_editor, [claim], statement="It said </script><b>bold</b>.")
    dossier_publish(story=story, by=other_editor)
    page = client.get("/dossiers/xss/").content.decode()
    assert "<script>alert(1)" not in page
    assert "<b>" not in page
    assert page.count("</script>") == 1  # only the JSON-LD's own end tag
    assert "It said &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;." in page  # the fact's statement, escaped
    assert claim_reviews(page)[0]["itemReviewed"]["appearance"]["headline"] == "<b>x</b>"  # JSON, safe


def test_the_index_lists_published_stories_only(published, editor, client, django_assert_max_num_queries):
    StoryFactory(title="Not published", slug="draft-story", lead_editor=editor)
    with django_assert_max_num_queries(1):
        page = client.get("/dossiers/").content.decode()
    assert "Llama 4 Behemoth" in page
    assert "Not published" not in page


def test_revisions_list_and_compare(published, editor, other_editor, client):
    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")
    listing = client.get("/dossiers/behemoth/revisions/").content.decode()
    assert "Revision 2" in listing
    assert "Correction" in listing
    assert "Nearly 2T." in listing
    compare = client.get("/dossiers/behemoth/compare/1...2/").content.decode()
    assert "Verdict: True → Mostly true." in compare
    assert client.get("/dossiers/behemoth/compare/2...1/").status_code == 404


def test_a_retracted_fact_stays_in_the_dossier_marked(published, other_editor, client):
    _, fact, _ = published
    review_transition(item=fact, action="retract", by=other_editor, comment="Wrong model.")
    dossier_publish(story=fact.story, by=other_editor, change_note="Retracted a fact.")
    page = client.get("/dossiers/behemoth/").content.decode()
    assert 'Retracted:</strong> <span lang="en">Wrong model.</span>' in page
    assert claim_reviews(page) == []  # a withdrawn review is not marked up


def test_a_process_keeps_the_page_a_while_and_forgets_it_when_it_publishes(
    published,
    editor,
    other_editor,
    client,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    from claims.public.pages import dossier_pages_forget

    settings.DOSSIER_PAGE_CACHE_SECONDS = 60
    dossier_pages_forget()
    client.get("/dossiers/behemoth/")
    with django_assert_num_queries(0):
        cached = client.get("/dossiers/behemoth/")
    assert cached.status_code == 200
    assert client.get("/dossiers/behemoth/", HTTP_IF_NONE_MATCH=cached["ETag"]).status_code == 304
    _, fact, _ = published
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_publish(story=fact.story, by=other_editor, change_note="Nearly 2T.")
    assert "Verdict: True → Mostly true." in client.get("/dossiers/behemoth/").content.decode()
    dossier_pages_forget()


def test_public_pages_show_the_story_as_published_and_no_login_names(published, editor, other_editor, client):
    revision = published.revision
    revision.story.title = "Renamed, not published yet"
    revision.story.save()
    for url in ("/dossiers/", "/dossiers/behemoth/", "/dossiers/behemoth/revisions/", "/dossiers/feed/atom/"):
        text = client.get(url).content.decode()
        assert "Llama 4 Behemoth" in text, url
        assert "Renamed" not in text, url
    export = client.get("/dossiers/behemoth/v1.json").content.decode()
    assert editor.username not in export  # the fact's author: "ed1"
    assert other_editor.username not in export  # its reviewer and publisher: "ed2"
    assert client.get("/dossiers/behemoth/compare/1...99999999999999999999/").status_code == 404
    assert client.get("/dossiers/behemoth/v99999999999999999999/").status_code == 404
