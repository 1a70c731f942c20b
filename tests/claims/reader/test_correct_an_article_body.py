"""Correcting an article's body re-anchors its claims and keeps every version."""

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.reader.services import article_correct_body
from factcheck.versioning import EditConflict
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = "Meta said Behemoth has 2 trillion parameters. It was delayed to the autumn. Meta spent 72 billion."


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


def _correct(client, article, body, base_version=1, note="Typo fixed"):
    return client.post(
        reverse("claims:article-correct", args=[article.pk]),
        {"body": body, "note": note, "base_version": base_version},
    )


def test_correction_keeps_moves_and_orphans_claims_and_says_so(client, editor, article):
    unchanged = ClaimFactory(article=article, quote="Meta said")
    moved = ClaimFactory(article=article, quote="Meta spent 72 billion")
    edited = ClaimFactory(article=article, quote="2 trillion parameters")
    deleted = ClaimFactory(article=article, quote="It was delayed to the autumn.")
    new_body = (
        BODY.replace("2 trillion parameters", "2 trilion parameters")
        .replace(" It was delayed to the autumn.", "")
        .replace("Meta spent", "Then Meta spent")
    )
    client.force_login(editor)
    response = _correct(client, article, new_body)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Body corrected: 1 claim(s) in place, 1 moved, 1 with an edited quote, 1 orphaned." in page
    assert "Orphaned claims (1)" in page

    article.refresh_from_db()
    assert article.body == new_body
    for claim in (unchanged, moved, edited, deleted):
        claim.refresh_from_db()
    assert new_body[moved.start : moved.end] == "Meta spent 72 billion"
    assert edited.exact == "2 trilion parameters"
    assert deleted.is_orphaned
    assert deleted.exact == "It was delayed to the autumn."  # kept, for re-attaching
    assert Claim.objects.count() == 4


def test_each_version_is_kept_and_the_diff_shown(client, editor, article):
    client.force_login(editor)
    _correct(client, article, BODY.replace("autumn", "fall"), note="Americanism")
    _correct(
        client, article, BODY.replace("autumn", "fall").replace("72", "65"), base_version=2, note="Figure"
    )
    versions = list(article.body_versions.values_list("number", "note"))
    assert versions == [(1, "as imported"), (2, "Americanism"), (3, "Figure")]
    page = client.get(reverse("claims:article-versions", args=[article.pk])).content.decode()
    assert "Version 3: Figure" in page
    assert "Meta spent <del>72</del><ins>65</ins> billion." in page
    assert "delayed to the <del>autumn</del><ins>fall</ins>." in page


def test_a_stale_correction_is_refused_with_who_changed_it(client, editor, other_editor, article):
    article_correct_body(
        article=article, body=BODY.replace("autumn", "fall"), by=other_editor, note="n", base_version=1
    )
    client.force_login(editor)
    response = _correct(client, article, BODY.replace("Meta said", "Meta says"), base_version=1)
    assert response.status_code == 200
    assert "The body was corrected by ed2" in response.content.decode()
    article.refresh_from_db()
    assert "fall" in article.body
    assert "Meta says" not in article.body


def test_service_refuses_a_stale_base_version(editor, article):
    article_correct_body(article=article, body=BODY + " More.", by=editor, note="n", base_version=1)
    with pytest.raises(EditConflict):
        article_correct_body(article=article, body=BODY + " Other.", by=editor, note="n", base_version=1)


def test_an_empty_or_identical_body_is_refused(client, editor, article):
    client.force_login(editor)
    assert "The corrected body is the same" in _correct(client, article, BODY).content.decode()
    assert "This field is required." in _correct(client, article, "").content.decode()
    assert not article.body_versions.exists()


def test_orphaned_claim_is_reattached_by_its_author(client, fact_checker, editor, article):
    claim = ClaimFactory(article=article, quote="It was delayed to the autumn.", author=fact_checker)
    new_body = BODY.replace("It was delayed to the autumn.", "Its launch slipped past the summer.")
    article_correct_body(article=article, body=new_body, by=editor, note="rewrite", base_version=1)
    claim.refresh_from_db()
    assert claim.is_orphaned
    client.force_login(fact_checker)
    quote = "Its launch slipped past the summer."
    start = new_body.index(quote)
    client.post(
        reverse("claims:claim-reattach", args=[claim.pk]),
        {"start": start, "end": start + len(quote), "exact": quote},
    )
    claim.refresh_from_db()
    assert (claim.is_orphaned, claim.exact) == (False, quote)


def test_importing_a_corrected_version_again_is_a_duplicate_of_the_article(tmp_path, editor, article):
    import json

    from articles.services.import_ import import_paths

    corrected = BODY.replace("autumn", "fall")
    article_correct_body(article=article, body=corrected, by=editor, note="n", base_version=1)
    for n, body in enumerate([BODY, corrected]):
        path = tmp_path / f"{n}.json"
        # the desk's own export carries content_hash: it is accepted and recomputed
        path.write_text(json.dumps({"body": body, "content_hash": "whatever"}), encoding="utf-8")
        item = import_paths(paths=[path]).items.get()
        assert (item.outcome, item.article_id) == ("duplicate", article.pk)


def test_an_editor_reattaches_a_claim_someone_else_wrote(client, fact_checker, editor, article):
    claim = ClaimFactory(article=article, quote="It was delayed to the autumn.", author=fact_checker)
    new_body = BODY.replace("It was delayed to the autumn.", "Its launch slipped.")
    article_correct_body(article=article, body=new_body, by=editor, note="rewrite", base_version=1)
    client.force_login(editor)
    quote = "Its launch slipped."
    start = new_body.index(quote)
    page = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert "Re-attach to the selected text" in page
    client.post(
        reverse("claims:claim-reattach", args=[claim.pk]),
        {"start": start, "end": start + len(quote), "exact": quote},
    )
    claim.refresh_from_db()
    assert (claim.is_orphaned, claim.exact) == (False, quote)


def test_a_forged_base_version_is_a_clear_refusal(editor, article):
    with pytest.raises(EditConflict, match="There is no version 7"):
        article_correct_body(article=article, body=BODY + " x", by=editor, note="n", base_version=7)


def test_claims_moved_by_a_correction_are_in_their_history_with_its_author(editor, article):
    claim = ClaimFactory(article=article, quote="Meta spent 72 billion")
    version = claim.version
    article_correct_body(article=article, body="Update. " + BODY, by=editor, note="n", base_version=1)
    claim.refresh_from_db()
    assert claim.version == version + 1
    latest = claim.history.first()
    assert (latest.history_user, latest.start) == (editor, claim.start)
