"""The desk home's one work list: claims, facts and stories, by section, with filters and
header counts, in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Fact
from claims.review.assignment import assignment_set
from claims.review.selectors import header_counts
from claims.review.workflow import review_transition
from tests.factories import ClaimFactory, StoryFactory, approved_fact, ready_claim, ready_fact

pytestmark = pytest.mark.django_db


def _section(page: str, name: str) -> str:
    """The html of one section of the work list (empty when it is not shown)."""
    start = page.find(f'id="work-{name}"')
    if start < 0:
        return ""
    return page[start : page.find("</section>", start)]


def test_work_list_shows_a_fact_sent_back_under_changes_requested_of_its_author(
    client, editor, other_editor, fact_checker
):
    story = StoryFactory(lead_editor=editor)
    fact = ready_fact(story, editor, [ready_claim(fact_checker)])
    review_transition(item=fact, action="submit", by=editor)
    review_transition(item=fact, action="request_changes", by=other_editor, comment="Which date?")
    client.force_login(editor)
    page = client.get(reverse("claims:home")).content.decode()
    section = _section(page, "changes-requested")
    assert reverse("claims:fact-detail", args=[fact.pk]) in section
    queue = client.get(reverse("claims:queue", args=["changes-requested"]))
    assert [f.pk for f in queue.context["fact_page"]] == [fact.pk]


def test_work_list_shows_a_fact_sent_back_to_its_assignee(client, editor, other_editor, desk_admin):
    fact = ready_fact(StoryFactory(lead_editor=editor), editor, [ClaimFactory()])
    assignment_set(item=fact, assignee=desk_admin, due_on=None, by=editor)
    review_transition(item=fact, action="submit", by=editor)
    review_transition(item=fact, action="request_changes", by=other_editor, comment="Sources?")
    client.force_login(desk_admin)
    page = client.get(reverse("claims:home")).content.decode()
    assert reverse("claims:fact-detail", args=[fact.pk]) in _section(page, "changes-requested")


def test_work_list_shows_an_item_assigned_to_me(client, editor, fact_checker):
    claim = ClaimFactory(author=editor)
    story = StoryFactory(lead_editor=editor)
    assignment_set(item=claim, assignee=fact_checker, due_on=None, by=editor)
    assignment_set(item=story, assignee=fact_checker, due_on=None, by=editor)
    client.force_login(fact_checker)
    page = client.get(reverse("claims:home")).content.decode()
    section = _section(page, "assigned")
    assert reverse("claims:claim-detail", args=[claim.pk]) in section
    assert reverse("claims:story-detail", args=[story.slug]) in section
    client.force_login(editor)
    assert _section(client.get(reverse("claims:home")).content.decode(), "assigned") == ""


def test_work_list_waiting_for_review_puts_the_items_requesting_me_first(
    client, fact_checker, editor, other_editor
):
    asked_of_me = ready_claim(fact_checker, statement="Asked of me.")
    review_transition(item=asked_of_me, action="submit", by=fact_checker, requested_reviewer=editor)
    other = ready_claim(fact_checker, statement="Anyone's.")
    review_transition(item=other, action="submit", by=fact_checker, requested_reviewer=other_editor)
    client.force_login(editor)
    queue = client.get(reverse("claims:queue", args=["to-review"]))
    assert [c.pk for c in queue.context["page"]] == [asked_of_me.pk, other.pk]
    client.force_login(other_editor)
    queue = client.get(reverse("claims:queue", args=["to-review"]))
    assert [c.pk for c in queue.context["page"]] == [other.pk, asked_of_me.pk]


def test_work_list_shows_stories_with_approved_facts_waiting_for_publication(
    client, editor, other_editor, fact_checker
):
    story = StoryFactory(lead_editor=editor, title="Ready story")
    approved_fact(story, editor, other_editor, [ClaimFactory()])
    client.force_login(fact_checker)
    section = _section(client.get(reverse("claims:home")).content.decode(), "approved")
    assert reverse("claims:story-detail", args=[story.slug]) in section
    assert "1 approved fact ready to publish" in section


def test_work_list_marks_overdue_items(client, editor, fact_checker):
    late = ClaimFactory(author=editor, statement="Late claim.")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assignment_set(item=late, assignee=fact_checker, due_on=yesterday, by=editor)
    on_time = ClaimFactory(author=editor, statement="On time claim.", article=late.article)
    assignment_set(
        item=on_time, assignee=fact_checker, due_on=yesterday + datetime.timedelta(days=9), by=editor
    )
    assert late.__class__.objects.get(pk=late.pk).is_overdue
    client.force_login(fact_checker)
    section = _section(client.get(reverse("claims:home")).content.decode(), "assigned")
    assert section.count('class="badge badge-overdue"') == 1
    row = section[section.index("Late claim.") :]
    assert row.index("badge-overdue") < row.index("</li>")
    queue = client.get(reverse("claims:queue", args=["assigned"])).content.decode()
    assert queue.count('class="badge badge-overdue"') == 1


def test_work_list_filters_by_story_state_and_assignee(client, editor, other_editor, fact_checker):
    first, second = StoryFactory(lead_editor=editor), StoryFactory(lead_editor=editor)
    in_first = ready_fact(first, editor, [ClaimFactory()], statement="In the first story.")
    in_second = ready_fact(second, editor, [ClaimFactory()], statement="In the second story.")
    assignment_set(item=in_second, assignee=fact_checker, due_on=None, by=editor)
    client.force_login(editor)
    url = reverse("claims:queue", args=["my-drafts"])

    def facts(**params) -> list[int]:
        return [f.pk for f in client.get(url, params).context["fact_page"]]

    assert set(facts()) == {in_first.pk, in_second.pk}
    assert facts(story=first.pk) == [in_first.pk]
    assert facts(assignee=fact_checker.pk) == [in_second.pk]
    assert facts(assignee="none") == [in_first.pk]
    assert facts(state="approved") == []
    assert set(facts(state="draft")) == {in_first.pk, in_second.pk}
    page = client.get(reverse("claims:home"), {"story": first.pk}).content.decode()
    assert "In the first story." in page
    assert "In the second story." not in page
    assert 'name="story"' in page  # the filter form


def test_work_list_header_counts_assigned_and_waiting_for_my_review(editor, other_editor, fact_checker):
    for _ in range(3):
        review_transition(item=ready_claim(fact_checker), action="submit", by=fact_checker)
    fact = ready_fact(StoryFactory(lead_editor=other_editor), other_editor, [ClaimFactory()])
    review_transition(item=fact, action="submit", by=other_editor)
    assignment_set(item=ClaimFactory(), assignee=editor, due_on=None, by=other_editor)
    assignment_set(item=fact, assignee=editor, due_on=None, by=other_editor)
    assert header_counts(editor) == {"assigned": 2, "to_review": 4}
    assert header_counts(other_editor) == {"assigned": 0, "to_review": 3}  # not their own fact
    assert header_counts(fact_checker) == {"assigned": 0, "to_review": 0}  # reviews nothing


def test_work_list_header_counts_partial_renders_them_in_one_query(
    rf, editor, fact_checker, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from claims.review.context_processors import work_counts

    review_transition(item=ready_claim(fact_checker), action="submit", by=fact_checker)
    request = rf.get("/")
    request.user = editor
    editor.has_perm("claims.view_claim")  # permissions are read once per request anyway
    context = work_counts(request)
    with django_assert_num_queries(1):
        html = render_to_string("claims/review/_partials/work_counts.html", context)
    assert reverse("claims:queue", args=["to-review"]) in html
    assert '<span class="count">1</span>' in html


def test_work_list_home_and_queue_stay_within_a_query_bound(
    client, editor, other_editor, fact_checker, django_assert_max_num_queries
):
    story = StoryFactory(lead_editor=editor)
    for n in range(8):  # every section holds several claims, facts and stories
        claim = ready_claim(fact_checker)
        assignment_set(item=claim, assignee=editor, due_on=timezone.localdate(), by=other_editor)
        review_transition(item=claim, action="submit", by=fact_checker, requested_reviewer=editor)
        ClaimFactory(author=editor, article=claim.article)
        fact = ready_fact(story, editor, [ClaimFactory()], statement=f"Fact {n}")
        assignment_set(item=fact, assignee=editor, due_on=None, by=editor)
        approved_fact(
            StoryFactory(lead_editor=other_editor, assignee=editor), other_editor, editor, [ClaimFactory()]
        )
    review_transition(item=Fact.objects.filter(author=editor).first(), action="submit", by=editor)
    client.force_login(editor)
    # Each section: a claim query, a fact query (and a story query for two), then the counts,
    # filters, the account and its permissions: a constant, whatever the data.
    with django_assert_max_num_queries(22):
        page = client.get(reverse("claims:home"))
    sections = {s.name: s for s in page.context["sections"]}
    assert sections["to-review"].count == 8
    assert len(sections["assigned"].claims) == 5
    assert sections["assigned"].stories
    for name in ("to-review", "assigned", "approved", "my-drafts"):
        with django_assert_max_num_queries(14):
            client.get(reverse("claims:queue", args=[name]))
