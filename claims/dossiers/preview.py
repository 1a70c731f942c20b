"""The desk's preview of a story's dossier, rendered once per state of the story.

Rendering a 200-fact dossier takes about half a second, and editors reload the preview while
they work. The rendered content is kept in the cache under a key made of everything it is built
from, read in one query: the story, and the count and latest change of its facts, their claims,
verdicts, sources and articles, and its latest revision (what the preview's changes compare
with). Any change to those makes a new key, so an outdated preview is never served; the old
entries simply expire.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Subquery, Value
from django.utils import translation

from articles.models import Article
from claims.dossiers.publish import dossier_preview
from claims.models import Claim, ClaimSource, DossierRevision, Fact, FactSource, Story, Verdict

# What the key does not see (a source retitled in the admin, a user's new name) shows in the
# preview after this long at most; the publication itself always reads everything afresh.
PREVIEW_CACHE_SECONDS = 600


def _stat(queryset: QuerySet, aggregate) -> Subquery:
    """One aggregate over all of `queryset`, as a column of the state query."""
    grouped = queryset.order_by().annotate(_all=Value(1)).values("_all")
    return Subquery(grouped.annotate(value=aggregate).values("value"))


def preview_state(story: Story) -> tuple:
    """What the story's preview is built from, summed up in one query: a change to any fact,
    claim, verdict, source link or article of the story, or a new revision, changes it."""
    facts = Fact.objects.filter(story=story.pk)
    claims = Claim.objects.filter(fact__story=story.pk)
    stats = {
        "fact_count": _stat(facts, Count("pk")),
        "facts_changed": _stat(facts, Max("updated_at")),
        "claim_count": _stat(claims, Count("pk")),
        "claims_changed": _stat(claims, Max("updated_at")),
        "verdicts_changed": _stat(Verdict.objects.filter(claim__fact__story=story.pk), Max("updated_at")),
        "claim_source_count": _stat(ClaimSource.objects.filter(claim__fact__story=story.pk), Count("pk")),
        "claim_source_last": _stat(ClaimSource.objects.filter(claim__fact__story=story.pk), Max("pk")),
        "fact_source_count": _stat(FactSource.objects.filter(fact__story=story.pk), Count("pk")),
        "fact_source_last": _stat(FactSource.objects.filter(fact__story=story.pk), Max("pk")),
        "articles_changed": _stat(Article.objects.filter(claims__fact__story=story.pk), Max("updated_at")),
        "latest_revision": _stat(DossierRevision.objects.filter(story=story.pk), Max("number")),
    }
    row = Story.objects.filter(pk=story.pk).annotate(**stats).values_list("version", "updated_at", *stats)
    return tuple(row.get())


def _key(story: Story, by) -> str:
    # The preview names its would-be publisher, and speaks the reader's language.
    state = hashlib.sha256(repr(preview_state(story)).encode()).hexdigest()[:32]
    return f"dossier-preview:{story.pk}:{by.pk}:{translation.get_language()}:{state}"


def cached_dossier_preview(story: Story, by) -> str:
    """The page as it would be published now (`dossier_preview`), rendered again only when the
    story changed since the last preview."""
    key = _key(story, by)
    html = cache.get(key)
    if html is None:
        html = dossier_preview(story, by)
        cache.set(key, html, PREVIEW_CACHE_SECONDS)
    return html
