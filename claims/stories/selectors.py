"""Read paths of the story desk: the stories, a story's facts in pages, a fact's claims by article."""

from django.db.models import Count, Max, Q, QuerySet

from claims.models import Claim, Fact, ReviewStatus, Story

UNPLACED_SHOWN = 20
FACTS_PER_PAGE = 50


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


def story_fact_rows(story: Story) -> QuerySet[Fact]:
    """The story's facts in dossier order, for the rows of its page: each with how many claims
    and sources it has. Their claims are on each fact's page: at 200 facts, a page holding
    every claim weighed over a megabyte."""
    return (
        story.facts.select_related("author", "approved_by")
        .annotate(
            claim_count=Count("claims", distinct=True),
            source_count=Count("fact_sources", distinct=True),
        )
        .order_by("position", "id")
    )


def fact_page_number(story: Story, fact_id: int) -> int | None:
    """The page of the story's facts that shows fact `fact_id` (where a moved fact landed, where
    its page leads back to); None when the story has no such fact."""
    fact = story.facts.filter(pk=fact_id).only("position").first()
    if fact is None:
        return None
    before = story.facts.filter(Q(position__lt=fact.position) | Q(position=fact.position, id__lt=fact.pk))
    return before.count() // FACTS_PER_PAGE + 1


def facts_by_state(story: Story) -> list[tuple[str, str, int]]:
    """How many of the story's facts are in each review state: [(status, label, count)], in
    workflow order, the empty states left out (one query, whatever their number)."""
    counts = dict(story.facts.order_by().values_list("status").annotate(count=Count("id")))
    return [
        (status, str(label), counts[status]) for status, label in ReviewStatus.choices if counts.get(status)
    ]


def unplaced_claims() -> QuerySet[Claim]:
    """Reviewed claims in no fact yet, newest first: candidates for a story."""
    return (
        Claim.objects.filter(fact__isnull=True, status__in=["approved", "published"])
        .select_related("article", "verdict")
        .order_by("-updated_at")[:UNPLACED_SHOWN]
    )
