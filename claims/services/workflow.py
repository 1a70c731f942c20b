"""The review workflow: the allowed transitions as data, and the one function that moves a claim.

Nothing else changes `Claim.status`. The desk, the API and the admin all call
`claim_transition`, which checks the current state, the role, the four-eyes rule and the
action's own conditions, records the transition, and tells the people concerned.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Transition, Verdict
from claims.services.notify import notify_transition
from claims.services.versions import check_version

S = Claim.Status


@dataclass(frozen=True)
class Move:
    to: str
    sources: tuple[str, ...]  # the states the action starts from
    permission: str | None  # None: the claim's author
    four_eyes: bool = False  # the actor must not be the claim's or its verdict's author
    needs_comment: bool = False
    label: str = ""


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
    "retract": Move(S.RETRACTED, (S.PUBLISHED,), "claims.publish_claim", needs_comment=True, label="Retract"),
}


class WorkflowError(ValidationError):
    """The action is not possible now (wrong state, missing verdict or source)."""


def check_transition(*, claim: Claim, action: str, by) -> Move:
    """The move, if `by` may do `action` on `claim` now; raises with the reason otherwise."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise WorkflowError(f"Unknown action {action!r}.")
    if claim.status not in move.sources:
        raise WorkflowError(
            f"“{move.label}” is not possible while the claim is {claim.get_status_display().lower()}."
        )
    if move.permission is None:
        if claim.author_id != by.pk:
            raise PermissionDenied("Only the claim's author can do this.")
    elif not by.has_perm(move.permission):
        raise PermissionDenied("You do not have the reviewing rights this needs.")
    if move.four_eyes and by.pk in _authors(claim):
        raise PermissionDenied(
            f"Four eyes: you wrote this claim or its verdict, so someone else must {move.label.lower()} it."
        )
    return move


def verdict_of(claim: Claim) -> Verdict | None:
    try:
        return claim.verdict
    except Verdict.DoesNotExist:
        return None


def _authors(claim: Claim) -> set[int]:
    verdict = verdict_of(claim)
    return {claim.author_id} | ({verdict.author_id} if verdict else set())


def _check_ready_for_review(claim: Claim) -> None:
    problems = []
    if not claim.statement.strip():
        problems.append("a claim statement")
    verdict = verdict_of(claim)
    if verdict is None or not verdict.rationale.strip():
        problems.append("a verdict with its rationale")
    if not claim.claim_sources.exists():
        problems.append("at least one source")
    if problems:
        raise WorkflowError("Before submitting, add " + " and ".join(problems) + ".")


@transaction.atomic
def claim_transition(
    *, claim: Claim, action: str, by, comment: str = "", expected_version: int | None = None
) -> Claim:
    """Move `claim` by `action`, recording who, when, from, to and why.

    With `expected_version` (the claim's version the reviewer saw), a claim that changed since
    (a new verdict, a source, another move) is not moved: the reviewer must look again.
    """
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    move = check_transition(claim=claim, action=action, by=by)
    check_version(claim, expected_version)
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise WorkflowError(f"“{move.label}” needs a comment saying why.")
    if action == "submit":
        _check_ready_for_review(claim)
    from_status = claim.status
    claim.status = move.to
    if action == "retract":
        claim.retraction_reason = comment
    claim_save(claim, by, ["status", "retraction_reason"])
    if action == "approve":
        claim.verdict.approved_by, claim.verdict.approved_at = by, timezone.now()
        claim.verdict.save(update_fields=["approved_by", "approved_at", "updated_at"])
    record = Transition.objects.create(
        claim=claim, action=action, from_status=from_status, to_status=move.to, by=by, comment=comment
    )
    notify_transition(transition=record)
    return claim


def claim_save(claim: Claim, by, fields: list[str]) -> None:
    """Save `fields` of a locked claim, bumping its version; the history records `by`."""
    claim.version += 1
    claim._history_user = by  # type: ignore[attr-defined]  # simple-history: who, also outside a request
    claim.save(update_fields=[*fields, "version", "updated_at"])


def available_actions(*, claim: Claim, user) -> list[tuple[str, Move]]:
    """The actions `user` may take on `claim` now (for the desk's buttons)."""
    actions = []
    for action, move in TRANSITIONS.items():
        try:
            check_transition(claim=claim, action=action, by=user)
        except (WorkflowError, PermissionDenied):
            continue
        actions.append((action, move))
    return actions
