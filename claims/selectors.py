"""Read paths for claims, shared by the desk and the API."""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.services.hints import is_heading_line
from claims.models import Claim, Fact
from claims.services.matching import MIN_SCORE, TextFeatures, combine, entity_rarity, features, match


def claims_for_article(article: Article) -> QuerySet[Claim]:
    """The article's claims in text order, with what the side panel shows."""
    return article.claims.select_related("author").order_by("start", "end", "id")


MAX_DEPTH_CLASS = 3


def heading_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the body's heading lines: short lines without final punctuation."""
    spans, offset = [], 0
    for line in body.split("\n"):
        if is_heading_line(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def highlight_body(body: str, claims: list[Claim]) -> SafeString:
    """The body as HTML with every anchored claim's span marked; overlapping and nested
    claims split the text into segments, each marked with the claims that cover it, and
    heading lines shown as headings.

    The result's text content is exactly `body` (offsets in the browser match the server's),
    and every piece of article text is escaped.
    """
    anchored = [c for c in claims if not c.is_orphaned and c.end <= len(body)]
    headings = heading_spans(body)
    boundaries = sorted(
        {0, len(body), *(c.start for c in anchored), *(c.end for c in anchored), *itertools.chain(*headings)}
    )
    parts = []
    for left, right in itertools.pairwise(boundaries):
        covering = [c for c in anchored if c.start <= left and c.end >= right]
        text = body[left:right]
        if covering:
            html = format_html(
                '<mark class="claim-span depth-{}" data-claims="{}">{}</mark>',
                min(len(covering), MAX_DEPTH_CLASS),
                " ".join(str(c.pk) for c in covering),
                text,
            )
        else:
            html = escape(text)
        if any(start <= left and right <= end for start, end in headings):
            html = format_html('<strong class="body-heading">{}</strong>', html)
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 (every part above is escaped or format_html)


QUEUES = {
    "my-drafts": "My drafts",
    "changes-requested": "Changes requested of me",
    "to-review": "Waiting for my review",
    "approved": "Recently approved",
    "published": "Recently published",
}


def queue_claims(name: str, user) -> QuerySet[Claim]:
    """The claims of one of the desk's queues, newest activity first."""
    S = Claim.Status
    claims = Claim.objects.select_related("article", "author", "verdict").order_by("-updated_at", "-id")
    if name == "my-drafts":
        return claims.filter(author=user, status=S.DRAFT)
    if name == "changes-requested":
        return claims.filter(author=user, status=S.CHANGES_REQUESTED)
    if name == "to-review":
        if not user.has_perm("claims.review_claim"):
            return claims.none()
        # Four eyes: never one's own claim or verdict.
        return claims.filter(status=S.IN_REVIEW).exclude(author=user).exclude(verdict__author=user)
    if name == "approved":
        return claims.filter(status=S.APPROVED)
    if name == "published":
        return claims.filter(status=S.PUBLISHED)
    raise KeyError(name)


def queue_counts(user) -> dict[str, int]:
    """How many claims each queue holds, in one query."""
    from django.db.models import Count, Q

    S = Claim.Status
    counts = Claim.objects.aggregate(
        my_drafts=Count("pk", filter=Q(author=user, status=S.DRAFT)),
        changes_requested=Count("pk", filter=Q(author=user, status=S.CHANGES_REQUESTED)),
        to_review=Count("pk", filter=Q(status=S.IN_REVIEW) & ~Q(author=user) & ~Q(verdict__author=user)),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
        published=Count("pk", filter=Q(status=S.PUBLISHED)),
    )
    if not user.has_perm("claims.review_claim"):
        counts["to_review"] = 0
    return {name: counts[name.replace("-", "_")] for name in QUEUES}


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


@dataclass(frozen=True)
class BodyChange:
    version: object  # the ArticleBodyVersion this change produced
    segments: list[tuple[str, str]]  # ("same" | "added" | "removed", text)


def body_changes(article: Article) -> list[BodyChange]:
    """Each correction of the body as word-level changes from the version before, newest first."""
    from diff_match_patch import diff_match_patch

    versions = list(article.body_versions.select_related("created_by"))
    dmp = diff_match_patch()
    kinds = {0: "same", 1: "added", -1: "removed"}
    changes = []
    for before, after in itertools.pairwise(versions):
        diffs = dmp.diff_main(before.body, after.body)
        dmp.diff_cleanupSemantic(diffs)
        changes.append(BodyChange(after, [(kinds[op], text) for op, text in diffs]))
    return list(reversed(changes))


@dataclass
class MatchSuggestion:
    """A claim or a fact in another article that is likely about the same thing as a claim."""

    score: float
    reasons: list[str]
    contradictions: list[str]
    claim: Claim | None = None
    fact: Fact | None = None


def claim_features(claim: Claim, *, with_statement: bool = True) -> TextFeatures:
    """What a claim says, for matching: its quote in the article's language, and the desk's
    (English) statement of it."""
    quote = features(claim.exact, claim.article.language)
    return combine(quote, features(claim.statement, "en")) if with_statement else quote


def match_suggestions(claim: Claim, *, limit: int = 8, with_statements: bool = True) -> list[MatchSuggestion]:
    """The claims of other articles most likely about the same thing as `claim`, and the facts
    holding them, best first: each with its score, the reasons, and likely contradictions.

    Built from what travels across Italian, French and English (claims/services/matching.py):
    figures, key terms, names and dates in the quotes, in their own languages, and in the
    claims' statements. docs/match-suggestions.md measures it on the seeds, with and without
    the statements.
    """
    candidates = list(
        Claim.objects.exclude(article_id=claim.article_id)
        .exclude(status=Claim.Status.RETRACTED)
        .select_related("article", "fact")
    )
    all_features = {c.pk: claim_features(c, with_statement=with_statements) for c in candidates}
    mine = claim_features(claim, with_statement=with_statements)
    rarity = entity_rarity([mine, *all_features.values()])
    scored = []
    for candidate in candidates:
        result = match(mine, all_features[candidate.pk], entity_rarity=rarity)
        if result.score >= MIN_SCORE:
            scored.append(
                MatchSuggestion(result.score, result.reasons, result.contradictions, claim=candidate)
            )
    scored.sort(key=lambda s: (-s.score, s.claim.pk if s.claim else 0))
    facts: dict[int, MatchSuggestion] = {}
    for suggestion in scored:  # a fact scores as its best-matching claim
        held_by = suggestion.claim.fact if suggestion.claim else None
        if held_by and held_by.pk != claim.fact_id and held_by.pk not in facts:
            facts[held_by.pk] = MatchSuggestion(
                suggestion.score, suggestion.reasons, suggestion.contradictions, fact=held_by
            )
    return sorted([*scored[:limit], *list(facts.values())[:limit]], key=lambda s: -s.score)
