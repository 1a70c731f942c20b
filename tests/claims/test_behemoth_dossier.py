"""The Behemoth dossier that ships with the desk: built from the seeds by `load_dossier`, and
the match suggestions measured on it (docs/match-suggestions.md)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.services.import_ import import_paths
from claims.matching.selectors import match_suggestions
from claims.models import Claim, DossierRevision, Fact, Story
from claims.roles import EDITOR, FACT_CHECKER
from tests.claims.test_dossiers import _check_claim_review, _claim_reviews
from tests.factories import user_in_role

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "claims" / "data" / "behemoth.json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    import_paths(paths=[ROOT / "seeds"])
    return {
        "checker": user_in_role("demo-checker", FACT_CHECKER),
        "editor": user_in_role("demo-editor", EDITOR),
        "editor2": user_in_role("demo-editor-2", EDITOR),
    }


@pytest.fixture
def dossier(seeds) -> DossierRevision:
    out = StringIO()
    call_command("load_dossier", str(DATA), stdout=out)
    assert re.match(r"Published .* revision 1: 11 facts, 29 claims", out.getvalue())
    return DossierRevision.objects.get()


def test_the_dossier_is_published_by_one_editor_after_another_approved_it(dossier, seeds):
    assert dossier.number == 1
    assert dossier.published_by == seeds["editor2"]
    for fact in Fact.objects.all():
        assert (fact.status, fact.author, fact.approved_by) == (
            "published",
            seeds["editor"],
            seeds["editor2"],
        )
    for claim in Claim.objects.select_related("verdict"):
        assert (claim.status, claim.author, claim.verdict.approved_by) == (
            "published",
            seeds["checker"],
            seeds["editor"],
        )


def test_every_claim_is_anchored_to_the_real_text_of_a_seed(dossier):
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


def test_it_covers_the_facts_the_story_turns_on(dossier):
    statements = " ".join(f["statement"] for f in dossier.snapshot["facts"]).lower()
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


def test_its_sources_are_real_urls_and_every_fact_has_its_markup(dossier, client):
    urls = {s["url"] for f in dossier.snapshot["facts"] for s in f["sources"]}
    assert "https://ai.meta.com/blog/llama-4-multimodal-intelligence/" in urls
    assert all(url.startswith("https://") for url in urls)
    reviews = _claim_reviews(client.get("/dossiers/llama-4-behemoth/").content.decode())
    assert len(reviews) == 11
    for review in reviews:
        _check_claim_review(review)
    ratings = {r["claimReviewed"][:30]: r["reviewRating"]["alternateName"] for r in reviews}
    assert "Misattributed" not in ratings.values()  # facts are rated; the misattribution is a claim's
    context = Claim.objects.get(exact__contains="dieci milioni di token")
    assert context.verdict.rating == "misattributed"


def test_loading_again_leaves_the_published_story_as_it_is(dossier):
    out = StringIO()
    call_command("load_dossier", str(DATA), stdout=out)
    assert "exists already" in out.getvalue()
    assert DossierRevision.objects.count() == 1


def test_a_bad_data_file_writes_nothing(seeds, tmp_path):
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


# -- match suggestions, measured on the seeds -----------------------------------------------


def _recall(*, with_statements: bool, top: int = 5) -> tuple[int, int, set[int]]:
    """For each claim of a fact whose claims come from several articles: is a claim of the same
    fact, in another article, among its `top` suggestions? Returns (found, asked, facts found)."""
    found = asked = 0
    facts_found: set[int] = set()
    for fact in Fact.objects.prefetch_related("claims__article"):
        claims = list(fact.claims.all())
        if len({c.article_id for c in claims}) < 2:
            continue
        for claim in claims:
            same_fact = {c.pk for c in claims if c.article_id != claim.article_id}
            suggested = [
                s.claim.pk for s in match_suggestions(claim, with_statements=with_statements) if s.claim
            ]
            asked += 1
            if same_fact & set(suggested[:top]):
                found += 1
                facts_found.add(fact.pk)
    return found, asked, facts_found


def test_match_suggestions_find_the_cross_article_pairs_of_every_fact(dossier):
    multi_article = {
        fact.pk
        for fact in Fact.objects.prefetch_related("claims")
        if len({c.article_id for c in fact.claims.all()}) >= 2
    }
    assert len(multi_article) == 8
    found, asked, facts = _recall(with_statements=True)
    assert (found, asked) == (22, 24)  # docs/match-suggestions.md
    assert facts == multi_article
    found, asked, facts = _recall(with_statements=False)
    assert (found, asked) == (20, 24)
    assert len(facts) == 8


def test_suggestions_flag_the_story_contradictions(dossier):
    active = Claim.objects.get(exact__contains="288 milliards")
    total = Claim.objects.get(exact__contains="circa 2 trilioni")
    [match] = [s for s in match_suggestions(active) if s.claim == total]
    assert (
        "different figures for parameters: 288 billion parameters / 2 trillion parameters"
        in match.contradictions
    )
    abandoned = Claim.objects.get(exact__startswith="Meta ha recentemente preso una decisione")
    [match] = [
        s for s in match_suggestions(abandoned) if s.claim and s.claim.exact.startswith("The best members")
    ]
    assert any("one denies what the other states" in c for c in match.contradictions)
