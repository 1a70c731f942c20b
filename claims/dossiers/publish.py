"""Publishing a story's dossier: an immutable, numbered revision built from a snapshot.

The snapshot is built once, at publication, from the approved (or already published, or
retracted) facts and claims. The public page's content with its ClaimReview JSON-LD, the JSON
export and the feeds are all made from it, so what readers see never changes afterwards.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.access import can_publish
from claims.dossiers.render import render_dossier
from claims.dossiers.snapshot import CORRECTIONS, PUBLISHABLE, build_snapshot, story_facts
from claims.models import (
    Claim,
    DossierRevision,
    Fact,
    ReviewStatus,
    Story,
)
from claims.review.workflow import authors_of, review_transition_many

S = ReviewStatus

# How many facts and claims the story page names under one blocker (a 200-fact story can have
# hundreds): the rest are counted.
BLOCKER_ITEMS_SHOWN = 20

# Sent after a revision's publication commits (`revision`): caches of the public pages listen.
revision_published = Signal()


class PublishError(ValidationError):
    """The dossier cannot be published as it stands; the message says what to do."""


def dossier_preview(story: Story, by) -> str:
    """The page as it would be published now (nothing is saved)."""
    latest = story.revisions.order_by("-number").first()
    facts = list(story_facts(story))
    snapshot = build_snapshot(
        story,
        facts=facts,
        number=(latest.number + 1) if latest else 1,
        previous=latest.snapshot if latest else None,
        change_note="(preview)",
        published_at=timezone.now(),
        published_by=by,
    )
    return render_dossier(snapshot, language=translation.get_language())


def _title(item: Claim | Fact) -> str:
    """A statement short enough for a message: ten words at most, cut between words."""
    return Truncator(item.statement).words(10, truncate="…")


@dataclass(frozen=True)
class Blocker:
    """One reason the dossier cannot be published now, and the facts and claims it is about."""

    error: type[Exception]
    reason: str  # a sentence ending with a colon when `items` follow
    items: tuple[Claim | Fact, ...] = ()
    hint: str = ""

    @property
    def links(self) -> list[tuple[str, str]]:
        """Each fact or claim concerned: (its desk page, its name)."""
        return [
            (
                item.get_absolute_url()
                if isinstance(item, Fact)
                else reverse("claims:claim-detail", args=[item.pk]),
                f"{item._meta.verbose_name} #{item.pk} “{_title(item)}”",
            )
            for item in self.items
        ]

    @property
    def shown_links(self) -> list[tuple[str, str]]:
        """The links the story page shows: the first few."""
        return Blocker(self.error, self.reason, self.items[:BLOCKER_ITEMS_SHOWN]).links

    @property
    def more(self) -> int:
        """How many items the story page leaves out of `shown_links`."""
        return max(0, len(self.items) - BLOCKER_ITEMS_SHOWN)

    @property
    def message(self) -> str:
        """The refusal: the reason, each item named, and what to do."""
        names = "; ".join(name for _url, name in self.links)
        return " ".join(part for part in (self.reason, names + "." if names else "", self.hint) if part)


def publish_blockers(story: Story, by) -> list[Blocker]:
    """Everything that stops `by` publishing the story's next revision now (the story page
    lists them, with a link to each fact and claim; `dossier_publish` refuses with the first)."""
    latest = story.revisions.order_by("-number").first()
    return _blockers(story, list(_checked_facts(story)), latest.snapshot if latest else None, by)


def _checked_facts(story: Story) -> QuerySet[Fact]:
    """The facts and claims a publication would take, with what its checks read (their
    statements, authors and verdicts), and not what its page shows (articles, sources)."""
    claims = Claim.objects.filter(status__in=PUBLISHABLE).select_related("verdict")
    return (
        story.facts.filter(status__in=PUBLISHABLE)
        .prefetch_related(Prefetch("claims", claims))
        .order_by("position", "id")
    )


def _blockers(story: Story, facts: list[Fact], previous: dict | None, by) -> list[Blocker]:
    if not can_publish(by):
        return [
            Blocker(PermissionDenied, _("Only an editor with the publishing permission publishes a dossier."))
        ]
    blockers = []
    if not facts:
        blockers.append(Blocker(PublishError, _("No approved fact yet: a dossier needs at least one.")))
    if mine := [item for item in _to_publish(facts) if by.pk in authors_of(item)]:
        blockers.append(
            Blocker(
                PermissionDenied,
                _(
                    "Four eyes: another editor must publish this revision, since you wrote (or gave the verdict of):"
                ),
                tuple(mine),
            )
        )
    elif facts and all(fact.author_id == by.pk for fact in facts):
        blockers.append(
            Blocker(
                PermissionDenied,
                _("Four eyes: you wrote every fact in this dossier, so another editor must publish it."),
            )
        )
    if orphaned := [claim for fact in facts for claim in fact.claims.all() if claim.is_orphaned]:
        # A published revision never quotes text at a position that now says something else.
        blockers.append(
            Blocker(
                PublishError,
                _("A correction of their article lost the quote of:"),
                tuple(orphaned),
                _("Re-attach each to its text in the reader (or correct or retract it) before publishing."),
            )
        )
    if pending := _back_in_review(story, previous):
        blockers.append(
            Blocker(
                PublishError,
                _("Published before and now back in review:"),
                tuple(pending),
                _("Approve each (or retract it) first: it would silently drop out of the dossier."),
            )
        )
    return blockers


def _back_in_review(story: Story, previous: dict | None) -> list[Claim | Fact]:
    """The facts and claims of the last revision that went back to review since."""
    if previous is None:
        return []
    fact_ids = [fact["id"] for fact in previous["facts"]]
    claim_ids = [
        c["id"] for fact in previous["facts"] for article in fact["articles"] for c in article["claims"]
    ]
    facts = story.facts.filter(pk__in=fact_ids).exclude(status__in=PUBLISHABLE)
    claims = Claim.objects.filter(pk__in=claim_ids, fact__story=story).exclude(status__in=PUBLISHABLE)
    return [*facts, *claims]


def _check_publishable(story: Story, facts: list[Fact], previous: dict | None, by) -> None:
    if blockers := _blockers(story, facts, previous, by):
        raise blockers[0].error(blockers[0].message)


def _to_publish(facts: list[Fact]) -> list[Claim | Fact]:
    """What this publication moves to published: the approved facts and claims (new ones, and
    ones whose verdict was corrected and approved again)."""
    approved_facts = [fact for fact in facts if fact.status == S.APPROVED]
    approved_claims = [c for fact in facts for c in fact.claims.all() if c.status == S.APPROVED]
    return [*approved_facts, *approved_claims]


@transaction.atomic
def dossier_publish(*, story: Story, by, change_note: str = "") -> DossierRevision:
    """Freeze the story's reviewed facts into its next dossier revision.

    Approved facts and claims become published (each move recorded). Publishing again needs a
    change note; when a verdict changed, the note enters the public corrections log.
    """
    story = Story.objects.select_for_update().get(pk=story.pk)  # one publication at a time
    # Nobody moves a fact or a claim of the story meanwhile (a verdict change sends a claim
    # back to review under the same lock): what is read below is what gets published.
    list(Fact.objects.select_for_update().filter(story=story).values_list("pk"))
    list(Claim.objects.select_for_update().filter(fact__story=story).values_list("pk"))
    latest = story.revisions.order_by("-number").first()
    previous = latest.snapshot if latest else None
    facts = list(story_facts(story))
    _check_publishable(story, facts, previous, by)
    change_note = change_note.strip()
    if previous and not change_note:
        raise PublishError(_("Say what changed since the last revision: the change note is public."))
    now = timezone.now()
    number = latest.number + 1 if latest else 1
    snapshot = build_snapshot(
        story,
        facts=facts,
        number=number,
        previous=previous,
        change_note=change_note,
        published_at=now,
        published_by=by,
    )
    if previous and not snapshot["changes"]:
        raise PublishError(
            _("Nothing changed since revision %(number)d: there is nothing to publish.")
            % {"number": number - 1}
        )
    html = render_dossier(snapshot)
    canonical = json.dumps(snapshot, sort_keys=True, cls=DjangoJSONEncoder)
    try:
        with transaction.atomic():
            revision = DossierRevision.objects.create(
                story=story,
                number=number,
                snapshot=snapshot,
                html=html,
                etag=hashlib.sha256((canonical + html).encode()).hexdigest()[:32],
                change_note=change_note,
                is_correction=any(change["kind"] in CORRECTIONS for change in snapshot["changes"]),
                published_by=by,
                published_at=now,
            )
    except IntegrityError as exc:  # without row locks (SQLite), another publication came first
        raise PublishError(
            _("Revision %(number)d was published meanwhile: reload the story.") % {"number": number}
        ) from exc
    _mark_published(facts, by, number)
    # This process shows the new revision at once (the public pages listen).
    transaction.on_commit(lambda: revision_published.send(sender=DossierRevision, revision=revision))
    return revision


def _mark_published(facts: list[Fact], by, number: int) -> None:
    """Approved facts and claims now in the dossier are published, each move recorded."""
    review_transition_many(
        items=_to_publish(facts),
        action="publish",
        by=by,
        comment=f"Published in dossier revision {number}.",
    )
