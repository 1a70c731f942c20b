"""Stories and their facts: reconciling claims from several articles into one fact.

An editor (the `change_fact` permission) creates a fact, often from a claim, and composes it
while it is theirs (a draft, or sent back): its statement, verdict, rationale, reconciliation
note, date, claims and sources. Then it goes through the review workflow like a claim.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from articles.models import DatePrecision
from articles.services.articles import snap_to_precision
from claims.access import can_compose
from claims.models import Claim, Fact, FactSource, Story
from claims.ratings import Rating
from claims.review.evidence import source_for_url
from factcheck.versioning import EditConflict, check_version, versioned_save


def _check_composer(user) -> None:
    if not can_compose(user):
        raise PermissionDenied(_("Only an editor composes stories and their facts."))


def _check_author_may_edit(fact: Fact, by) -> None:
    _check_composer(by)
    if fact.author_id != by.pk:
        raise PermissionDenied(_("Only the fact's author edits it."))
    if not fact.is_editable:
        raise PermissionDenied(
            _("The fact is %(status)s: it is frozen while it is reviewed.")
            % {"status": fact.get_status_display().lower()}
        )


# Addresses of the public pages that a story's slug must not take: /dossiers/<slug>/.
RESERVED_SLUGS = frozenset(["feed", "oembed"])


def _check_slug(story: Story) -> None:
    if story.slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": _("“%(slug)s” is taken by the dossiers' own pages: choose another.")
                % {"slug": story.slug}
            }
        )
    if Story.objects.filter(slug=story.slug).exclude(pk=story.pk).exists():
        raise ValidationError({"slug": _("Another story has this address.")})


def _save_story(story: Story, by) -> None:
    story._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    story.full_clean()
    story.save()


@transaction.atomic
def story_create(*, title: str, slug: str, summary: str = "", by) -> Story:
    _check_composer(by)
    story = Story(title=title.strip(), slug=slug.strip(), summary=summary.strip(), lead_editor=by)
    _check_slug(story)
    _save_story(story, by)
    return story


@transaction.atomic
def story_update(
    *,
    story: Story,
    by,
    title: str,
    slug: str,
    summary: str,
    lead_editor=None,
    expected_version: int | None = None,
) -> Story:
    """Change a story's details; its address stays once a dossier was published at it."""
    _check_composer(by)
    story = Story.objects.select_for_update().get(pk=story.pk)
    check_version(story, expected_version)
    slug = slug.strip()
    if slug != story.slug and story.revisions.exists():
        raise ValidationError({"slug": _("The dossier is published at this address: it cannot move.")})
    story.title, story.slug, story.summary, story.lead_editor = (
        title.strip(),
        slug,
        summary.strip(),
        lead_editor or story.lead_editor,
    )
    _check_slug(story)
    story.version += 1
    _save_story(story, by)
    return story


@transaction.atomic
def fact_create(
    *, story: Story, statement: str, by, happened_on: datetime.date | None = None, claim: Claim | None = None
) -> Fact:
    """A new draft fact at the end of the story; with `claim`, made from it and holding it."""
    _check_composer(by)
    story = Story.objects.select_for_update().get(pk=story.pk)  # one position each, in order
    statement = statement.strip()
    if not statement:
        raise ValidationError({"statement": _("A fact needs its statement.")})
    last = story.facts.aggregate(last=Max("position"))["last"]
    fact = Fact(
        story=story,
        statement=statement,
        happened_on=happened_on,
        position=0 if last is None else last + 1,
        author=by,
    )
    fact._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    fact.save()
    if claim is not None:
        fact_attach_claim(fact=fact, claim=claim, by=by)
        fact.refresh_from_db()
    return fact


def fact_create_from_claim(*, claim: Claim, story: Story, by) -> Fact:
    """A fact stating what the claim states, dated like it, holding it."""
    return fact_create(
        story=story,
        statement=claim.statement,
        happened_on=claim.claim_date or claim.article.published_on,
        claim=claim,
        by=by,
    )


@transaction.atomic
def fact_update(
    *,
    fact: Fact,
    by,
    statement: str,
    happened_on: datetime.date | None,
    rating: str,
    rationale: str,
    reconciliation: str,
    happened_precision: str = DatePrecision.DAY,
    expected_version: int | None = None,
) -> Fact:
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    _check_author_may_edit(fact, by)
    check_version(fact, expected_version)
    if rating and rating not in Rating.values:
        raise ValidationError({"rating": _("Unknown rating %(rating)r.") % {"rating": rating}})
    if not statement.strip():
        raise ValidationError({"statement": _("A fact needs its statement.")})
    if happened_precision not in DatePrecision.values:
        raise ValidationError(
            {"happened_precision": _("Unknown precision %(precision)r.") % {"precision": happened_precision}}
        )
    # A month or a year is stored as its first day, and shown as 2025-05 or 2025.
    fact.statement = statement.strip()
    fact.happened_on, fact.happened_precision = (
        snap_to_precision(happened_on, happened_precision),
        happened_precision,
    )
    fact.rating, fact.rationale, fact.reconciliation = rating, rationale.strip(), reconciliation.strip()
    fields = ["statement", "happened_on", "happened_precision", "rating", "rationale", "reconciliation"]
    versioned_save(fact, by=by, fields=fields)
    return fact


@transaction.atomic
def fact_delete(*, fact: Fact, by) -> None:
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    _check_author_may_edit(fact, by)
    if not fact.is_deletable:
        raise PermissionDenied(_("Only a draft fact can be deleted."))
    fact.claims.update(fact=None)
    fact._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    fact.delete()


@transaction.atomic
def fact_attach_claim(*, fact: Fact, claim: Claim, by) -> None:
    """Put `claim` under `fact`. A claim is about one fact: one held elsewhere is refused."""
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    _check_author_may_edit(fact, by)
    if claim.status == Claim.Status.RETRACTED:
        raise ValidationError(_("A retracted claim cannot be reconciled into a fact."))
    if not Claim.objects.filter(pk=claim.pk, fact__isnull=True).update(fact=fact):
        current = Claim.objects.select_related("fact").get(pk=claim.pk).fact
        if current == fact:
            raise ValidationError(_("The claim is already in this fact."))
        raise ValidationError(
            _("The claim is already in another fact (“%(fact)s”): detach it there first.") % {"fact": current}
        )
    versioned_save(fact, by=by, fields=[])  # what the reviewer sees changed


@transaction.atomic
def fact_detach_claim(*, fact: Fact, claim: Claim, by) -> None:
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    _check_author_may_edit(fact, by)
    if not Claim.objects.filter(pk=claim.pk, fact=fact).update(fact=None):
        raise ValidationError(_("The claim is not in this fact."))
    versioned_save(fact, by=by, fields=[])


@transaction.atomic
def fact_source_attach(
    *,
    fact: Fact,
    url: str,
    stance: str,
    by,
    title: str = "",
    publisher: str = "",
    published_on: datetime.date | None = None,
    quote: str = "",
    note: str = "",
) -> FactSource:
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    _check_author_may_edit(fact, by)
    source = source_for_url(url, by=by, title=title, publisher=publisher, published_on=published_on)
    link = FactSource(
        fact=fact, source=source, stance=stance, quote=quote.strip(), note=note.strip(), added_by=by
    )
    link.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            link._history_user = by  # type: ignore[attr-defined]  # simple-history: who
            link.save()
    except IntegrityError as exc:
        raise ValidationError({"url": _("This source is already attached to the fact.")}) from exc
    versioned_save(fact, by=by, fields=[])
    return link


@transaction.atomic
def fact_source_detach(*, fact_source: FactSource, by) -> None:
    fact = Fact.objects.select_for_update().get(pk=fact_source.fact_id)
    _check_author_may_edit(fact, by)
    fact_source._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    fact_source.delete()
    versioned_save(fact, by=by, fields=[])


@transaction.atomic
def fact_move(*, fact: Fact, by, direction: int, expected_story_version: int | None = None) -> None:
    """Move a fact one place up (-1) or down (+1) in its story's dossier."""
    if direction not in (-1, 1):
        raise ValidationError(_("A fact moves one place up or down."))
    _reorder(
        fact,
        by,
        expected_story_version,
        lambda index: index + direction,
        _("The fact is already at that end of the dossier."),
    )


@transaction.atomic
def fact_move_to(*, fact: Fact, by, position: int, expected_story_version: int | None = None) -> None:
    """Move a fact to `position` (1 is the first) in its story's dossier, the others making room."""
    count = Fact.objects.filter(story_id=fact.story_id).count()
    _reorder(
        fact,
        by,
        expected_story_version,
        lambda index: position - 1,
        _("The dossier has %(count)d facts: choose a position from 1 to %(count)d.") % {"count": count},
    )


def _reorder(fact: Fact, by, expected_story_version: int | None, target, out_of_range: str) -> None:
    """Move a fact from its index to `target(index)` among its story's facts, under the
    story's lock and version (two editors reordering at once do not undo each other)."""
    _check_composer(by)
    story = Story.objects.select_for_update().get(pk=fact.story_id)
    check_version(story, expected_story_version)
    facts = list(story.facts.order_by("position", "id"))
    index = next((i for i, item in enumerate(facts) if item.pk == fact.pk), None)
    if index is None:
        raise EditConflict(_("The fact left the story meanwhile: reload the story."))
    other = target(index)
    if not 0 <= other < len(facts):
        raise ValidationError(out_of_range)
    if other == index:
        raise ValidationError(_("The fact is already at position %(position)d.") % {"position": other + 1})
    facts.insert(other, facts.pop(index))
    for position, item in enumerate(facts):
        if item.position != position:
            Fact.objects.filter(pk=item.pk).update(position=position)
    story.version += 1
    story._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    story.save(update_fields=["version", "updated_at"])
