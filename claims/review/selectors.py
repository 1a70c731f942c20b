"""Read paths of the review desk: the queues and a claim's history."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Fact, ReviewStatus, Story, Verdict
from claims.models.claim import CLOSED_STATES

S = ReviewStatus

# The work list's sections, in the order the desk home shows them.
QUEUES = {
    "my-drafts": _("My drafts"),
    "changes-requested": _("Changes requested of me"),
    "assigned": _("Assigned to me"),
    "to-review": _("Waiting for my review"),
    "approved": _("Approved, waiting for publication"),
    "published": _("Recently published"),
}
SECTION_SIZE = 5  # items of each section on the desk home (the section's page has them all)


@dataclass(frozen=True)
class WorkFilters:
    """The work list's filters (GET parameters): story, state, assignee ("none": nobody's)."""

    story: int | None = None
    state: str = ""
    assignee: int | None = None
    unassigned: bool = False

    @classmethod
    def from_query(cls, query) -> "WorkFilters":
        def number(value: str | None) -> int | None:
            return int(value) if value and value.isdigit() else None

        state = query.get("state", "")
        return cls(
            story=number(query.get("story")),
            state=state if state in S.values else "",
            assignee=number(query.get("assignee")),
            unassigned=query.get("assignee") == "none",
        )

    def __bool__(self) -> bool:
        return bool(self.story or self.state or self.assignee or self.unassigned)

    def assignee_q(self) -> Q:
        if self.unassigned:
            return Q(assignee__isnull=True)
        return Q(assignee_id=self.assignee) if self.assignee else Q()

    def q(self, *, story_field: str) -> Q:
        q = self.assignee_q()
        if self.story:
            q &= Q(**{story_field: self.story})
        if self.state:
            q &= Q(status=self.state)
        return q


NO_FILTERS = WorkFilters()


def _section_q(name: str, user, *, is_claim: bool) -> Q:
    """Which claims or facts a section holds for `user` (the same rule for lists and counts)."""
    if name == "my-drafts":
        return Q(author=user, status=S.DRAFT)
    if name == "changes-requested":
        return Q(status=S.CHANGES_REQUESTED) & (Q(author=user) | Q(assignee=user))
    if name == "assigned":
        return Q(assignee=user) & ~Q(status__in=CLOSED_STATES)
    if name == "to-review":
        if not user.has_perm("claims.review_claim"):
            return Q(pk__isnull=True)  # nothing
        # Four eyes: never one's own claim, fact or verdict.
        q = Q(status=S.IN_REVIEW) & ~Q(author=user)
        # NOT EXISTS on my verdicts (an index), not a join with every verdict of the desk.
        mine = Verdict.objects.filter(claim=OuterRef("pk"), author=user)
        return q & Q(~Exists(mine)) if is_claim else q
    if name == "approved":
        return Q(status=S.APPROVED)
    if name == "published":
        return Q(status=S.PUBLISHED)
    raise KeyError(name)


def _ordered(items: QuerySet, name: str, user) -> QuerySet:
    if name == "to-review":  # the items asking for me first
        mine_first = Case(When(requested_reviewer=user, then=Value(0)), default=Value(1))
        return items.order_by(mine_first, "-updated_at", "-id")
    return items.order_by("-updated_at", "-id")


def queue_claims(name: str, user, filters: WorkFilters = NO_FILTERS) -> QuerySet[Claim]:
    """The claims of one of the work list's sections, newest activity first."""
    claims = Claim.objects.select_related(
        "article", "author", "verdict", "assignee", "requested_reviewer", "fact__story"
    )
    claims = claims.filter(_section_q(name, user, is_claim=True), filters.q(story_field="fact__story"))
    return _ordered(claims, name, user)


def queue_facts(name: str, user, filters: WorkFilters = NO_FILTERS) -> QuerySet[Fact]:
    """The facts of one of the work list's sections, newest activity first."""
    facts = Fact.objects.select_related("story", "author", "assignee", "requested_reviewer")
    facts = facts.filter(_section_q(name, user, is_claim=False), filters.q(story_field="story"))
    return _ordered(facts, name, user)


def _filtered_stories(stories: QuerySet[Story], filters: WorkFilters) -> QuerySet[Story]:
    if filters.story:
        stories = stories.filter(pk=filters.story)
    return stories.filter(filters.assignee_q())


def queue_stories(name: str, user, filters: WorkFilters = NO_FILTERS) -> QuerySet[Story]:
    """The stories of a section: assigned to me, or with approved facts waiting for publication."""
    stories = Story.objects.select_related("assignee", "lead_editor").order_by("-updated_at", "-id")
    stories = _filtered_stories(stories, filters)
    if name == "assigned":
        return stories.filter(assignee=user)
    if name == "approved" and filters.state in ("", S.APPROVED):
        approved = Count("facts", filter=Q(facts__status=S.APPROVED))
        return stories.annotate(approved_facts=approved).filter(approved_facts__gt=0)
    return stories.none()


def queue_counts(user, filters: WorkFilters = NO_FILTERS) -> dict[str, int]:
    """How many claims, facts and stories each section holds, in one query."""
    counts = {}
    for name in QUEUES:
        key = name.replace("-", "_")
        claims = Claim.objects.filter(
            _section_q(name, user, is_claim=True), filters.q(story_field="fact__story")
        )
        facts = Fact.objects.filter(_section_q(name, user, is_claim=False), filters.q(story_field="story"))
        counts[f"claims_{key}"] = _count(claims)
        counts[f"facts_{key}"] = _count(facts)
    stories = _filtered_stories(Story.objects.all(), filters)
    counts["stories_assigned"] = _count(stories.filter(assignee=user))
    ready = stories.filter(pk__in=Fact.objects.filter(status=S.APPROVED).values("story"))
    counts["stories_approved"] = _count(ready if filters.state in ("", S.APPROVED) else ready.none())
    row = get_user_model().objects.filter(pk=user.pk).annotate(**counts).values(*counts).get()
    return {
        name: sum(row.get(f"{kind}_{name.replace('-', '_')}", 0) for kind in ("claims", "facts", "stories"))
        for name in QUEUES
    }


def claim_list(state: str = "") -> QuerySet[Claim]:
    """Every claim with what the desk's claim list shows, newest first (from its index), without
    the articles' bodies."""
    claims = (
        Claim.objects.select_related("article", "author", "verdict", "assignee")
        .defer("article__body", "article__raw_text")
        .order_by("-created_at", "-id")
    )
    return claims.filter(status=state) if state else claims


@dataclass
class Section:
    name: str
    title: str
    count: int
    claims: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    stories: list = field(default_factory=list)


def work_list(user, filters: WorkFilters = NO_FILTERS, *, size: int = SECTION_SIZE) -> list[Section]:
    """The desk home's work list: each section's count and its first items (claims, facts,
    stories), in a number of queries that does not grow with the data."""
    counts = queue_counts(user, filters)
    sections = []
    for name, title in QUEUES.items():
        section = Section(name, str(title), counts[name])
        if section.count:
            section.claims = list(queue_claims(name, user, filters)[:size])
            section.facts = list(queue_facts(name, user, filters)[:size])
            if name in ("assigned", "approved"):
                section.stories = list(queue_stories(name, user, filters)[:size])
        sections.append(section)
    return sections


def _count(queryset: QuerySet) -> Coalesce:
    """A count as a scalar subquery (to read several counts in one query)."""
    counted = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def header_counts(user) -> dict[str, int]:
    """The header's counts: open items assigned to me, and items waiting for my review; one
    query."""
    open_work = ~Q(status__in=CLOSED_STATES)
    to_review_claims = _section_q("to-review", user, is_claim=True)
    to_review_facts = _section_q("to-review", user, is_claim=False)
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            ac=_count(Claim.objects.filter(open_work, assignee=user)),
            af=_count(Fact.objects.filter(open_work, assignee=user)),
            ast=_count(Story.objects.filter(assignee=user)),
            rc=_count(Claim.objects.filter(to_review_claims)),
            rf=_count(Fact.objects.filter(to_review_facts)),
        )
        .values("ac", "af", "ast", "rc", "rf")
        .get()
    )
    return {"assigned": row["ac"] + row["af"] + row["ast"], "to_review": row["rc"] + row["rf"]}


def lazy_header_counts(user) -> SimpleLazyObject:
    """The header counts, read only when a page shows them (empty for an account with no role)."""
    return SimpleLazyObject(lambda: header_counts(user) if user.has_perm("claims.view_claim") else {})


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    user: object
    what: str
    change: str


def _short(value, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change of the claim, its verdict and its source links, newest first."""
    from claims.models import ClaimSource, Verdict

    entries = []
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    sets = [
        ("Claim", claim.history.all()),
        ("Verdict", Verdict.history.filter(claim_id=claim.pk)),
        ("Source link", ClaimSource.history.filter(claim_id=claim.pk)),
    ]
    for label, records in sets:
        records = list(records.select_related("history_user").order_by("history_date", "history_id"))
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            change = kinds[record.history_type]
            if before is not None and record.history_type == "~":
                changes = [
                    f"{c.field}: “{_short(c.old)}” → “{_short(c.new)}”"
                    for c in record.diff_against(before).changes
                    if c.field not in ("version", "updated_at")
                ]
                change = "changed " + "; ".join(changes) if changes else "saved"
            entries.append(HistoryEntry(record.history_date, record.history_user, label, change))
            previous[record.id] = record
    return sorted(entries, key=lambda e: e.when, reverse=True)
