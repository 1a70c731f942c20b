"""Publishing a large story: the number of queries does not grow with its facts and claims, and
every move is still recorded (version, history, transition)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.dossiers.publish import dossier_publish
from claims.models import Claim, Fact, Notification
from claims.review.workflow import review_transition, review_transition_many
from factcheck.versioning import EditConflict, check_version
from tests.claims.big_story import big_story
from tests.factories import StoryFactory, approved_claim, approved_fact, ready_claim

pytestmark = pytest.mark.django_db


def _publish_queries(facts: int, *, author, reviewer, checker, publisher) -> int:
    story = StoryFactory(lead_editor=author)
    big_story(story, facts=facts, author=author, reviewer=reviewer, checker=checker)
    publisher = type(publisher).objects.get(pk=publisher.pk)  # its permissions not cached yet
    with CaptureQueriesContext(connection) as queries:
        dossier_publish(story=story, by=publisher)
    return len(queries)


@pytest.mark.postgres  # SQLite caps a query's parameters: its bulk inserts go in batches
def test_publishing_runs_as_many_queries_for_three_times_the_facts(
    fact_checker, editor, other_editor, desk_admin
):
    cast = {"author": editor, "reviewer": other_editor, "checker": fact_checker, "publisher": desk_admin}
    small = _publish_queries(10, **cast)
    large = _publish_queries(30, **cast)
    assert small == large
    assert large < 40


def test_every_published_fact_and_claim_keeps_its_version_history_and_transition(
    fact_checker, editor, other_editor, desk_admin
):
    story = StoryFactory(lead_editor=editor)
    facts = big_story(story, facts=5, author=editor, reviewer=other_editor, checker=fact_checker)
    before = {
        "facts": dict(Fact.objects.values_list("pk", "version")),
        "claims": dict(Claim.objects.values_list("pk", "version")),
        "notifications": Notification.objects.count(),
    }
    revision = dossier_publish(story=story, by=desk_admin)
    items = [*Fact.objects.filter(story=story), *Claim.objects.filter(fact__in=facts)]
    assert len(items) == 15
    for item in items:
        kind = "facts" if isinstance(item, Fact) else "claims"
        assert item.status == "published"
        assert item.version == before[kind][item.pk] + 1
        assert item.updated_at >= revision.published_at
        latest = item.history.first()
        assert (latest.status, latest.version, latest.history_type) == ("published", item.version, "~")
        assert latest.history_user == desk_admin
        [transition] = item.transitions.all()
        assert (transition.action, transition.from_status, transition.to_status, transition.by) == (
            "publish",
            "approved",
            "published",
            desk_admin,
        )
        assert transition.comment == f"Published in dossier revision {revision.number}."
    # A dossier's publication is no one's news, item by item (as before it moved in bulk).
    assert Notification.objects.count() == before["notifications"]


def test_a_stale_edit_after_a_bulk_publication_names_the_publisher(
    fact_checker, editor, other_editor, desk_admin
):
    story = StoryFactory(lead_editor=editor)
    fact = approved_fact(story, editor, other_editor, [approved_claim(fact_checker, editor)])
    seen = fact.version
    dossier_publish(story=story, by=desk_admin)
    fact.refresh_from_db()
    with pytest.raises(EditConflict, match=rf"{desk_admin} saved this fact .*changed: status"):
        check_version(fact, seen)


def test_many_claims_approved_at_once_stamp_their_verdicts(fact_checker, editor):
    claims = [ready_claim(fact_checker) for _ in range(3)]
    for claim in claims:
        review_transition(item=claim, action="submit", by=fact_checker)
    claims = list(Claim.objects.select_related("verdict").filter(pk__in=[c.pk for c in claims]))
    review_transition_many(items=claims, action="approve", by=editor, comment="")
    for claim in Claim.objects.select_related("verdict").filter(pk__in=[c.pk for c in claims]):
        assert claim.status == "approved"
        assert claim.verdict.approved_by == editor
        assert claim.verdict.history.first().approved_by == editor
        assert claim.transitions.last().action == "approve"
