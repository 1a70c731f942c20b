"""Assignment: who may assign what, the requested reviewer, and the notifications on assignment
and when due (sent once by the sweep)."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim, Fact, Notification, Story
from claims.notify import assignments_due_notify
from claims.review.assignment import assignment_set
from claims.review.workflow import WorkflowError, review_transition
from claims.tasks import notification_emails_sweep
from tests.factories import ClaimFactory, StoryFactory, ready_claim, ready_fact

pytestmark = pytest.mark.django_db


def _assign(client, kind: str, pk: int, assignee="", due_on="", **kwargs):
    data = {"assignee": assignee.pk if assignee else "", "due_on": due_on}
    return client.post(reverse("claims:assign", args=[kind, pk]), data, **kwargs)


def test_assign_an_editor_assigns_a_claim_and_the_assignee_hears_of_it(client, editor, fact_checker):
    claim = ClaimFactory(author=editor)
    client.force_login(editor)
    response = _assign(client, "claim", claim.pk, fact_checker, "2030-05-01", follow=True)
    assert "Assigned to fc1." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.assignee, claim.due_on) == (fact_checker, datetime.date(2030, 5, 1))
    notification = Notification.objects.get(recipient=fact_checker)
    assert notification.claim == claim
    assert notification.message.startswith("ed1 assigned you a claim (due May 1, 2030)")


def test_assign_facts_and_stories_from_their_pages(client, editor, other_editor):
    story = StoryFactory(lead_editor=editor)
    fact = ready_fact(story, editor, [ClaimFactory()])
    client.force_login(editor)
    page = client.get(reverse("claims:fact-detail", args=[fact.pk])).content.decode()
    assert reverse("claims:assign", args=["fact", fact.pk]) in page
    _assign(client, "fact", fact.pk, other_editor)
    _assign(client, "story", story.pk, other_editor, "2030-01-02")
    assert Fact.objects.get(pk=fact.pk).assignee == other_editor
    assert Story.objects.get(pk=story.pk).due_on == datetime.date(2030, 1, 2)
    assert Notification.objects.filter(recipient=other_editor).count() == 2
    story_note = Notification.objects.get(recipient=other_editor, story=story)
    assert story_note.desk_url == reverse("claims:story-detail", args=[story.slug])
    page = client.get(reverse("claims:story-detail", args=[story.slug])).content.decode()
    assert "Assigned to ed2" in page


def test_assign_form_is_on_the_claim_page_for_its_author(client, fact_checker):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert reverse("claims:assign", args=["claim", claim.pk]) in page


def test_assign_a_fact_checker_takes_their_own_draft_but_assigns_no_one_else(client, fact_checker, editor):
    mine = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    _assign(client, "claim", mine.pk, fact_checker)
    assert Claim.objects.get(pk=mine.pk).assignee == fact_checker
    assert not Notification.objects.exists()  # no news to oneself

    response = _assign(client, "claim", mine.pk, editor, follow=True)
    assert "You may assign your own drafts to yourself only" in response.content.decode()
    assert Claim.objects.get(pk=mine.pk).assignee == fact_checker

    theirs = ClaimFactory(author=editor)
    with pytest.raises(PermissionDenied):
        assignment_set(item=theirs, assignee=fact_checker, due_on=None, by=fact_checker)
    assert Claim.objects.get(pk=theirs.pk).assignee is None


def test_assign_refused_to_users_without_a_role(client, no_role, editor):
    claim = ClaimFactory(author=editor)
    fact = ready_fact(StoryFactory(lead_editor=editor), editor)
    story = fact.story
    client.force_login(no_role)
    for kind, pk in (("claim", claim.pk), ("fact", fact.pk), ("story", story.pk)):
        assert _assign(client, kind, pk, no_role).status_code == 403
    assert client.get(reverse("claims:queue", args=["assigned"])).status_code == 403
    assert client.get(reverse("claims:home")).status_code == 403
    # Nor can work go to them.
    with pytest.raises(Exception, match="no role on the desk"):
        assignment_set(item=claim, assignee=no_role, due_on=None, by=editor)


def test_assign_a_submitter_cannot_request_themselves_as_reviewer(client, fact_checker, editor):
    claim = ready_claim(fact_checker)
    with pytest.raises(WorkflowError, match="cannot request yourself"):
        review_transition(item=claim, action="submit", by=fact_checker, requested_reviewer=fact_checker)
    assert Claim.objects.get(pk=claim.pk).status == "draft"

    client.force_login(fact_checker)
    version = Claim.objects.get(pk=claim.pk).version
    response = client.post(
        reverse("claims:claim-move", args=[claim.pk]),
        {"action": "submit", "version": version, "requested_reviewer": fact_checker.pk},
        follow=True,
    )
    assert "cannot request yourself" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_assign_a_submitter_requests_a_reviewer_who_hears_of_it_first(
    client, fact_checker, editor, other_editor
):
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    select = page[page.index('name="requested_reviewer"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{editor.pk}"' in select
    assert f'<option value="{fact_checker.pk}"' not in select  # never oneself
    client.post(
        reverse("claims:claim-move", args=[claim.pk]),
        {"action": "submit", "version": claim.version, "requested_reviewer": editor.pk},
    )
    claim.refresh_from_db()
    assert (claim.status, claim.requested_reviewer) == ("in_review", editor)
    assert Notification.objects.get(recipient=editor).message.startswith("fc1 asks you to review a claim")
    assert "submitted a claim" in Notification.objects.get(recipient=other_editor).message


def test_assign_the_reviewer_of_a_fact_cannot_be_its_author(editor, other_editor):
    fact = ready_fact(StoryFactory(lead_editor=editor), editor, [ClaimFactory()])
    with pytest.raises(WorkflowError):
        review_transition(item=fact, action="submit", by=editor, requested_reviewer=editor)
    review_transition(item=fact, action="submit", by=editor, requested_reviewer=other_editor)
    assert Fact.objects.get(pk=fact.pk).requested_reviewer == other_editor


def test_assign_due_notification_is_sent_once_by_the_sweep(editor, fact_checker, other_editor):
    today = timezone.localdate()
    due_today = ClaimFactory(author=editor)
    overdue = ready_fact(StoryFactory(lead_editor=editor), editor)
    later = ClaimFactory(author=editor, article=due_today.article)
    assignment_set(item=due_today, assignee=fact_checker, due_on=today, by=editor)
    assignment_set(item=overdue, assignee=other_editor, due_on=today - datetime.timedelta(days=2), by=editor)
    assignment_set(item=later, assignee=fact_checker, due_on=today + datetime.timedelta(days=3), by=editor)
    Notification.objects.all().delete()

    out = StringIO()
    call_command("sweep", stdout=out)
    assert "Due assignments: 2 notified." in out.getvalue()
    assert Notification.objects.get(recipient=fact_checker).message.startswith("Your claim is due today")
    assert "overdue" in Notification.objects.get(recipient=other_editor, fact=overdue).message
    notification_emails_sweep.apply()  # the beat task: nothing new
    assert assignments_due_notify() == 0
    assert Notification.objects.count() == 2

    # A new due date is a new notice.
    assignment_set(
        item=due_today, assignee=fact_checker, due_on=today - datetime.timedelta(days=1), by=editor
    )
    Notification.objects.filter(message__contains="assigned you").delete()
    assert assignments_due_notify() == 1


def test_assign_no_due_notification_for_closed_work(editor, fact_checker):
    claim = ClaimFactory(author=editor, status="published")
    Claim.objects.filter(pk=claim.pk).update(
        assignee=fact_checker, due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert assignments_due_notify() == 0
    assert not Claim.objects.get(pk=claim.pk).is_overdue


def test_assign_through_the_api(editor, fact_checker, other_editor):
    from tests.api.seed import token_for

    claim = ready_claim(fact_checker)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(editor)}")
    response = api.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": "fc1", "due_on": "2030-02-03"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["assignee"], response.json()["due_on"]) == ("fc1", "2030-02-03")
    assert api.get(f"/api/v1/claims/{claim.pk}/").json()["requested_reviewer"] is None

    checker = APIClient()
    checker.credentials(HTTP_AUTHORIZATION=f"Token {token_for(fact_checker)}")
    refused = checker.post(f"/api/v1/claims/{claim.pk}/assign/", {"assignee": "ed2"}, format="json")
    assert refused.status_code == 403
    response = checker.post(
        f"/api/v1/claims/{claim.pk}/submit/", {"requested_reviewer": "ed2"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["requested_reviewer"] == "ed2"

    fact = ready_fact(StoryFactory(lead_editor=editor), editor)
    response = api.post(f"/api/v1/facts/{fact.pk}/assign/", {"assignee": "ed2"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "ed2"
    assert Notification.objects.filter(recipient=other_editor, fact=fact).exists()
