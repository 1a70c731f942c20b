"""Assigning from the work list and the queues: a compact control on each line for those who may
assign the item, posting to the assign view and coming back to the list, in a bounded number of
queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from claims.review.assignment import assignment_set
from claims.review.workflow import review_transition
from tests.factories import ClaimFactory, StoryFactory, ready_claim, ready_fact

pytestmark = pytest.mark.django_db


def _compact_forms(html: str) -> dict[str, str]:
    """Each compact assign form of the page by the address it posts to."""
    forms = re.findall(
        r'<form[^>]*action="([^"]+)"[^>]*class="inline assign-compact">(.*?)</form>', html, re.DOTALL
    )
    return dict(forms)


def test_assign_control_on_each_line_of_the_work_list_for_an_editor(
    client, editor, other_editor, fact_checker
):
    claim = ready_claim(fact_checker, statement="Behemoth is late.")
    review_transition(item=claim, action="submit", by=fact_checker)
    fact = ready_fact(StoryFactory(lead_editor=editor), editor, [ClaimFactory()])
    client.force_login(editor)
    html = client.get(reverse("claims:home")).content.decode()
    forms = _compact_forms(html)
    claim_form = forms[reverse("claims:assign", args=["claim", claim.pk])]
    assert reverse("claims:assign", args=["fact", fact.pk]) in forms
    # Everyone with a desk role is offered, and the control names its item.
    for user in (editor, other_editor, fact_checker):
        assert f'<option value="{user.pk}"' in claim_form
    assert f"Assignee of claim {claim.pk}: “Behemoth is late.”" in claim_form
    assert f'aria-label="Assign claim {claim.pk}: “Behemoth is late.”"' in claim_form
    assert 'name="next" value="/"' in claim_form


def _accessible_names(form: str) -> tuple[str, str]:
    """The compact control's select label and button name."""
    label = re.search(r'<span class="visually-hidden">\s*(.*?)\s*</span>', form, re.DOTALL)
    button = re.search(r'<button type="submit" aria-label="([^"]+)"', form)
    assert label
    assert button
    return label.group(1), button.group(1)


def test_assign_controls_of_items_that_start_alike_have_distinct_names(client, editor, fact_checker):
    start = "Meta said on Thursday that the Behemoth model "
    claims = [ClaimFactory(author=editor, statement=start + end) for end in ("is late.", "is early.")]
    story = StoryFactory(lead_editor=editor)
    facts = [
        ready_fact(story, editor, [ClaimFactory()], statement=start + end) for end in ("slips.", "ships.")
    ]
    client.force_login(editor)
    forms = _compact_forms(client.get(reverse("claims:home")).content.decode())
    names = [
        _accessible_names(forms[reverse("claims:assign", args=[kind, item.pk])])
        for kind, items in (("claim", claims), ("fact", facts))
        for item in items
    ]
    labels, buttons = [label for label, _ in names], [button for _, button in names]
    assert len(set(labels)) == len(set(buttons)) == 4
    assert labels[0] == f"Assignee of claim {claims[0].pk}: “{start[:39]}…”"
    assert buttons[3] == f"Assign fact {facts[1].pk}: “{start[:39]}…”"


def test_assign_from_the_work_list_comes_back_to_the_list_and_keeps_the_due_date(
    client, editor, fact_checker
):
    claim = ClaimFactory(author=editor)
    due = datetime.date(2031, 5, 20)
    assignment_set(item=claim, assignee=editor, due_on=due, by=editor)
    client.force_login(editor)
    html = client.get(reverse("claims:queue", args=["assigned"])).content.decode()
    form = _compact_forms(html)[reverse("claims:assign", args=["claim", claim.pk])]
    assert 'name="due_on" value="2031-05-20"' in form
    assert f'<option value="{editor.pk}" selected>' in form
    next_url = reverse("claims:queue", args=["assigned"])
    response = client.post(
        reverse("claims:assign", args=["claim", claim.pk]),
        {"assignee": fact_checker.pk, "due_on": "2031-05-20", "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == next_url
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.assignee, claim.due_on) == (fact_checker, due)


def test_assign_control_for_a_fact_checker_only_on_their_drafts_and_only_to_themselves(
    client, editor, fact_checker
):
    mine = ClaimFactory(author=fact_checker, statement="My draft.")
    theirs = ClaimFactory(author=editor, statement="Their draft.")
    assignment_set(item=theirs, assignee=fact_checker, due_on=None, by=editor)
    client.force_login(fact_checker)
    html = client.get(reverse("claims:home")).content.decode()
    forms = _compact_forms(html)
    assert reverse("claims:assign", args=["claim", theirs.pk]) not in forms
    form = forms[reverse("claims:assign", args=["claim", mine.pk])]
    assert re.findall(r'<option value="(\d+)"', form) == [str(fact_checker.pk)]


def test_assign_controls_cost_no_query_per_line(client, editor, fact_checker):
    def home_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("claims:home")).status_code == 200
        return len(queries)

    client.force_login(editor)
    ClaimFactory(author=editor)
    client.get(reverse("claims:home"))  # the session and the permissions, read once
    few = home_queries()
    for n in range(6):
        ClaimFactory(author=editor, statement=f"Draft {n}.")
    assert home_queries() == few
    html = client.get(reverse("claims:home")).content.decode()
    assert len(_compact_forms(html)) == 5  # the home shows a section's first five
    html = client.get(reverse("claims:queue", args=["my-drafts"])).content.decode()
    assert len(_compact_forms(html)) == 7
