"""Publishing a story's dossier: what enters a revision, its immutability, the four-eyes rule,
republishing with corrections, and the public pages served from the frozen revision."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from claims.dossiers.publish import PublishError, dossier_publish
from claims.models import Claim, DossierRevision, Fact, RevisionImmutable, Story, Transition
from claims.review.workflow import review_transition
from claims.stories.services import fact_update
from tests.factories import ArticleFactory, approved_claim, approved_fact, ready_fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(newsroom, story):
    """Revision 1: one fact (by ed1, approved by ed2) holding one claim, published by ed2."""
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    fact = approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    revision = dossier_publish(story=story, by=newsroom["editor2"])
    return revision, fact, claim


def _correct_fact(fact: Fact, newsroom, *, rating: str) -> Fact:
    """A published fact's verdict corrected through review: sent back, changed, re-approved."""
    review_transition(item=fact, action="correct", by=newsroom["editor2"], comment="Meta says nearly 2T.")
    fact.refresh_from_db()
    fact_update(
        fact=fact,
        by=newsroom["editor"],
        statement=fact.statement,
        happened_on=fact.happened_on,
        rating=rating,
        rationale="Meta says “nearly two trillion”.",
        reconciliation=fact.reconciliation,
    )
    review_transition(item=fact, action="submit", by=newsroom["editor"])
    return review_transition(item=fact, action="approve", by=newsroom["editor2"])


# -- what a revision holds ------------------------------------------------------------------


def test_publishing_freezes_the_reviewed_content_and_publishes_it(published, newsroom):
    revision, fact, claim = published
    assert revision.number == 1
    assert revision.published_by == newsroom["editor2"]
    [entry] = revision.snapshot["facts"]
    assert entry["statement"] == fact.statement
    assert entry["rating"] == "true"
    [article] = entry["articles"]
    [quoted] = article["claims"]
    assert quoted["quote"]["exact"] == "2 trillion parameters"
    assert quoted["position"] == {"start": claim.start, "end": claim.end}
    assert quoted["rating"] == "true"
    assert quoted["sources"][0]["stance"] == "supports"
    fact.refresh_from_db()
    claim.refresh_from_db()
    assert fact.status == claim.status == "published"
    moves = Transition.objects.filter(action="publish", by=newsroom["editor2"])
    assert {(t.fact_id, t.claim_id) for t in moves} == {(fact.pk, None), (None, claim.pk)}


def test_only_approved_facts_and_claims_enter_the_dossier(newsroom, story):
    approved = approved_claim(newsroom["checker"], newsroom["editor"])
    in_review = approved_claim(newsroom["checker"], newsroom["editor"], article=ArticleFactory())
    review_transition(item=in_review, action="reopen", by=newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [approved, in_review])
    ready_fact(story, newsroom["editor"], statement="A draft fact, not reviewed yet.")

    revision = dossier_publish(story=story, by=newsroom["editor2"])

    [fact] = revision.snapshot["facts"]
    claims = [c["id"] for a in fact["articles"] for c in a["claims"]]
    assert claims == [approved.pk]
    assert "A draft fact" not in revision.html


def test_a_story_without_approved_facts_cannot_be_published(newsroom, story):
    ready_fact(story, newsroom["editor"])
    with pytest.raises(PublishError, match="No approved fact"):
        dossier_publish(story=story, by=newsroom["editor2"])


# -- immutability ---------------------------------------------------------------------------


def test_a_revision_never_changes_through_the_model(published):
    revision, _, _ = published
    revision.change_note = "rewritten"
    with pytest.raises(RevisionImmutable):
        revision.save()
    with pytest.raises(RevisionImmutable):
        DossierRevision.objects.filter(pk=revision.pk).update(html="<p>rewritten</p>")
    with pytest.raises(RevisionImmutable):
        revision.delete()
    with pytest.raises(RevisionImmutable):
        DossierRevision.objects.all().delete()
    assert DossierRevision.objects.get(pk=revision.pk).html == published[0].html


def test_a_revision_never_changes_even_past_the_model(published):
    revision, _, _ = published
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_dossierrevision SET html = 'rewritten' WHERE id = %s", [revision.pk])
    assert DossierRevision.objects.get(pk=revision.pk).html != "rewritten"


@pytest.mark.postgres
def test_a_revision_cannot_be_deleted_past_the_model_on_postgresql(published):
    revision, _, _ = published
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_dossierrevision WHERE id = %s", [revision.pk])
    assert DossierRevision.objects.filter(pk=revision.pk).exists()


def test_later_changes_leave_a_published_revision_as_it_was(published, newsroom):
    revision, fact, _ = published
    html, snapshot = revision.html, revision.snapshot
    _correct_fact(fact, newsroom, rating="mostly_true")
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Meta says nearly 2T, not 2T.")
    revision = DossierRevision.objects.get(pk=revision.pk)
    assert (revision.html, revision.snapshot) == (html, snapshot)


# -- who publishes --------------------------------------------------------------------------


def test_four_eyes_the_author_of_every_fact_cannot_publish(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    with pytest.raises(PermissionDenied, match="Four eyes"):
        dossier_publish(story=story, by=newsroom["editor"])
    assert not story.revisions.exists()


def test_a_fact_checker_cannot_publish(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    with pytest.raises(PermissionDenied, match="publishing permission"):
        dossier_publish(story=story, by=newsroom["checker"])


def test_an_editor_who_wrote_some_of_the_facts_may_publish(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim])
    other = approved_claim(newsroom["checker"], newsroom["editor"], article=ArticleFactory())
    approved_fact(story, newsroom["editor2"], newsroom["editor"], [other], statement="Meta delayed Behemoth.")
    assert dossier_publish(story=story, by=newsroom["editor"]).number == 1


# -- publishing again -----------------------------------------------------------------------


def test_publishing_again_needs_a_change_note_and_a_change(published, newsroom):
    revision, fact, _ = published
    with pytest.raises(PublishError, match="change note"):
        dossier_publish(story=fact.story, by=newsroom["editor2"])
    with pytest.raises(PublishError, match="Nothing changed"):
        dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Again.")
    assert fact.story.revisions.count() == 1


def test_a_fact_back_in_review_blocks_publishing_rather_than_dropping_out(published, newsroom):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=newsroom["editor2"], comment="Check the figure.")
    other = approved_claim(newsroom["checker"], newsroom["editor"], article=ArticleFactory())
    approved_fact(
        fact.story, newsroom["editor2"], newsroom["editor"], [other], statement="Meta delayed Behemoth."
    )
    with pytest.raises(PublishError, match="back in review"):
        dossier_publish(story=fact.story, by=newsroom["editor"], change_note="A new fact.")


def test_a_corrected_verdict_enters_the_public_corrections_log(published, newsroom, client):
    _, fact, _ = published
    _correct_fact(fact, newsroom, rating="mostly_true")

    revision = dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Meta says nearly 2T.")

    assert revision.number == 2
    assert revision.is_correction
    [correction] = revision.snapshot["corrections"]
    assert correction["note"] == "Meta says nearly 2T."
    assert correction["revision"] == 2
    assert correction["changes"][0]["detail"] == "Verdict: True → Mostly true."
    page = client.get("/dossiers/behemoth/").content.decode()
    assert "Meta says nearly 2T." in page
    assert "Verdict: True → Mostly true." in page
    old = client.get("/dossiers/behemoth/v1/").content.decode()
    assert "No verdict in this dossier has been corrected." in old
    assert "Read the latest revision (2)" in old


def test_a_new_claim_is_a_change_but_not_a_correction(published, newsroom):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=newsroom["editor2"], comment="Add the French report.")
    fact.refresh_from_db()
    other = approved_claim(newsroom["checker"], newsroom["editor"], article=ArticleFactory(language="fr"))
    from claims.stories.services import fact_attach_claim

    fact_attach_claim(fact=fact, claim=other, by=newsroom["editor"])
    review_transition(item=fact, action="submit", by=newsroom["editor"])
    review_transition(item=fact, action="approve", by=newsroom["editor2"])

    revision = dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="The French report.")

    assert not revision.is_correction
    assert revision.snapshot["corrections"] == []
    assert [c["kind"] for c in revision.snapshot["changes"]] == ["claim"]


def test_a_retracted_fact_stays_in_the_dossier_marked(published, newsroom, client):
    _, fact, _ = published
    review_transition(item=fact, action="retract", by=newsroom["editor2"], comment="Wrong model.")
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Retracted a fact.")
    page = client.get("/dossiers/behemoth/").content.decode()
    assert "Retracted:</strong> Wrong model." in page
    assert _claim_reviews(page) == []  # a withdrawn review is not marked up


# -- the public pages -----------------------------------------------------------------------


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


def test_an_older_revision_page_changes_its_etag_when_a_newer_one_comes(published, newsroom, client):
    _, fact, _ = published
    before = client.get("/dossiers/behemoth/v1/")["ETag"]
    _correct_fact(fact, newsroom, rating="mostly_true")
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Nearly 2T.")
    assert client.get("/dossiers/behemoth/v1/", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_the_json_export_is_the_snapshot(published, client):
    revision, _, _ = published
    response = client.get("/dossiers/behemoth/v1.json")
    assert response.json() == revision.snapshot
    assert "immutable" in response["Cache-Control"]
    assert client.get("/dossiers/behemoth/v1.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_imported_text_is_escaped_everywhere(newsroom, client):
    story = Story.objects.create(
        title="T <script>alert(1)</script>", slug="xss", lead_editor=newsroom["editor"]
    )
    body = "Meta said </script><script>alert(1)</script> about 2 trillion parameters."
    claim = approved_claim(
        newsroom["checker"], newsroom["editor"], article=ArticleFactory(body=body, title="<b>x</b>")
    )
    approved_fact(
        story, newsroom["editor"], newsroom["editor2"], [claim], statement="It said </script><b>bold</b>."
    )
    dossier_publish(story=story, by=newsroom["editor2"])
    page = client.get("/dossiers/xss/").content.decode()
    assert "<script>alert(1)" not in page
    assert "<b>" not in page
    assert page.count("</script>") == 1  # only the JSON-LD's own end tag
    assert _claim_reviews(page)[0]["claimReviewed"] == "It said </script><b>bold</b>."


def test_the_index_lists_published_stories_only(published, newsroom, client, django_assert_max_num_queries):
    Story.objects.create(title="Not published", slug="draft-story", lead_editor=newsroom["editor"])
    with django_assert_max_num_queries(1):
        page = client.get("/dossiers/").content.decode()
    assert "Llama 4 Behemoth" in page
    assert "Not published" not in page


def test_revisions_list_and_compare(published, newsroom, client):
    _, fact, _ = published
    _correct_fact(fact, newsroom, rating="mostly_true")
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Nearly 2T.")
    listing = client.get("/dossiers/behemoth/revisions/").content.decode()
    assert "Revision 2" in listing
    assert "Correction" in listing
    assert "Nearly 2T." in listing
    compare = client.get("/dossiers/behemoth/compare/1...2/").content.decode()
    assert "Verdict: True → Mostly true." in compare
    assert client.get("/dossiers/behemoth/compare/2...1/").status_code == 404


def test_the_feeds_list_revisions_and_corrections(published, newsroom, client):
    _, fact, _ = published
    _correct_fact(fact, newsroom, rating="mostly_true")
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Nearly 2T.")
    atom = client.get("/dossiers/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    text = atom.content.decode()
    assert "Correction: Llama 4 Behemoth (revision 2)" in text
    assert "New dossier: Llama 4 Behemoth (revision 1)" in text
    assert "/dossiers/behemoth/v2/" in text
    rss = client.get("/dossiers/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"<item>" in rss.content


# -- ClaimReview ----------------------------------------------------------------------------


def _claim_reviews(page: str) -> list[dict]:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def _check_claim_review(review: dict) -> None:
    """The required and recommended ClaimReview fields (schema.org, and search engines' docs)."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"].startswith("http")
    assert "#fact-" in review["url"]
    assert review["claimReviewed"].strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"]
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]
    assert all(a["@type"] and a["headline"] for a in item["appearance"])
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["author"]
    assert all(author["name"] for author in item["author"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", item["datePublished"])


def test_each_fact_carries_valid_claim_review_markup(published, client):
    revision, fact, claim = published
    [review] = _claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    _check_claim_review(review)
    assert review["claimReviewed"] == fact.statement
    assert review["url"] == f"http://127.0.0.1:8000/dossiers/behemoth/v1/#fact-{fact.pk}"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["appearance"][0]["headline"] == claim.article.title


def test_a_non_scale_verdict_is_marked_up_by_its_name(newsroom, story, client):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim], rating="misattributed")
    dossier_publish(story=story, by=newsroom["editor2"])
    [review] = _claim_reviews(client.get("/dossiers/behemoth/").content.decode())
    _check_claim_review(review)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misattributed"}


def test_claims_keep_their_own_verdicts_inside_a_fact(newsroom, story):
    claim = approved_claim(newsroom["checker"], newsroom["editor"])
    approved_fact(story, newsroom["editor"], newsroom["editor2"], [claim], rating="mostly_true")
    revision = dossier_publish(story=story, by=newsroom["editor2"])
    [fact] = revision.snapshot["facts"]
    assert fact["rating"] == "mostly_true"
    assert fact["articles"][0]["claims"][0]["rating"] == Claim.objects.get().verdict.rating == "true"


def test_a_process_keeps_the_page_a_while_and_forgets_it_when_it_publishes(
    published, newsroom, client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
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
    _correct_fact(fact, newsroom, rating="mostly_true")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Nearly 2T.")
    assert "Verdict: True → Mostly true." in client.get("/dossiers/behemoth/").content.decode()
    dossier_pages_forget()


def test_every_kind_of_change_is_published_and_listed(published, newsroom, client):
    _, fact, _ = published
    review_transition(item=fact, action="correct", by=newsroom["editor2"], comment="Another source.")
    fact.refresh_from_db()
    from claims.stories.services import fact_source_attach

    fact_source_attach(
        fact=fact, url="https://example.org/wsj", title="WSJ", stance="context", by=newsroom["editor"]
    )
    fact.refresh_from_db()
    fact_update(
        fact=fact,
        by=newsroom["editor"],
        statement=fact.statement,
        happened_on=None,
        rating=fact.rating,
        rationale=fact.rationale,
        reconciliation=fact.reconciliation,
    )
    review_transition(item=fact, action="submit", by=newsroom["editor"])
    review_transition(item=fact, action="approve", by=newsroom["editor2"])
    revision = dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="A source; no date.")
    details = [change["detail"] for change in revision.snapshot["changes"]]
    assert details == ["Date on the timeline: 2025-04-05 → none.", "Source added: WSJ (context)."]
    assert not revision.is_correction


def test_a_retraction_is_a_public_correction(published, newsroom):
    _, fact, _ = published
    review_transition(item=fact, action="retract", by=newsroom["editor2"], comment="Wrong model.")
    revision = dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Retracted a fact.")
    assert revision.is_correction
    assert revision.snapshot["corrections"][0]["changes"][0]["detail"] == "Retracted: Wrong model."


def test_an_old_revision_is_not_304_by_date_once_a_newer_one_exists(published, newsroom, client):
    _, fact, _ = published
    before = client.get("/dossiers/behemoth/v1/")["Last-Modified"]
    _correct_fact(fact, newsroom, rating="mostly_true")
    import time

    time.sleep(1.1)  # HTTP dates count whole seconds
    dossier_publish(story=fact.story, by=newsroom["editor2"], change_note="Nearly 2T.")
    assert client.get("/dossiers/behemoth/v1/", HTTP_IF_MODIFIED_SINCE=before).status_code == 200


def test_public_pages_show_the_story_as_published_and_no_login_names(published, client):
    revision, _, _ = published
    revision.story.title = "Renamed, not published yet"
    revision.story.save()
    for url in ("/dossiers/", "/dossiers/behemoth/", "/dossiers/behemoth/revisions/", "/dossiers/feed/atom/"):
        text = client.get(url).content.decode()
        assert "Llama 4 Behemoth" in text, url
        assert "Renamed" not in text, url
    export = client.get("/dossiers/behemoth/v1.json").content.decode()
    assert "ed1" not in export
    assert "ed2" not in export
    assert client.get("/dossiers/behemoth/compare/1...99999999999999999999/").status_code == 404
    assert client.get("/dossiers/behemoth/v99999999999999999999/").status_code == 404
