"""The review workflow: the state machine, the roles, the four-eyes rule, the record kept."""

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import Claim, Transition
from claims.review.evidence import verdict_set
from claims.review.workflow import WorkflowError, available_actions, review_transition
from claims.roles import FACT_CHECKER
from tests.factories import ClaimFactory, ready_claim, user_in_role

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def people(fact_checker, editor, other_editor, superuser):
    """The cast by the names the matrix below uses, with a second fact-checker."""
    return {
        "checker": fact_checker,
        "other_checker": user_in_role("fc2", FACT_CHECKER),
        "editor": editor,
        "other_editor": other_editor,
        "superuser": superuser,
    }


# (actor, author of the claim) for each situation of the matrix.
SITUATIONS = {
    "author (fact-checker)": ("checker", "checker"),
    "another fact-checker": ("other_checker", "checker"),
    "editor, not the author": ("editor", "checker"),
    "editor who is the author": ("editor", "editor"),
    "superuser, not the author": ("superuser", "checker"),
    "superuser who is the author": ("superuser", "superuser"),
}
# For each action: the state it starts from, and the situations in which it is allowed.
ACTIONS = {
    "submit": (S.DRAFT, {"author (fact-checker)", "editor who is the author", "superuser who is the author"}),
    "approve": (S.IN_REVIEW, {"editor, not the author", "superuser, not the author"}),
    "request_changes": (S.IN_REVIEW, {"editor, not the author", "superuser, not the author"}),
    "publish": (S.APPROVED, {"editor, not the author", "superuser, not the author"}),
    "retract": (
        S.PUBLISHED,
        {
            "editor, not the author",
            "superuser, not the author",
            "editor who is the author",
            "superuser who is the author",
        },
    ),
}


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(people, action, situation):
    actor_key, author_key = SITUATIONS[situation]
    start, allowed = ACTIONS[action]
    claim = ready_claim(people[author_key])
    Claim.objects.filter(pk=claim.pk).update(status=start)
    claim.refresh_from_db()
    if situation in allowed:
        moved = review_transition(item=claim, action=action, by=people[actor_key], comment="Reason.")
        assert (
            moved.status
            == {
                "submit": S.IN_REVIEW,
                "approve": S.APPROVED,
                "request_changes": S.CHANGES_REQUESTED,
                "publish": S.PUBLISHED,
                "retract": S.RETRACTED,
            }[action]
        )
        assert Transition.objects.get(claim=claim).by == people[actor_key]
    else:
        with pytest.raises(PermissionDenied):
            review_transition(item=claim, action=action, by=people[actor_key], comment="Reason.")
        claim.refresh_from_db()
        assert claim.status == start
        assert not Transition.objects.exists()


def test_superuser_gets_a_clear_four_eyes_message(superuser):
    claim = ready_claim(superuser)
    review_transition(item=claim, action="submit", by=superuser)
    with pytest.raises(PermissionDenied, match="Four eyes: you wrote this claim or its verdict"):
        review_transition(item=claim, action="approve", by=superuser)


def test_the_verdicts_author_cannot_approve_either(fact_checker, editor, other_editor):
    claim = ready_claim(fact_checker)
    claim.verdict.author = editor
    claim.verdict.save()
    review_transition(item=claim, action="submit", by=fact_checker)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        review_transition(item=claim, action="approve", by=editor)
    assert review_transition(item=claim, action="approve", by=other_editor).status == S.APPROVED


@pytest.mark.parametrize(
    ("missing", "message"),
    [("verdict", "a verdict with its rationale"), ("source", "at least one source"), ("both", "a verdict")],
)
def test_submitting_needs_a_verdict_and_a_source(fact_checker, missing, message):
    claim = ready_claim(fact_checker)
    if missing in ("verdict", "both"):
        claim.verdict.delete()
    if missing in ("source", "both"):
        claim.claim_sources.all().delete()
    claim = Claim.objects.get(pk=claim.pk)
    with pytest.raises(WorkflowError, match=message):
        review_transition(item=claim, action="submit", by=fact_checker)
    claim.refresh_from_db()
    assert claim.status == S.DRAFT


@pytest.mark.parametrize("action", ["request_changes", "retract"])
def test_sending_back_and_retracting_need_a_comment(fact_checker, editor, action):
    claim = ready_claim(fact_checker)
    Claim.objects.filter(pk=claim.pk).update(status=ACTIONS[action][0])
    with pytest.raises(WorkflowError, match="needs a comment"):
        review_transition(item=claim, action=action, by=editor, comment="  ")


def test_an_action_from_the_wrong_state_is_refused(fact_checker, editor):
    claim = ready_claim(fact_checker)
    with pytest.raises(WorkflowError, match="“Approve” is not possible while the claim is draft"):
        review_transition(item=claim, action="approve", by=editor)


def test_the_whole_round_is_recorded_as_the_claims_timeline(fact_checker, editor, other_editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="Cite Meta's blog.")
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="approve", by=editor)
    review_transition(item=claim, action="publish", by=other_editor)
    review_transition(item=claim, action="retract", by=editor, comment="Meta corrected the figure.")
    timeline = list(claim.transitions.values_list("from_status", "to_status", "by__username", "comment"))
    assert timeline == [
        ("draft", "in_review", "fc1", ""),
        ("in_review", "changes_requested", "ed1", "Cite Meta's blog."),
        ("changes_requested", "in_review", "fc1", ""),
        ("in_review", "approved", "ed1", ""),
        ("approved", "published", "ed2", ""),
        ("published", "retracted", "ed1", "Meta corrected the figure."),
    ]
    claim.refresh_from_db()
    assert claim.retraction_reason == "Meta corrected the figure."
    assert claim.verdict.approved_by == editor
    assert claim.history.count() >= 7  # created, then one record per move


def test_changing_the_verdict_of_an_approved_claim_sends_it_back_to_review(fact_checker, editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="approve", by=editor)
    verdict_set(
        claim=claim, rating="mostly_true", rationale="The range is 64–72.", by=editor, expected_version=1
    )
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW
    assert claim.verdict.approved_by is None
    assert claim.transitions.last().action == "reopen"
    with pytest.raises(PermissionDenied, match="Four eyes"):
        review_transition(item=claim, action="approve", by=editor)  # now the verdict's author


def test_available_actions_are_what_the_user_may_do_now(fact_checker, editor):
    claim = ready_claim(fact_checker)
    assert [a for a, _ in available_actions(item=claim, user=fact_checker)] == ["submit"]
    assert available_actions(item=claim, user=editor) == []
    review_transition(item=claim, action="submit", by=fact_checker)
    claim.refresh_from_db()
    assert [a for a, _ in available_actions(item=claim, user=editor)] == [
        "approve",
        "request_changes",
    ]


def test_a_fact_checker_cannot_edit_evidence_of_a_claim_in_review(fact_checker):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    with pytest.raises(PermissionDenied, match="frozen while it is reviewed"):
        verdict_set(claim=claim, rating="false", rationale="x", by=fact_checker, expected_version=1)


def test_plain_claim_factory_is_a_draft():
    assert ClaimFactory().status == S.DRAFT
