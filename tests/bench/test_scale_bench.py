"""The scale benchmark (bench/scale_bench.py) at a tiny scale, so that it cannot rot: its builder
makes a consistent desk through the models, and its measurements read that desk's pages."""

import pytest

from articles.models import Article
from claims.models import Claim, DossierRevision, Fact, Transition, Verdict


@pytest.fixture
def scale_bench(monkeypatch):
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "bench"))
    import scale_bench

    return scale_bench


@pytest.fixture
def desk(scale_bench, db):
    """A desk of 20 articles and 50 claims with a 4-fact story, grown to 50 and 125."""
    desk = scale_bench.new_desk(seed=3)
    desk.story_facts = 4
    scale_bench.grow(desk, articles=20, claims=50, story_facts=4)
    scale_bench.grow(desk, articles=50, claims=125)
    return desk


@pytest.mark.postgres
def test_builder_makes_the_desk_it_was_asked_for(desk):
    assert Article.objects.count() == desk.articles == 50
    assert Claim.objects.count() == desk.claims == 125
    story_claims = Claim.objects.filter(fact__story=desk.story)
    assert desk.story.facts.filter(status="approved").count() == 4
    assert story_claims.filter(status="approved").count() == 4 * 3
    for fact in desk.story.facts.all():  # a fact's claims come from different articles
        assert len({claim.article_id for claim in fact.claims.all()}) == 3
    for claim in Claim.objects.select_related("article"):  # each anchored to its article's text
        assert claim.article.body[claim.start : claim.end] == claim.exact
    past_draft = Claim.objects.exclude(status="draft")
    assert Verdict.objects.filter(claim__in=past_draft).count() == past_draft.count()
    published = Claim.objects.filter(status__in=["published", "retracted"]).count()
    assert Transition.objects.filter(claim__isnull=False, action="publish").count() == published
    assert Claim.history.count() == 125
    assert Fact.objects.exclude(story__in=[desk.story, desk.half_story]).exists()  # background


@pytest.mark.postgres
def test_pages_search_and_publishing_are_measured_on_it(scale_bench, desk):
    paths = scale_bench.pages(desk)
    client = scale_bench.editor_client(desk.editor)

    page = scale_bench.measure(client, "claim page", paths["claim page"], repeat=1)
    searches = scale_bench.measure_search(desk, repeat=1)
    queries, ms = scale_bench.measure_publish(desk.half_story, desk.editor, repeat=1)

    assert (page.status, page.queries > 0, page.median_ms > 0, page.size > 1000) == (200, True, True, True)
    words = {(kind, language) for kind, language, _ in scale_bench.SEARCH_WORDS}
    assert {(result.kind, result.language) for result in searches} == words
    for result in searches:
        assert result.view
        assert result.bare
        if result.kind == "rare":  # one article's own figure
            assert Article.objects.filter(body__contains=result.word).count() == 1
    assert queries > 0
    assert ms > 0
    # Each publication was rolled back: the next run publishes the same first revision.
    assert not DossierRevision.objects.exists()
    assert not Fact.objects.filter(story=desk.half_story, status="published").exists()


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("sqlite:///desk.sqlite3", "must be a PostgreSQL database"),
        ("postgres://postgres@127.0.0.1:5432/factcheck_scale", "DATABASE_URL's own database"),
        ("", "set DATABASE_URL"),
    ],
)
def test_refuses_sqlite_and_the_default_database(scale_bench, monkeypatch, url, refusal):
    monkeypatch.setenv("DATABASE_URL", url)

    with pytest.raises(SystemExit, match=refusal):
        scale_bench.configure("factcheck_scale")
