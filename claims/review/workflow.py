"""The review workflow: the allowed transitions as data, and the one function that moves a claim
or a fact.

Nothing else changes the `status` of a claim or a fact. The desk, the API and the admin all call
`review_transition`, which checks the current state, the role, the four-eyes rule and the
action's own conditions, records the transition, and tells the people concerned. Claims and
facts differ only in what makes them ready for review and who wrote them (`authors_of`).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Fact, ReviewStatus, Transition, Verdict
from claims.notify import notify_transition
from factcheck.versioning import check_version, versioned_save

S = ReviewStatus
Reviewable = Claim | Fact


@dataclass(frozen=True)
class Move:
    to: str
    sources: tuple[str, ...]  # the states the action starts from
    permission: str | None  # None: the author of the claim or fact
    four_eyes: bool = False  # the actor must not be its author (nor its verdict's)
    needs_comment: bool = False
    label: str = ""


# The review permission serves claims and facts alike; so does the publishing one.
TRANSITIONS: dict[str, Move] = {
    "submit": Move(S.IN_REVIEW, (S.DRAFT, S.CHANGES_REQUESTED), None, label="Submit for review"),
    "approve": Move(S.APPROVED, (S.IN_REVIEW,), "claims.review_claim", four_eyes=True, label="Approve"),
    "request_changes": Move(
        S.CHANGES_REQUESTED,
        (S.IN_REVIEW,),
        "claims.review_claim",
        four_eyes=True,
        needs_comment=True,
        label="Request changes",
    ),
    "publish": Move(S.PUBLISHED, (S.APPROVED,), "claims.publish_claim", four_eyes=True, label="Publish"),
    # An editor sends an approved claim back (changing its verdict does it too).
    "reopen": Move(S.IN_REVIEW, (S.APPROVED,), "claims.review_claim", label="Send back to review"),
    # A published claim or fact whose verdict must be corrected goes back through review; the
    # published dossier revision keeps the old verdict until a new revision is published with
    # a correction note (claims/dossiers/publish.py).
    "correct": Move(
        S.CHANGES_REQUESTED, (S.PUBLISHED,), "claims.publish_claim", needs_comment=True, label="Correct"
    ),
    "retract": Move(S.RETRACTED, (S.PUBLISHED,), "claims.publish_claim", needs_comment=True, label="Retract"),
}


class WorkflowError(ValidationError):
    """The action is not possible now (wrong state, missing verdict or source)."""


def _kind(item: Reviewable) -> str:
    return str(item._meta.verbose_name)


def _move(action: str) -> Move:
    move = TRANSITIONS.get(action)
    if move is None:
        raise WorkflowError(f"Unknown action {action!r}.")
    return move


def check_transition(*, item: Reviewable, action: str, by) -> Move:
    """The move, if `by` may do `action` on `item` now; raises with the reason otherwise."""
    move = _move(action)
    if action == "publish" and isinstance(item, Fact):
        raise WorkflowError("A fact is published with its story's dossier: publish the story.")
    _check_move(item, move, by, four_eyes=move.four_eyes)
    return move


def _check_move(item: Reviewable, move: Move, by, *, four_eyes: bool) -> None:
    if item.status not in move.sources:
        raise WorkflowError(
            f"“{move.label}” is not possible while the {_kind(item)} is {item.get_status_display().lower()}."  # type: ignore[union-attr]
        )
    if move.permission is None:
        if item.author_id != by.pk:
            raise PermissionDenied(f"Only the {_kind(item)}'s author can do this.")
    elif not by.has_perm(move.permission):
        raise PermissionDenied("You do not have the reviewing rights this needs.")
    if four_eyes and by.pk in authors_of(item):
        raise PermissionDenied(
            f"Four eyes: you wrote this {_kind(item)} or its verdict, so someone else must "
            f"{move.label.lower()} it."
        )


def verdict_of(claim: Claim) -> Verdict | None:
    try:
        return claim.verdict
    except Verdict.DoesNotExist:
        return None


def authors_of(item: Reviewable) -> set[int]:
    """Who wrote it: a fact's author; a claim's author and its verdict's."""
    if isinstance(item, Fact):
        return {item.author_id}
    verdict = verdict_of(item)
    return {item.author_id} | ({verdict.author_id} if verdict else set())


def _missing_for_review(item: Reviewable) -> list[str]:
    problems = []
    if not item.statement.strip():
        problems.append(f"a {_kind(item)} statement")
    if isinstance(item, Fact):
        if not item.rating or not item.rationale.strip():
            problems.append("a verdict with its rationale")
        if not item.claims.exists():
            problems.append("at least one claim")
        if not item.fact_sources.exists():
            problems.append("at least one source")
        return problems
    verdict = verdict_of(item)
    if verdict is None or not verdict.rationale.strip():
        problems.append("a verdict with its rationale")
    if not item.claim_sources.exists():
        problems.append("at least one source")
    return problems


@transaction.atomic
def review_transition(
    *, item: Reviewable, action: str, by, comment: str = "", expected_version: int | None = None
) -> Reviewable:
    """Move a claim or a fact by `action`, recording who, when, from, to and why.

    With `expected_version` (the version the reviewer saw), an item that changed since (a new
    verdict, a source, another move) is not moved: the reviewer must look again.
    """
    item = type(item).objects.select_for_update().get(pk=item.pk)
    move = check_transition(item=item, action=action, by=by)
    check_version(item, expected_version)
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise WorkflowError(f"“{move.label}” needs a comment saying why.")
    if action == "submit" and (missing := _missing_for_review(item)):
        raise WorkflowError("Before submitting, add " + " and ".join(missing) + ".")
    record = _apply(item, action, move, by=by, comment=comment)
    record.save()
    notify_transition(transition=record)
    return item


def _apply(item: Reviewable, action: str, move: Move, *, by, comment: str) -> Transition:
    """Move a locked item and save it; the transition row to record it (not yet saved)."""
    from_status = item.status
    item.status = move.to
    fields = ["status"]
    if action == "retract":
        item.retraction_reason = comment
        fields.append("retraction_reason")
    if action == "approve":
        approved = item if isinstance(item, Fact) else item.verdict
        approved.approved_by, approved.approved_at = by, timezone.now()
        if isinstance(item, Fact):
            fields += ["approved_by", "approved_at"]
        else:
            approved.save(update_fields=["approved_by", "approved_at", "updated_at"])
    versioned_save(item, by=by, fields=fields)
    subject = {"fact": item} if isinstance(item, Fact) else {"claim": item}
    return Transition(
        **subject, action=action, from_status=from_status, to_status=move.to, by=by, comment=comment
    )


def review_transition_many(*, items: Sequence[Reviewable], action: str, by, comment: str) -> None:
    """Move many claims and facts by `action` at once, as a dossier's publication does: the same
    table, state and permission checks as `review_transition`, one transition row each, no
    notifications, and four eyes on each item. The caller holds the items' row locks in its
    transaction (claims/dossiers/publish.py checks them all first, to name every refusal)."""
    move = _move(action)
    records = []
    for item in items:
        _check_move(item, move, by, four_eyes=move.four_eyes)
        records.append(_apply(item, action, move, by=by, comment=comment))
    Transition.objects.bulk_create(records)


def available_actions(*, item: Reviewable, user) -> list[tuple[str, Move]]:
    """The actions `user` may take on `item` now (for the desk's buttons)."""
    actions = []
    for action, move in TRANSITIONS.items():
        try:
            check_transition(item=item, action=action, by=user)
        except (WorkflowError, PermissionDenied):
            continue
        actions.append((action, move))
    return actions
