"""The review workflow: the allowed transitions as data, and the one function that moves a claim
or a fact.

Nothing else changes the `status` of a claim or a fact. The desk, the API and the admin all call
`review_transition`, which checks the current state, the role, the four-eyes rule and the
action's own conditions, records the transition, and tells the people concerned. Claims and
facts differ only in what makes them ready for review and who wrote them (`authors_of`).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim, Fact, ReviewStatus, Transition, Verdict
from claims.notify import notify_transition
from factcheck.versioning import bulk_set, check_version, versioned_bulk_set, versioned_save

S = ReviewStatus
Reviewable = Claim | Fact


@dataclass(frozen=True)
class Move:
    to: str
    sources: tuple[str, ...]  # the states the action starts from
    permission: str | None  # None: the author of the claim or fact
    four_eyes: bool = False  # the actor must not be its author (nor its verdict's)
    needs_comment: bool = False
    label: str | Promise = ""  # gettext_lazy: shown on the button, in the reader's language


# The review permission serves claims and facts alike; so does the publishing one.
TRANSITIONS: dict[str, Move] = {
    "submit": Move(
        S.IN_REVIEW, (S.DRAFT, S.CHANGES_REQUESTED), None, label=gettext_lazy("Submit for review")
    ),
    "approve": Move(
        S.APPROVED, (S.IN_REVIEW,), "claims.review_claim", four_eyes=True, label=gettext_lazy("Approve")
    ),
    "request_changes": Move(
        S.CHANGES_REQUESTED,
        (S.IN_REVIEW,),
        "claims.review_claim",
        four_eyes=True,
        needs_comment=True,
        label=gettext_lazy("Request changes"),
    ),
    "publish": Move(
        S.PUBLISHED, (S.APPROVED,), "claims.publish_claim", four_eyes=True, label=gettext_lazy("Publish")
    ),
    # An editor sends an approved claim back (changing its verdict does it too).
    "reopen": Move(
        S.IN_REVIEW, (S.APPROVED,), "claims.review_claim", label=gettext_lazy("Send back to review")
    ),
    # A published claim or fact whose verdict must be corrected goes back through review; the
    # published dossier revision keeps the old verdict until a new revision is published with
    # a correction note (claims/dossiers/publish.py).
    "correct": Move(
        S.CHANGES_REQUESTED,
        (S.PUBLISHED,),
        "claims.publish_claim",
        needs_comment=True,
        label=gettext_lazy("Correct"),
    ),
    "retract": Move(
        S.RETRACTED, (S.PUBLISHED,), "claims.publish_claim", needs_comment=True, label=gettext_lazy("Retract")
    ),
}


# What the desk says once a move is done, by the kind of item and the state it led to (whole
# sentences: a claim and a fact differ in gender in Italian and French).
DONE_MESSAGES: dict[str, dict[str, Promise]] = {
    "claim": {
        S.IN_REVIEW: gettext_lazy("The claim is now waiting for review."),
        S.CHANGES_REQUESTED: gettext_lazy("Changes were requested: the claim is back with its author."),
        S.APPROVED: gettext_lazy("The claim is approved."),
        S.PUBLISHED: gettext_lazy("The claim is published."),
        S.RETRACTED: gettext_lazy("The claim is retracted."),
        S.DRAFT: gettext_lazy("The claim is a draft again."),
    },
    "fact": {
        S.IN_REVIEW: gettext_lazy("The fact is now waiting for review."),
        S.CHANGES_REQUESTED: gettext_lazy("Changes were requested: the fact is back with its author."),
        S.APPROVED: gettext_lazy("The fact is approved."),
        S.PUBLISHED: gettext_lazy("The fact is published."),
        S.RETRACTED: gettext_lazy("The fact is retracted."),
        S.DRAFT: gettext_lazy("The fact is a draft again."),
    },
}
KINDS: dict[str, Promise] = {"claim": gettext_lazy("claim"), "fact": gettext_lazy("fact")}


def done_message(item: Reviewable) -> str:
    """The sentence that confirms a move, for the state `item` is now in."""
    return str(DONE_MESSAGES[item._meta.model_name or "claim"][item.status])


class WorkflowError(ValidationError):
    """The action is not possible now (wrong state, missing verdict or source)."""


def _kind(item: Reviewable) -> str:
    return str(KINDS.get(item._meta.model_name or "", item._meta.verbose_name))


def _move(action: str) -> Move:
    move = TRANSITIONS.get(action)
    if move is None:
        raise WorkflowError(_("Unknown action %(action)r.") % {"action": action})
    return move


def check_transition(*, item: Reviewable, action: str, by) -> Move:
    """The move, if `by` may do `action` on `item` now; raises with the reason otherwise."""
    move = _move(action)
    if action == "publish" and isinstance(item, Fact):
        raise WorkflowError(_("A fact is published with its story's dossier: publish the story."))
    _check_move(item, move, by, four_eyes=move.four_eyes)
    return move


def _check_move(item: Reviewable, move: Move, by, *, four_eyes: bool) -> None:
    if item.status not in move.sources:
        raise WorkflowError(
            _("“%(action)s” is not possible while the %(kind)s is %(status)s.")
            % {"action": move.label, "kind": _kind(item), "status": item.get_status_display().lower()}  # type: ignore[union-attr]
        )
    if move.permission is None:
        if item.author_id != by.pk:
            raise PermissionDenied(_("Only the %(kind)s's author can do this.") % {"kind": _kind(item)})
    elif not by.has_perm(move.permission):
        raise PermissionDenied(_("You do not have the reviewing rights this needs."))
    if four_eyes and by.pk in authors_of(item):
        raise PermissionDenied(
            _("Four eyes: you wrote this %(kind)s or its verdict, so someone else must %(action)s it.")
            % {"kind": _kind(item), "action": str(move.label).lower()}
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


@dataclass(frozen=True)
class ChecklistItem:
    """One condition for submitting a claim or a fact for review."""

    label: str  # what the author sees in the checklist
    missing: str  # how the refusal names it: "Before submitting, add …"
    done: bool


def submit_checklist(item: Reviewable) -> list[ChecklistItem]:
    """What a claim or a fact needs before it is submitted for review, each ticked or not.

    The claim and fact pages show it next to Submit, and `review_transition` refuses a submission
    with the unticked ones: one list of rules for both.
    """
    kind = _kind(item)
    checks = [
        ChecklistItem(
            _("A %(kind)s statement") % {"kind": kind},
            _("a %(kind)s statement") % {"kind": kind},
            bool(item.statement.strip()),
        )
    ]
    if isinstance(item, Fact):
        has_verdict = bool(item.rating and item.rationale.strip())
    else:
        verdict = verdict_of(item)
        has_verdict = verdict is not None and bool(verdict.rationale.strip())
    checks.append(
        ChecklistItem(_("A verdict with its rationale"), _("a verdict with its rationale"), has_verdict)
    )
    if isinstance(item, Fact):
        checks.append(ChecklistItem(_("At least one claim"), _("at least one claim"), item.claims.exists()))
        has_source = item.fact_sources.exists()
    else:
        has_source = item.claim_sources.exists()
    checks.append(ChecklistItem(_("At least one source"), _("at least one source"), has_source))
    return checks


def missing_for_review(item: Reviewable) -> list[str]:
    """The checklist's unticked items, as the refusal names them."""
    return [check.missing for check in submit_checklist(item) if not check.done]


@transaction.atomic
def review_transition(
    *,
    item: Reviewable,
    action: str,
    by,
    comment: str = "",
    expected_version: int | None = None,
    requested_reviewer=None,
) -> Reviewable:
    """Move a claim or a fact by `action`, recording who, when, from, to and why.

    With `expected_version` (the version the reviewer saw), an item that changed since (a new
    verdict, a source, another move) is not moved: the reviewer must look again. A submission
    may ask a particular reviewer (`requested_reviewer`, never the submitter).
    """
    item = type(item).objects.select_for_update().get(pk=item.pk)
    move = check_transition(item=item, action=action, by=by)
    check_version(item, expected_version)
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise WorkflowError(_("“%(action)s” needs a comment saying why.") % {"action": move.label})
    if action == "submit" and (missing := missing_for_review(item)):
        raise WorkflowError(
            _("Before submitting, add %(missing)s.") % {"missing": get_text_list(missing, _("and"))}
        )
    if action == "submit":
        _request_reviewer(item, requested_reviewer, by=by)
    record = _apply(item, action, move, by=by, comment=comment)
    record.save()
    notify_transition(transition=record)
    return item


def _request_reviewer(item: Reviewable, reviewer, *, by) -> None:
    """Record the reviewer a submission asks for (or none): someone else who may review it."""
    if reviewer is not None:
        if reviewer.pk == by.pk or reviewer.pk in authors_of(item):
            raise WorkflowError(
                _("You cannot request yourself as the reviewer: four eyes, someone else reviews it.")
            )
        if not reviewer.is_active or not reviewer.has_perm("claims.review_claim"):
            raise WorkflowError(_("%(user)s cannot review: choose an editor.") % {"user": reviewer})
    item.requested_reviewer = reviewer
    type(item).objects.filter(pk=item.pk).update(requested_reviewer=reviewer)


def _changes(item: Reviewable, action: str, move: Move, *, by, comment: str) -> dict:
    """The fields `action` sets on `item`, with their new values (the same for every item of a
    kind, so that many move in one update)."""
    values: dict = {"status": move.to}
    if action == "retract":
        values["retraction_reason"] = comment
    if action == "approve" and isinstance(item, Fact):
        values.update(approved_by=by, approved_at=timezone.now())
    return values


def _record(item: Reviewable, action: str, move: Move, from_status: str, *, by, comment: str) -> Transition:
    """The transition row recording the move of `item` (not yet saved)."""
    subject = {"fact": item} if isinstance(item, Fact) else {"claim": item}
    return Transition(
        **subject, action=action, from_status=from_status, to_status=move.to, by=by, comment=comment
    )


def _apply(item: Reviewable, action: str, move: Move, *, by, comment: str) -> Transition:
    """Move a locked item and save it; the transition row to record it (not yet saved)."""
    record = _record(item, action, move, item.status, by=by, comment=comment)
    values = _changes(item, action, move, by=by, comment=comment)
    for name, value in values.items():
        setattr(item, name, value)
    if action == "approve" and isinstance(item, Claim):
        item.verdict.approved_by, item.verdict.approved_at = by, timezone.now()
        item.verdict.save(update_fields=["approved_by", "approved_at", "updated_at"])
    versioned_save(item, by=by, fields=list(values))
    return record


def review_transition_many(*, items: Sequence[Reviewable], action: str, by, comment: str) -> None:
    """Move many claims and facts by `action` at once, as a dossier's publication does: the same
    table, state and permission checks as `review_transition`, one transition row each, no
    notifications, and four eyes on each item. The caller holds the items' row locks in its
    transaction (claims/dossiers/publish.py checks them all first, to name every refusal).

    A few queries whatever the number of items (a 200-fact dossier moves hundreds): one update
    of each kind's rows, one insert of their history rows, one of the transitions.
    """
    move = _move(action)
    records = []
    moved: dict[type, list[Reviewable]] = defaultdict(list)
    for item in items:
        _check_move(item, move, by, four_eyes=move.four_eyes)
        records.append(_record(item, action, move, item.status, by=by, comment=comment))
        moved[type(item)].append(item)
    for group in moved.values():
        versioned_bulk_set(group, by=by, values=_changes(group[0], action, move, by=by, comment=comment))
    if action == "approve" and (claims := moved.get(Claim)):
        verdicts = [claim.verdict for claim in claims if isinstance(claim, Claim)]
        bulk_set(verdicts, by=by, values={"approved_by": by, "approved_at": timezone.now()})
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


def review_panel(*, item: Reviewable, user) -> dict:
    """What the review buttons of a claim or a fact show `user`: the actions they may take and,
    with Submit, the checklist and what it still misses (claims/review/_partials)."""
    actions = available_actions(item=item, user=user)
    checklist = submit_checklist(item) if any(action == "submit" for action, _ignored in actions) else []
    return {
        "actions": actions,
        "checklist": checklist,
        "checklist_missing": [check.missing for check in checklist if not check.done],
    }
