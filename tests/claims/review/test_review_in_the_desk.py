"""The review workflow through the desk, as a fact-checker and an editor use it."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimSource, Comment, Notification, Source
from claims.review.workflow import review_transition
from tests.factories import ClaimFactory, ready_claim

pytestmark = pytest.mark.django_db


def _move(client, claim, action: str, comment: str = "", **kwargs):
    """Press a review button, as the claim page sends it (with the version on screen)."""
    version = Claim.objects.values_list("version", flat=True).get(pk=claim.pk)
    data = {"action": action, "comment": comment, "version": version}
    return client.post(reverse("claims:claim-move", args=[claim.pk]), data, **kwargs)


def test_fact_checker_builds_the_evidence_and_submits(
    client, fact_checker, editor, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    url = reverse("claims:claim-detail", args=[claim.pk])
    early = _move(client, claim, "submit", follow=True)
    assert (
        "Before submitting, add a verdict with its rationale and at least one source."
        in early.content.decode()
    )

    client.post(
        reverse("claims:verdict-set", args=[claim.pk]),
        {
            "rating": "mostly_true",
            "rationale": "See https://ai.meta.com/blog/llama-4-multimodal-intelligence/ .",
        },
    )
    response = client.post(
        reverse("claims:source-add", args=[claim.pk]),
        {
            "url": "HTTPS://AI.Meta.com/blog/llama-4-multimodal-intelligence/?utm_source=x#top",
            "title": "The Llama 4 herd",
            "publisher": "Meta",
            "stance": "supports",
            "quote": "Behemoth, a 288B active parameter model",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get().url == "https://ai.meta.com/blog/llama-4-multimodal-intelligence/"
    page = client.get(url).content.decode()
    assert "Mostly true" in page
    assert (
        '<a href="https://ai.meta.com/blog/llama-4-multimodal-intelligence/" rel="noopener noreferrer nofollow">'
        in page
    )
    assert "Submit for review" in page

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, claim, "submit")
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert Notification.objects.filter(recipient=editor).exists()


def test_a_known_url_reuses_its_source(client, fact_checker):
    first, second = ClaimFactory(author=fact_checker), ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    for claim in (first, second):
        client.post(
            reverse("claims:source-add", args=[claim.pk]),
            {
                "url": "https://www.nytimes.com/2025/07/14/technology/meta-superintelligence-lab-ai.html",
                "title": "T",
                "stance": "context",
            },
        )
    assert Source.objects.count() == 1
    assert ClaimSource.objects.count() == 2
    lookup = client.get(
        reverse("claims:source-lookup"),
        {"url": "https://WWW.nytimes.com/2025/07/14/technology/meta-superintelligence-lab-ai.html#x"},
    ).json()
    assert lookup["source"]["title"] == "T"


def test_a_new_source_without_a_title_is_refused(client, fact_checker):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:source-add", args=[claim.pk]), {"url": "https://example.org/x", "stance": "supports"}
    )
    assert response.status_code == 400
    assert "A new source needs a title." in response.content.decode()
    assert not Source.objects.exists()


def test_editor_requests_changes_with_a_comment_and_the_author_hears_of_it(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    client.force_login(editor)
    response = _move(client, claim, "request_changes", comment="")
    assert "needs a comment" in client.get(response["Location"]).content.decode()
    _move(client, claim, "request_changes", comment="Cite the blog.")
    claim.refresh_from_db()
    assert claim.status == "changes_requested"
    client.force_login(fact_checker)
    home = client.get(reverse("claims:home")).content.decode()
    assert 'aria-label="1 unread"' in home
    page = client.get(reverse("claims:notifications")).content.decode()
    assert "ed1 asked for changes to your claim" in page
    # Reading them changes nothing (a GET); marking them read is a POST.
    assert 'aria-label="1 unread"' in client.get(reverse("claims:home")).content.decode()
    client.post(reverse("claims:notifications-read"))
    assert 'aria-label="1 unread"' not in client.get(reverse("claims:home")).content.decode()
    assert client.get(reverse("claims:notifications-read")).status_code == 405


def test_superuser_sees_the_four_eyes_message_in_the_desk(client, superuser):
    claim = ready_claim(superuser)
    review_transition(item=claim, action="submit", by=superuser)
    client.force_login(superuser)
    response = _move(client, claim, "approve", follow=True)
    assert "Four eyes: you wrote this claim or its verdict" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_comments_history_and_timeline_are_shown(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    client.force_login(editor)
    client.post(
        reverse("claims:comment-post", args=[claim.pk]), {"body": "Is the 2T figure total or active?"}
    )
    assert Comment.objects.get().author == editor
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "Is the 2T figure total or active?" in page
    assert "Draft → In review" in page
    assert "Claim created" in page


def test_queues_show_each_users_work_in_a_constant_number_of_queries(
    client, fact_checker, editor, django_assert_max_num_queries
):
    for _ in range(12):
        review_transition(item=ready_claim(fact_checker), action="submit", by=fact_checker)
    for _ in range(3):
        ready_claim(fact_checker)
    client.force_login(editor)
    with django_assert_max_num_queries(13):  # 12, and the header's work counts
        home = client.get(reverse("claims:home")).content.decode()
    assert 'Waiting for my review</a> <span class="count">12</span>' in home
    with django_assert_max_num_queries(11):  # 10, and the header's work counts
        page = client.get(reverse("claims:queue", args=["to-review"]))
    assert len(page.context["page"]) == 12
    client.force_login(fact_checker)
    assert len(client.get(reverse("claims:queue", args=["my-drafts"])).context["page"]) == 3
    assert len(client.get(reverse("claims:queue", args=["to-review"])).context["page"]) == 0


def test_claim_page_query_count_does_not_grow_with_sources_and_comments(
    client, fact_checker, editor, django_assert_max_num_queries
):
    claim = ready_claim(fact_checker)
    for n in range(15):
        source = Source.objects.create(url=f"https://example.org/{n}", title=f"S{n}")
        ClaimSource.objects.create(claim=claim, source=source, stance="context", added_by=fact_checker)
        Comment.objects.create(claim=claim, author=editor, body=f"c{n}")
    client.force_login(fact_checker)
    client.get(reverse("claims:claim-detail", args=[claim.pk]))  # the claims' match features stored
    with django_assert_max_num_queries(26):  # 7 of them the match suggestions'
        response = client.get(reverse("claims:claim-detail", args=[claim.pk]))
    assert response.content.decode().count('rel="noopener noreferrer nofollow">S') == 15


def test_anonymous_users_are_sent_to_login_from_every_review_page(client):
    claim = ClaimFactory()
    for url in (
        reverse("claims:claim-detail", args=[claim.pk]),
        reverse("claims:queue", args=["my-drafts"]),
        reverse("claims:notifications"),
        reverse("claims:source-lookup"),
    ):
        assert client.get(url).status_code == 302
    for url in (
        reverse("claims:verdict-set", args=[claim.pk]),
        reverse("claims:claim-move", args=[claim.pk]),
    ):
        assert client.post(url).status_code == 302
    assert Claim.objects.get().status == "draft"


def test_a_stale_verdict_form_is_refused_in_the_desk(client, fact_checker):
    from claims.review.evidence import verdict_set

    claim = ClaimFactory(author=fact_checker)
    verdict = verdict_set(claim=claim, rating="true", rationale="First.", by=fact_checker)
    verdict_set(
        claim=claim, rating="false", rationale="Second.", by=fact_checker, expected_version=verdict.version
    )
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:verdict-set", args=[claim.pk]),
        {"rating": "mixed", "rationale": "Stale.", "version": 1},
    )
    assert response.status_code == 400
    assert "fc1 saved this verdict" in response.content.decode()
    claim.verdict.refresh_from_db()
    assert claim.verdict.rationale == "Second."


def test_a_claim_sent_back_cannot_be_deleted(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="Fix.")
    client.force_login(fact_checker)
    response = client.post(reverse("claims:claim-delete", args=[claim.pk]))
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_reviewer_cannot_approve_a_claim_that_changed_since_they_opened_it(client, fact_checker, editor):
    from claims.review.evidence import source_detach

    claim = ready_claim(fact_checker)
    second = Source.objects.create(url="https://example.org/second", title="Second")
    ClaimSource.objects.create(claim=claim, source=second, stance="context", added_by=fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="Drop the second source.")
    client.force_login(editor)
    seen = Claim.objects.get(pk=claim.pk).version  # the editor's page is open here
    source_detach(claim_source=ClaimSource.objects.get(source=second), by=fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    response = client.post(
        reverse("claims:claim-move", args=[claim.pk]),
        {"action": "approve", "comment": "", "version": seen},
        follow=True,
    )
    assert "Nothing was done: look at the claim again." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert _move(client, claim, "approve").status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "approved"


def test_the_history_shows_what_a_verdict_was_and_became_and_who_changed_it(client, fact_checker, editor):
    from claims.review.evidence import verdict_set

    claim = ClaimFactory(author=fact_checker)
    verdict = verdict_set(claim=claim, rating="true", rationale="Meta says 2T.", by=fact_checker)
    verdict_set(
        claim=claim,
        rating="mostly_true",
        rationale="2T total, 288B active.",
        by=fact_checker,
        expected_version=verdict.version,
    )
    client.force_login(editor)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "fc1 · Verdict changed" in page
    assert "rating: “true” → “mostly_true”" in page
    assert "rationale: “Meta says 2T.” → “2T total, 288B active.”" in page


def test_a_source_is_added_from_the_readers_side_panel(client, fact_checker):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    url = reverse("claims:source-add", args=[claim.pk])
    assert f'hx-get="{url}"' in client.get(reverse("claims:reader", args=[claim.article_id])).content.decode()
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert form["HX-Retarget"] == "#claim-form-slot"
    assert 'name="url"' in form.content.decode()
    bad = client.post(url, {"url": "https://example.org/new", "stance": "supports"}, HTTP_HX_REQUEST="true")
    assert "A new source needs a title." in bad.content.decode()
    good = client.post(
        url, {"url": "https://example.org/new", "title": "New", "stance": "supports"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="article-body"' in good.content.decode()
    assert claim.claim_sources.get().source.title == "New"


def test_the_reader_offers_delete_only_for_drafts(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)
    reader = reverse("claims:reader", args=[claim.article_id])
    delete = reverse("claims:claim-delete", args=[claim.pk])
    assert delete in client.get(reader).content.decode()
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="Fix.")
    page = client.get(reader).content.decode()
    assert delete not in page
    assert reverse("claims:claim-edit", args=[claim.pk]) in page
