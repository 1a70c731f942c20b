"""Composing a dossier in the desk: stories, facts from claims, suggestions, review, publishing."""

import pytest

from claims.models import DossierRevision, Fact, Story
from tests.factories import ArticleFactory, FactFactory, approved_claim, approved_fact, ready_fact

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize(
    "url",
    ["/stories/", "/stories/behemoth/", "/stories/behemoth/preview/", "/facts/1/"],
)
def test_desk_pages_need_login(client, story, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_role_is_refused(client, story, no_role):
    client.force_login(no_role)
    assert client.get("/stories/behemoth/").status_code == 403


def test_an_editor_creates_a_story_a_fact_checker_cannot(client, fact_checker, editor):
    client.force_login(fact_checker)
    response = client.post("/stories/", {"title": "Behemoth", "slug": "behemoth"}, follow=True)
    assert "Only an editor composes stories and their facts." in _messages(response)
    assert not Story.objects.exists()
    client.force_login(editor)
    response = client.post("/stories/", {"title": "Behemoth", "slug": "behemoth", "summary": "Meta."})
    assert response["Location"] == "/stories/behemoth/"
    assert Story.objects.get().lead_editor == editor
    response = client.post("/stories/", {"title": "Again", "slug": "behemoth"}, follow=True)
    assert "Another story has this address." in _messages(response)


def test_an_editor_creates_a_fact_from_a_claim(client, fact_checker, editor, story):
    claim = approved_claim(fact_checker, editor)
    client.force_login(editor)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Create a fact from this claim" in page
    response = client.post(f"/claims/{claim.pk}/fact/", {"story": story.pk})
    fact = Fact.objects.get()
    assert response["Location"] == f"/facts/{fact.pk}/"
    assert list(fact.claims.all()) == [claim]
    assert (fact.statement, fact.author, fact.status) == (claim.statement, editor, "draft")


def test_the_fact_page_suggests_claims_of_other_articles_and_attaches_them(
    client, fact_checker, editor, story
):
    claim = approved_claim(fact_checker, editor)
    italian = ArticleFactory(language="it", body="Behemoth ha 2 trilioni di parametri, secondo Meta.")
    other = approved_claim(fact_checker, editor, article=italian, quote="2 trilioni di parametri")
    fact = FactFactory(story=story, author=editor, claims=[claim])
    client.force_login(editor)

    page = client.get(f"/facts/{fact.pk}/").content.decode()
    assert "same figure: 2 trillion parameters" in page
    assert "2 trilioni di parametri" in page

    response = client.post(f"/facts/{fact.pk}/claims/", {"claim": other.pk}, follow=True)
    assert "Claim attached." in _messages(response)
    assert set(fact.claims.all()) == {claim, other}
    response = client.post(f"/facts/{fact.pk}/claims/", {"claim": other.pk}, follow=True)
    assert "The claim is already in this fact." in _messages(response)
    client.post(f"/facts/{fact.pk}/claims/{other.pk}/detach/")
    assert list(fact.claims.all()) == [claim]


def test_only_the_facts_author_composes_it(client, editor, other_editor, story):
    fact = ready_fact(story, editor)
    client.force_login(other_editor)
    response = client.post(
        f"/facts/{fact.pk}/",
        {
            "statement": "Changed",
            "rating": "false",
            "rationale": "x",
            "reconciliation": "",
            "version": fact.version,
        },
    )
    assert response.status_code == 400
    fact.refresh_from_db()
    assert fact.statement != "Changed"


def test_a_stale_fact_edit_is_refused_not_lost(client, editor, story):
    fact = ready_fact(story, editor)
    client.force_login(editor)
    data = {
        "statement": "Behemoth has nearly 2T parameters.",
        "happened_on": "2025-04-05",
        "rating": "true",
        "rationale": "Meta says so.",
        "reconciliation": "",
        "version": fact.version,
    }
    assert client.post(f"/facts/{fact.pk}/", data).status_code == 302
    data["statement"] = "A second edit from an old page."
    response = client.post(f"/facts/{fact.pk}/", data)
    assert response.status_code == 409
    assert "after you opened it" in " ".join(_messages(response))
    fact.refresh_from_db()
    assert fact.statement == "Behemoth has nearly 2T parameters."


def test_facts_go_through_review_with_four_eyes(client, fact_checker, editor, other_editor, story):
    claim = approved_claim(fact_checker, editor)
    fact = ready_fact(story, editor, [claim])
    client.force_login(editor)
    client.post(f"/facts/{fact.pk}/review/", {"action": "submit", "version": fact.version})
    fact.refresh_from_db()
    assert fact.status == "in_review"
    response = client.post(
        f"/facts/{fact.pk}/review/", {"action": "approve", "version": fact.version}, follow=True
    )
    assert any("Four eyes" in m for m in _messages(response))
    client.force_login(other_editor)
    client.post(f"/facts/{fact.pk}/review/", {"action": "approve", "version": fact.version})
    fact.refresh_from_db()
    assert (fact.status, fact.approved_by) == ("approved", other_editor)


def test_an_empty_fact_cannot_be_submitted(client, editor, story):
    fact = FactFactory(story=story, author=editor, statement="Something.")
    client.force_login(editor)
    response = client.post(
        f"/facts/{fact.pk}/review/", {"action": "submit", "version": fact.version}, follow=True
    )
    assert (
        "Before submitting, add a verdict with its rationale, at least one claim and at least one source."
        in _messages(response)
    )


def test_facts_are_ordered_in_the_dossier(client, editor, other_editor, story):
    first = FactFactory(story=story, author=editor, statement="First.")
    second = FactFactory(story=story, author=editor, statement="Second.")
    client.force_login(other_editor)
    story.refresh_from_db()
    client.post(f"/facts/{second.pk}/move/", {"direction": "up", "story_version": story.version})
    assert list(story.facts.values_list("statement", flat=True)) == ["Second.", "First."]
    response = client.post(
        f"/facts/{first.pk}/move/", {"direction": "up", "story_version": story.version}, follow=True
    )
    assert any("after you opened it" in m for m in _messages(response))  # the page was stale
    assert list(story.facts.values_list("statement", flat=True)) == ["Second.", "First."]


def test_preview_then_publish_from_the_story_page(
    client, fact_checker, editor, other_editor, story, django_assert_max_num_queries
):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    ready_fact(story, editor, statement="Not reviewed yet.")
    client.force_login(other_editor)

    preview = client.get("/stories/behemoth/preview/")
    assert preview["Cache-Control"] == "private, no-store"
    text = preview.content.decode()
    assert "Behemoth has about 2 trillion parameters." in text
    assert "Not reviewed yet." not in text
    assert not DossierRevision.objects.exists()

    with django_assert_max_num_queries(20):
        page = client.get("/stories/behemoth/").content.decode()
    assert "Not reviewed yet." in page

    response = client.post("/stories/behemoth/publish/", {"change_note": ""}, follow=True)
    assert "Published revision 1." in _messages(response)
    assert client.get("/dossiers/behemoth/").status_code == 200


def test_the_author_of_every_fact_is_told_why_they_cannot_publish(
    client, fact_checker, editor, other_editor, story
):
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    client.force_login(editor)
    response = client.post("/stories/behemoth/publish/", {"change_note": ""}, follow=True)
    assert any("Four eyes" in m for m in _messages(response))
    assert not DossierRevision.objects.exists()


def test_an_editor_edits_the_story_but_a_published_address_stays(
    client, fact_checker, editor, other_editor, story
):
    client.force_login(other_editor)
    data = {
        "title": "Behemoth, delayed",
        "slug": "behemoth",
        "summary": "New summary.",
        "version": story.version,
    }
    assert client.post("/stories/behemoth/edit/", data)["Location"] == "/stories/behemoth/"
    story.refresh_from_db()
    assert (story.title, story.summary) == ("Behemoth, delayed", "New summary.")
    response = client.post("/stories/behemoth/edit/", {**data, "title": "Stale"}, follow=True)
    assert any("after you opened it" in m for m in _messages(response))
    story.refresh_from_db()
    response = client.post(
        "/stories/behemoth/edit/", {**data, "slug": "feed", "version": story.version}, follow=True
    )
    assert any("taken by the dossiers' own pages" in m for m in _messages(response))
    claim = approved_claim(fact_checker, editor)
    approved_fact(story, editor, other_editor, [claim])
    from claims.dossiers.publish import dossier_publish

    dossier_publish(story=story, by=other_editor)
    story.refresh_from_db()
    response = client.post(
        "/stories/behemoth/edit/", {**data, "slug": "moved", "version": story.version}, follow=True
    )
    assert "The dossier is published at this address: it cannot move." in _messages(response)
    assert Story.objects.get().slug == "behemoth"
    client.force_login(fact_checker)
    response = client.post("/stories/behemoth/edit/", {**data, "version": story.version}, follow=True)
    assert "Only an editor composes stories and their facts." in _messages(response)


def test_garbage_in_desk_forms_is_a_message_not_an_error(client, editor, story):
    fact = FactFactory(story=story, author=editor, statement="First.")
    client.force_login(editor)
    assert client.post(f"/facts/{fact.pk}/claims/", {"claim": "abc"}).status_code == 404
    response = client.post(
        f"/facts/{fact.pk}/move/", {"direction": "down", "story_version": "abc"}, follow=True
    )
    assert "The fact is already at that end of the dossier." in _messages(response)
    response = client.post(
        "/stories/behemoth/edit/", {"title": "T", "slug": "behemoth", "version": "x"}, follow=True
    )
    assert response.status_code == 200
    assert client.post(f"/facts/{fact.pk}/review/", {"action": "submit"}, follow=True).status_code == 200
    assert client.post("/stories/behemoth/publish/", {}, follow=True).status_code == 200
