"""The review workflow: the state machine, the roles, the four-eyes rule, the record kept."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from claims.models import Claim, Notification, Transition
from claims.review.evidence import verdict_set
from claims.review.workflow import WorkflowError, available_actions, review_transition
from claims.roles import EDITOR, FACT_CHECKER
from tests.factories import ClaimFactory, ready_claim, user_in_role

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def cast():
    return {
        "checker": user_in_role("fc1", FACT_CHECKER),
        "other_checker": user_in_role("fc2", FACT_CHECKER),
        "editor": user_in_role("ed1", EDITOR),
        "other_editor": user_in_role("ed2", EDITOR),
        "superuser": user_in_role("root", is_superuser=True, is_staff=True),
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
def test_permission_matrix(cast, action, situation):
    actor_key, author_key = SITUATIONS[situation]
    start, allowed = ACTIONS[action]
    claim = ready_claim(cast[author_key])
    Claim.objects.filter(pk=claim.pk).update(status=start)
    claim.refresh_from_db()
    if situation in allowed:
        moved = review_transition(item=claim, action=action, by=cast[actor_key], comment="Reason.")
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
        assert Transition.objects.get(claim=claim).by == cast[actor_key]
    else:
        with pytest.raises(PermissionDenied):
            review_transition(item=claim, action=action, by=cast[actor_key], comment="Reason.")
        claim.refresh_from_db()
        assert claim.status == start
        assert not Transition.objects.exists()


def test_superuser_gets_a_clear_four_eyes_message(cast):
    claim = ready_claim(cast["superuser"])
    review_transition(item=claim, action="submit", by=cast["superuser"])
    with pytest.raises(PermissionDenied, match="Four eyes: you wrote this claim or its verdict"):
        review_transition(item=claim, action="approve", by=cast["superuser"])


def test_the_verdicts_author_cannot_approve_either(cast):
    claim = ready_claim(cast["checker"])
    claim.verdict.author = cast["editor"]
    claim.verdict.save()
    review_transition(item=claim, action="submit", by=cast["checker"])
    with pytest.raises(PermissionDenied, match="Four eyes"):
        review_transition(item=claim, action="approve", by=cast["editor"])
    assert review_transition(item=claim, action="approve", by=cast["other_editor"]).status == S.APPROVED


@pytest.mark.parametrize(
    ("missing", "message"),
    [("verdict", "a verdict with its rationale"), ("source", "at least one source"), ("both", "a verdict")],
)
def test_submitting_needs_a_verdict_and_a_source(cast, missing, message):
    claim = ready_claim(cast["checker"])
    if missing in ("verdict", "both"):
        claim.verdict.delete()
    if missing in ("source", "both"):
        claim.claim_sources.all().delete()
    claim = Claim.objects.get(pk=claim.pk)
    with pytest.raises(WorkflowError, match=message):
        review_transition(item=claim, action="submit", by=cast["checker"])
    claim.refresh_from_db()
    assert claim.status == S.DRAFT


@pytest.mark.parametrize("action", ["request_changes", "retract"])
def test_sending_back_and_retracting_need_a_comment(cast, action):
    claim = ready_claim(cast["checker"])
    Claim.objects.filter(pk=claim.pk).update(status=ACTIONS[action][0])
    with pytest.raises(WorkflowError, match="needs a comment"):
        review_transition(item=claim, action=action, by=cast["editor"], comment="  ")


def test_an_action_from_the_wrong_state_is_refused(cast):
    claim = ready_claim(cast["checker"])
    with pytest.raises(WorkflowError, match="“Approve” is not possible while the claim is draft"):
        review_transition(item=claim, action="approve", by=cast["editor"])


def test_the_whole_round_is_recorded_as_the_claims_timeline(cast):
    checker, editor = cast["checker"], cast["editor"]
    claim = ready_claim(checker)
    review_transition(item=claim, action="submit", by=checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="Cite Meta's blog.")
    review_transition(item=claim, action="submit", by=checker)
    review_transition(item=claim, action="approve", by=editor)
    review_transition(item=claim, action="publish", by=cast["other_editor"])
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


def test_reviewers_hear_of_a_submission_and_the_author_of_the_outcome(
    cast, django_capture_on_commit_callbacks
):
    checker, editor = cast["checker"], cast["editor"]
    claim = ready_claim(checker)
    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=checker)
    reviewers = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reviewers == {"ed1", "ed2", "root"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ed1@desk.example",
        "ed2@desk.example",
        "root@desk.example",
    ]
    assert "fc1 submitted a claim for review" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/claims/{claim.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="request_changes", by=editor, comment="Add a source.")
    note = Notification.objects.filter(recipient=checker).get()
    assert note.message.startswith("ed1 asked for changes to your claim")
    assert mail.outbox[-1].to == ["fc1@desk.example"]


def test_email_task_sends_each_notification_once(cast, django_capture_on_commit_callbacks):
    from claims.tasks import notification_emails_send

    claim = ready_claim(cast["checker"])
    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=cast["checker"])
    ids = list(Notification.objects.values_list("pk", flat=True))
    sent_before = len(mail.outbox)
    assert notification_emails_send.apply(args=[ids]).get() == 0
    assert len(mail.outbox) == sent_before


def test_changing_the_verdict_of_an_approved_claim_sends_it_back_to_review(cast):
    checker, editor = cast["checker"], cast["editor"]
    claim = ready_claim(checker)
    review_transition(item=claim, action="submit", by=checker)
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


def test_available_actions_are_what_the_user_may_do_now(cast):
    claim = ready_claim(cast["checker"])
    assert [a for a, _ in available_actions(item=claim, user=cast["checker"])] == ["submit"]
    assert available_actions(item=claim, user=cast["editor"]) == []
    review_transition(item=claim, action="submit", by=cast["checker"])
    claim.refresh_from_db()
    assert [a for a, _ in available_actions(item=claim, user=cast["editor"])] == [
        "approve",
        "request_changes",
    ]


def test_a_fact_checker_cannot_edit_evidence_of_a_claim_in_review(cast):
    claim = ready_claim(cast["checker"])
    review_transition(item=claim, action="submit", by=cast["checker"])
    with pytest.raises(PermissionDenied, match="frozen while it is reviewed"):
        verdict_set(claim=claim, rating="false", rationale="x", by=cast["checker"], expected_version=1)


def test_plain_claim_factory_is_a_draft():
    assert ClaimFactory().status == S.DRAFT


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_rating_badge_is_readable_and_mapped_to_claimreview():
    from claims.ratings import SCALE, review_rating

    for rating, info in SCALE.items():
        light, dark = sorted([_luminance(info.colour), _luminance(info.text_colour)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, rating
        schema = review_rating(rating)
        assert schema["alternateName"] == info.label
        if info.value is None:
            assert "ratingValue" not in schema
        else:
            assert (schema["ratingValue"], schema["bestRating"], schema["worstRating"]) == (info.value, 5, 1)
