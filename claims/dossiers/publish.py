"""Publishing a story's dossier: an immutable, numbered revision built from a snapshot.

The snapshot is built once, at publication, from the approved (or already published, or
retracted) facts and claims. The public page's content with its ClaimReview JSON-LD, the JSON
export and the feeds are all made from it, so what readers see never changes afterwards.
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

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
    return render_dossier(snapshot)


def _check_publishable(story: Story, facts: list[Fact], previous: dict | None, by) -> None:
    if not can_publish(by):
        raise PermissionDenied("Only an editor with the publishing permission publishes a dossier.")
    if not facts:
        raise PublishError("No approved fact yet: a dossier needs at least one.")
    _check_four_eyes(facts, by)
    if all(fact.author_id == by.pk for fact in facts):
        raise PermissionDenied(
            "Four eyes: you wrote every fact in this dossier, so another editor must publish it."
        )
    _check_no_orphans(facts)
    if previous is None:
        return
    fact_ids = [fact["id"] for fact in previous["facts"]]
    claim_ids = [
        c["id"] for fact in previous["facts"] for article in fact["articles"] for c in article["claims"]
    ]
    pending = [
        f"the fact “{fact.statement[:60]}”"
        for fact in story.facts.filter(pk__in=fact_ids).exclude(status__in=PUBLISHABLE)
    ] + [
        f"the claim “{claim.statement[:60]}”"
        for claim in Claim.objects.filter(pk__in=claim_ids, fact__story=story).exclude(status__in=PUBLISHABLE)
    ]
    if pending:
        raise PublishError(
            "Published before and now back in review: "
            + "; ".join(pending)
            + ". Approve it (or retract it) first: it would silently drop out of the dossier."
        )


def _to_publish(facts: list[Fact]) -> list[Claim | Fact]:
    """What this publication moves to published: the approved facts and claims (new ones, and
    ones whose verdict was corrected and approved again)."""
    approved_facts = [fact for fact in facts if fact.status == S.APPROVED]
    approved_claims = [c for fact in facts for c in fact.claims.all() if c.status == S.APPROVED]
    return [*approved_facts, *approved_claims]


def _check_four_eyes(facts: list[Fact], by) -> None:
    """Nobody publishes what they wrote (a fact, a claim or a claim's verdict)."""
    mine = [item for item in _to_publish(facts) if by.pk in authors_of(item)]
    if mine:
        names = "; ".join(
            f"the {item._meta.verbose_name} #{item.pk} “{item.statement[:60]}”" for item in mine
        )
        raise PermissionDenied(
            f"Four eyes: you wrote {names} (or its verdict), so another editor must publish this revision."
        )


def _check_no_orphans(facts: list[Fact]) -> None:
    """A published revision never quotes text at a position that now says something else."""
    orphaned = [claim for fact in facts for claim in fact.claims.all() if claim.is_orphaned]
    if orphaned:
        raise PublishError(
            "A correction of their article lost the quote of "
            + "; ".join(f"the claim #{claim.pk} “{claim.statement[:60]}”" for claim in orphaned)
            + ". Re-attach each to its text in the reader (or correct or retract it) before publishing."
        )


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
        raise PublishError("Say what changed since the last revision: the change note is public.")
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
        raise PublishError(f"Nothing changed since revision {number - 1}: there is nothing to publish.")
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
        raise PublishError(f"Revision {number} was published meanwhile: reload the story.") from exc
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
