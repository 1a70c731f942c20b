"""What changed between two revisions (`diff_snapshots`), as properties over any snapshot of the
shape publishing builds (claims/dossiers/snapshot.py): nothing changed is no change, and one
corrected verdict is one verdict change."""

import copy
import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.dossiers.diff import diff_snapshots
from claims.models import ReviewStatus, Stance
from claims.ratings import SCALE, Rating

# The keys of each part of a snapshot, as `build_snapshot` writes them; the last test checks
# them against a snapshot it really published.
SHAPE = {
    "snapshot": {
        "story",
        "revision",
        "published_at",
        "published_by",
        "change_note",
        "facts",
        "changes",
        "corrections",
    },
    "story": {"slug", "title", "summary"},
    "fact": {
        "id",
        "statement",
        "happened_on",
        "rating",
        "rationale",
        "reconciliation",
        "status",
        "retraction_reason",
        "author",
        "approved_by",
        "sources",
        "articles",
    },
    "source": {"url", "title", "publisher", "published_on", "stance", "quote"},
    "article": {
        "id",
        "title",
        "outlet",
        "byline",
        "url",
        "language",
        "published_on",
        "published_precision",
        "outlet_url",
        "original_outlet",
        "original_url",
        "claims",
    },
    "claim": {
        "id",
        "statement",
        "claimant",
        "claimant_type",
        "claim_date",
        "quote",
        "position",
        "rating",
        "rationale",
        "status",
        "retraction_reason",
        "sources",
    },
}

RATINGS = ["", *Rating.values]  # "": no verdict yet
ids = st.integers(min_value=1, max_value=2**31 - 1)
words = st.text(max_size=20)
iso_dates = st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)).map(
    datetime.date.isoformat
)
sources = st.lists(
    st.fixed_dictionaries(
        {
            "url": st.integers(0, 20).map(lambda n: f"https://example.org/{n}"),
            "title": words,
            "publisher": words,
            "published_on": iso_dates,
            "stance": st.sampled_from(Stance.values),
            "quote": words,
        }
    ),
    max_size=3,
    unique_by=lambda source: source["url"],  # a source is attached once
)
claims = st.fixed_dictionaries(
    {
        "statement": words,
        "claimant": words,
        "claimant_type": st.sampled_from(["organization", "person"]),
        "claim_date": iso_dates,
        "quote": st.fixed_dictionaries({"exact": words, "prefix": words, "suffix": words}),
        "position": st.fixed_dictionaries({"start": st.integers(0, 5000), "end": st.integers(0, 5000)}),
        "rating": st.sampled_from(RATINGS),
        "rationale": words,
        "status": st.sampled_from(ReviewStatus.values),
        "retraction_reason": words,
        "sources": sources,
    }
)
articles = st.fixed_dictionaries(
    {
        "title": words,
        "outlet": words,
        "byline": words,
        "url": words,
        "language": st.sampled_from(["it", "fr", "en"]),
        "published_on": iso_dates,
        "published_precision": st.sampled_from(["", "day", "month", "year"]),
        "outlet_url": words,
        "original_outlet": words,
        "original_url": words,
        "claims": st.lists(claims, min_size=1, max_size=3),  # an article is there for its claims
    }
)
facts = st.fixed_dictionaries(
    {
        "statement": words,
        "happened_on": iso_dates,
        "rating": st.sampled_from(RATINGS),
        "rationale": words,
        "reconciliation": words,
        "status": st.sampled_from(ReviewStatus.values),
        "retraction_reason": words,
        "author": words,
        "approved_by": words,
        "sources": sources,
        "articles": st.lists(articles, max_size=3),
    }
)


@st.composite
def snapshots(draw, min_facts: int = 0) -> dict:
    """A snapshot with unique fact ids and claim ids; an article's id is unique in its fact
    (one article may serve several facts)."""
    drawn = draw(st.lists(facts, min_size=min_facts, max_size=4))
    claim_count = sum(len(a["claims"]) for fact in drawn for a in fact["articles"])
    fact_ids = draw(st.lists(ids, min_size=len(drawn), max_size=len(drawn), unique=True))
    claim_ids = iter(draw(st.lists(ids, min_size=claim_count, max_size=claim_count, unique=True)))
    for fact, fact_id in zip(drawn, fact_ids, strict=True):
        fact["id"] = fact_id
        article_ids = draw(
            st.lists(
                st.integers(1, 50),
                min_size=len(fact["articles"]),
                max_size=len(fact["articles"]),
                unique=True,
            )
        )
        for article, article_id in zip(fact["articles"], article_ids, strict=True):
            article["id"] = article_id
            for claim in article["claims"]:
                claim["id"] = next(claim_ids)
    return {
        "story": draw(
            st.fixed_dictionaries(
                {"slug": st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), "title": words, "summary": words}
            )
        ),
        "revision": draw(st.integers(1, 100)),
        "published_at": draw(st.datetimes(timezones=st.just(datetime.UTC))).isoformat(),
        "published_by": draw(words),
        "change_note": draw(words),
        "facts": drawn,
        "changes": [],
        "corrections": [],
    }


def _parts(snapshot: dict):
    """(part, its keys) for every part of a snapshot: itself, its story, facts, articles,
    claims and sources."""
    yield "snapshot", set(snapshot)
    yield "story", set(snapshot["story"])
    for fact in snapshot["facts"]:
        yield "fact", set(fact)
        yield from (("source", set(source)) for source in fact["sources"])
        for article in fact["articles"]:
            yield "article", set(article)
            for claim in article["claims"]:
                yield "claim", set(claim)
                yield from (("source", set(source)) for source in claim["sources"])


def _label(rating: str) -> str:
    return SCALE[rating].label if rating else "No verdict"


@given(snapshots())
def test_a_snapshot_compared_with_itself_has_no_changes(snapshot):
    assert all(keys == SHAPE[part] for part, keys in _parts(snapshot))
    assert diff_snapshots(snapshot, snapshot) == []
    stored = json.loads(json.dumps(snapshot))  # a revision's snapshot, as the database gives it back
    assert diff_snapshots(snapshot, stored) == []
    assert diff_snapshots(stored, snapshot) == []


@st.composite
def verdict_corrections(draw) -> tuple[dict, dict, str]:
    """A snapshot, one of its facts, and a verdict other than the fact's."""
    snapshot = draw(snapshots(min_facts=1))
    fact = draw(st.sampled_from(snapshot["facts"]))
    return snapshot, fact, draw(st.sampled_from([r for r in RATINGS if r != fact["rating"]]))


@given(verdict_corrections())
def test_a_new_verdict_on_one_fact_is_exactly_one_verdict_change(case):
    snapshot, fact, rating = case
    corrected = copy.deepcopy(snapshot)
    [target] = [f for f in corrected["facts"] if f["id"] == fact["id"]]
    target["rating"] = rating

    assert diff_snapshots(snapshot, corrected) == [
        {
            "kind": "verdict",
            "fact": fact["id"],
            "statement": fact["statement"],
            "detail": f"Verdict: {_label(fact['rating'])} → {_label(rating)}.",
            "what": "verdict",
            "params": {"old": fact["rating"], "new": rating},
        }
    ]
    assert [change["kind"] for change in diff_snapshots(corrected, snapshot)] == ["verdict"]


@pytest.mark.django_db
def test_the_generated_snapshots_have_the_shape_publishing_builds(published):
    parts = list(_parts(published.revision.snapshot))
    assert {part for part, _ in parts} == set(SHAPE)  # one of each, to compare
    for part, keys in parts:
        assert keys == SHAPE[part], part
