"""The Behemoth dossier that ships with the desk, built from the seeds by `load_dossier`."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, DossierRevision, Fact, Story, Transition
from tests.claims.dossiers.helpers import check_claim_review, claim_reviews

DATA = Path(__file__).resolve().parents[3] / "claims" / "data" / "behemoth.json"

pytestmark = pytest.mark.django_db


def test_the_dossier_is_published_by_one_editor_after_another_approved_it(behemoth_dossier, demo_desk):
    assert behemoth_dossier.number == 2
    assert behemoth_dossier.published_by == demo_desk["editor2"]
    for fact in Fact.objects.all():
        assert (fact.status, fact.author, fact.approved_by) == (
            "published",
            demo_desk["editor"],
            demo_desk["editor2"],
        )
    for claim in Claim.objects.select_related("verdict"):
        assert (claim.status, claim.author, claim.verdict.approved_by) == (
            "published",
            demo_desk["checker"],
            demo_desk["editor"],
        )


def test_every_claim_is_anchored_to_the_real_text_of_a_seed(behemoth_dossier):
    claims = Claim.objects.select_related("article")
    assert {c.article.source_name.rsplit("/", 1)[-1][:3] for c in claims} == {
        "000",
        "001",
        "002",
        "003",
        "004",
    }
    for claim in claims:
        assert claim.article.body[claim.start : claim.end] == claim.exact
        assert claim.article.body.count(claim.exact) == 1


def test_it_covers_the_facts_the_story_turns_on(behemoth_dossier):
    statements = " ".join(f["statement"] for f in behemoth_dossier.snapshot["facts"]).lower()
    for topic in [
        "288 billion",  # parameter counts: active ...
        "two trillion",  # ... and total
        "still training",  # training status
        "fall",  # the delay
        "discuss",  # "abandoned" vs "discussions"
        "open-source",  # open-source position
        "gpt-4.5",  # performance comparisons
        "10-million-token",  # context window
        "$64–72 billion",  # Meta's 2025 spending
        "14 authors",  # the Llama paper authors departures
    ]:
        assert topic in statements, topic


def test_its_sources_are_real_urls_and_every_claim_has_its_markup(behemoth_dossier, client):
    urls = {s["url"] for f in behemoth_dossier.snapshot["facts"] for s in f["sources"]}
    assert "https://ai.meta.com/blog/llama-4-multimodal-intelligence/" in urls
    assert all(url.startswith("https://") for url in urls)
    reviews = claim_reviews(client.get("/dossiers/llama-4-behemoth/").content.decode())
    claims = Claim.objects.filter(fact__story__slug="llama-4-behemoth").select_related("verdict")
    assert len(reviews) == claims.count() == 29  # one per published claim; facts are the desk's own
    for review in reviews:
        check_claim_review(review)
    by_claim = {int(r["url"].rsplit("#claim-", 1)[1]): r["reviewRating"]["alternateName"] for r in reviews}
    assert by_claim == {c.pk: c.verdict.get_rating_display() for c in claims}
    # The claim-level findings reach the markup, not only the facts' True and Mostly true.
    assert {"Mostly false", "Misleading", "Misattributed", "Outdated"} <= set(by_claim.values())


def test_loading_again_leaves_the_published_story_as_it_is(behemoth_dossier):
    out = StringIO()
    call_command("load_dossier", str(DATA), stdout=out)
    assert "exists already" in out.getvalue()
    assert DossierRevision.objects.count() == 2


def test_a_bad_data_file_writes_nothing(demo_desk, tmp_path):
    data = json.loads(DATA.read_text())
    data["facts"][3]["claims"][0]["exact"] = "words that are in no article"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="is not in"):
        call_command("load_dossier", str(path))
    assert not Story.objects.exists()
    assert not Claim.objects.exists()
    assert not Fact.objects.exists()
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not a dossier data file"):
        call_command("load_dossier", str(path))


def test_the_demo_users_must_exist(db, tmp_path):
    with pytest.raises(CommandError, match="run create_demo_desk first"):
        call_command("load_dossier", str(DATA))


def test_revision_2_corrects_the_wording_through_the_workflow_and_names_outlets(behemoth_dossier):
    """The shipped text named articles by file numbers and had a garbled sentence: revision 2
    corrects them the way any correction goes (sent back, rewritten, approved, republished),
    and revision 1 stays readable as it was."""
    first = DossierRevision.objects.get(number=1)
    assert "(000)" in json.dumps(first.snapshot)
    text = json.dumps(behemoth_dossier.snapshot, ensure_ascii=False)
    assert "(000)" not in text
    assert "found asked" not in text
    assert "ihal.it" in text
    assert behemoth_dossier.change_note.startswith("Articles named by their outlets")
    assert not behemoth_dossier.is_correction  # wording only: no verdict changed
    moves = Transition.objects.filter(action="correct").count()
    assert moves == sum(1 for f in behemoth_dossier.snapshot["changes"] if f["kind"] == "text") > 0


def test_the_articles_are_attributed_where_verified(behemoth_dossier):
    articles = {a["url"]: a for f in behemoth_dossier.snapshot["facts"] for a in f["articles"]}
    assert len(articles) == 5
    assert all(url.startswith("https://") for url in articles)
    silenzi = articles[
        "https://www.silenziefalsita.it/meta-sospende-lo-sviluppo-di-llama-4-la-super-intelligenza-artificiale-poco-vantaggiosa/"
    ]
    assert (silenzi["outlet"], silenzi["published_on"]) == ("silenziefalsita.it", "2025-05")
    forge = articles["https://theforgebulletin.com/?p=96280"]
    assert forge["original_outlet"] == "TechCrunch"
    claimants = {
        c["claimant"] for f in behemoth_dossier.snapshot["facts"] for a in f["articles"] for c in a["claims"]
    }
    assert "the article" not in claimants
