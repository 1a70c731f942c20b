"""Read paths of the story desk: the stories, a story's facts with their claims by article."""

from collections import Counter

from django.db.models import Count, Max, Prefetch, QuerySet

from claims.models import Claim, Fact, ReviewStatus, Story

UNPLACED_SHOWN = 20


def story_list_rows() -> QuerySet[Story]:
    return Story.objects.select_related("lead_editor").annotate(
        fact_count=Count("facts", distinct=True), latest_number=Max("revisions__number")
    )


def claims_by_article(claims) -> list[tuple]:
    """A fact's claims grouped by article: [(article, [claims])], oldest article first."""
    groups: dict[int, tuple] = {}
    for claim in claims:
        groups.setdefault(claim.article_id, (claim.article, []))[1].append(claim)
    return sorted(groups.values(), key=lambda g: (g[0].published_on is None, g[0].published_on, g[0].pk))


def story_facts_for_desk(story: Story) -> list[Fact]:
    """The story's facts in order, each with its claims grouped by article (`by_article`)."""
    claims = Claim.objects.select_related("article__outlet", "verdict").order_by("article_id", "start")
    facts: list[Fact] = list(
        story.facts.select_related("author", "approved_by")
        .prefetch_related(Prefetch("claims", claims))
        .annotate(source_count=Count("fact_sources"))
    )
    for fact in facts:
        fact.by_article = claims_by_article(fact.claims.all())  # type: ignore[attr-defined]
    return facts


def facts_by_state(facts: list[Fact]) -> list[tuple[str, str, int]]:
    """How many of the facts are in each review state: [(status, label, count)], in workflow
    order, the empty states left out."""
    counts = Counter(fact.status for fact in facts)
    return [(status, str(label), counts[status]) for status, label in ReviewStatus.choices if counts[status]]


def unplaced_claims() -> QuerySet[Claim]:
    """Reviewed claims in no fact yet, newest first: candidates for a story."""
    return (
        Claim.objects.filter(fact__isnull=True, status__in=["approved", "published"])
        .select_related("article", "verdict")
        .order_by("-updated_at")[:UNPLACED_SHOWN]
    )
