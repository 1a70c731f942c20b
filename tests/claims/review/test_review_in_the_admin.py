"""The workflow through the admin: the same service, the same four-eyes rule."""

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.review.workflow import review_transition
from tests.factories import ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_editor(editor):
    """The editor, with access to the admin."""
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    return editor


def _act(client, action: str, *claims):
    return client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": action, "_selected_action": [c.pk for c in claims]},
        follow=True,
    ).content.decode()


def test_superuser_cannot_approve_their_own_claim_in_the_admin_and_is_told_why(
    client, superuser, fact_checker
):
    own, other = ready_claim(superuser), ready_claim(fact_checker)
    review_transition(item=own, action="submit", by=superuser)
    review_transition(item=other, action="submit", by=fact_checker)
    client.force_login(superuser)
    page = _act(client, "approve", own, other)
    assert "Four eyes: you wrote this claim or its verdict" in page
    assert "Approve: done for 1 claim." in page
    assert Claim.objects.get(pk=own.pk).status == "in_review"
    assert Claim.objects.get(pk=other.pk).status == "approved"


def test_the_admin_cannot_set_a_status_directly(client, superuser):
    claim = ready_claim(superuser)
    client.force_login(superuser)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.post(url, {"status": "published", "statement": "x"})
    assert Claim.objects.get().status == "draft"
    assert 'name="status"' not in client.get(url).content.decode()


def test_publishing_from_the_admin_needs_another_editor(client, fact_checker, staff_editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="approve", by=staff_editor)
    client.force_login(staff_editor)
    page = _act(client, "publish", claim)
    assert "Publish: done for 1 claim." in page
    assert Claim.objects.get().status == "published"
    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).context
    assert "ed1" in {record.history_user.username for record in history["page_obj"] if record.history_user}


def test_the_history_revert_form_cannot_change_a_claim(client, fact_checker, staff_editor):
    claim = ready_claim(fact_checker)
    record = claim.history.first()
    client.force_login(staff_editor)
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, record.history_id])
    response = client.post(url, {"status": "published", "statement": "hacked", "author": staff_editor.pk})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.status, claim.statement, claim.author) == (
        "draft",
        "Behemoth has 2 trillion parameters.",
        fact_checker,
    )
    assert client.get(url).status_code == 200


def test_a_desk_admin_cannot_make_anyone_superuser(client, desk_admin, fact_checker, superuser):
    client.force_login(desk_admin)
    page = client.get(reverse("admin:auth_user_change", args=[fact_checker.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="groups"' in page
    assert (
        client.post(reverse("admin:auth_user_change", args=[superuser.pk]), {"username": "root"}).status_code
        == 403
    )


def test_requesting_changes_in_the_admin_asks_for_the_reason_first(client, fact_checker, staff_editor):
    claim = ready_claim(fact_checker)
    review_transition(item=claim, action="submit", by=fact_checker)
    client.force_login(staff_editor)
    page = _act(client, "request_changes", claim)
    assert 'name="comment"' in page
    assert Claim.objects.get().status == "in_review"
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {
            "action": "request_changes",
            "_selected_action": [claim.pk],
            "confirm": "yes",
            "comment": "Cite Meta.",
        },
        follow=True,
    )
    assert "Request changes: done for 1 claim." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "changes_requested"
    assert claim.transitions.last().comment == "Cite Meta."
