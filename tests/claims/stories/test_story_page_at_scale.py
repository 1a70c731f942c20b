"""The story page at 200 facts stays light: its facts are a compact table in pages (their claims
are on each fact's page), its summary counts every fact, and its queries do not grow with them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.dossiers.publish import BLOCKER_ITEMS_SHOWN
from claims.models import Fact
from claims.stories.selectors import FACTS_PER_PAGE
from tests.claims.big_story import big_story
from tests.factories import FactFactory

pytestmark = pytest.mark.django_db


def _page(client, story, query: str = "") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/stories/{story.slug}/{query}")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_200_fact_story_page_is_light_and_its_queries_do_not_grow(
    client, story, fact_checker, editor, other_editor, django_assert_max_num_queries
):
    big_story(story, facts=20, author=editor, reviewer=other_editor, checker=fact_checker)
    client.force_login(editor)
    _page_small, small = _page(client, story)
    big_story(story, facts=180, author=editor, reviewer=other_editor, checker=fact_checker)
    with django_assert_max_num_queries(small):
        page, _large = _page(client, story)
    assert len(page.encode()) < 300_000
    assert "200 facts:" in page
    assert "Approved</span> 200" in page
    assert len(re.findall(r'<tr id="fact-\d+"', page)) == FACTS_PER_PAGE
    assert "Claim 0: Behemoth" not in page  # each fact's claims are on its own page
    # The viewer wrote every fact: the summary names the first few, and counts the rest.
    blockers = page[page.index('class="publish-blockers"') : page.index('id="publish"')]
    assert len(re.findall(r'<a href="/facts/\d+/">fact #', blockers)) == BLOCKER_ITEMS_SHOWN
    assert f"And {200 - BLOCKER_ITEMS_SHOWN} more." in blockers


def test_the_summary_names_the_first_facts_not_approved_and_counts_the_rest(client, story, editor):
    drafts = [
        FactFactory(story=story, author=editor, statement=f"Draft {n}.")
        for n in range(BLOCKER_ITEMS_SHOWN + 3)
    ]
    client.force_login(editor)
    page, _queries = _page(client, story)
    summary = page[page.index('id="not-ready-h"') : page.index('id="publish"')]
    assert f'href="/facts/{drafts[BLOCKER_ITEMS_SHOWN - 1].pk}/"' in summary
    assert f'href="/facts/{drafts[BLOCKER_ITEMS_SHOWN].pk}/"' not in summary
    assert "And 3 more." in summary


def test_the_story_page_lists_each_fact_with_its_state_verdict_and_counts(
    client, story, fact_checker, editor, other_editor
):
    [fact] = big_story(
        story, facts=1, claims_per_fact=3, author=editor, reviewer=other_editor, checker=fact_checker
    )
    client.force_login(other_editor)
    page, _queries = _page(client, story)
    row = page[page.index(f'<tr id="fact-{fact.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="/facts/{fact.pk}/"' in row
    assert "Fact 0: Behemoth has about 2 trillion parameters." in row
    assert "status-approved" in row
    assert "True" in row  # the verdict
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "3", "1"]  # position, claims, sources


def test_the_facts_are_in_pages_in_dossier_order(client, story, editor):
    facts = [
        FactFactory(story=story, author=editor, statement=f"Fact {n}.") for n in range(FACTS_PER_PAGE + 2)
    ]
    client.force_login(editor)
    first, _queries = _page(client, story)
    second, _queries = _page(client, story, "?page=2")
    assert f'id="fact-{facts[0].pk}"' in first
    assert f'id="fact-{facts[-1].pk}"' not in first
    assert [int(pk) for pk in re.findall(r'<tr id="fact-(\d+)"', second)] == [f.pk for f in facts[-2:]]
    assert f"Fact {FACTS_PER_PAGE + 1}." in second
    assert "?page=1" in second  # back to the first page
    # Positions count across pages: the last fact is the last one, and cannot move down.
    assert f'value="{FACTS_PER_PAGE + 2}"' in second


def test_a_moved_fact_is_shown_on_the_page_where_it_lands(client, story, editor):
    facts = [
        FactFactory(story=story, author=editor, statement=f"Fact {n}.") for n in range(FACTS_PER_PAGE + 2)
    ]
    client.force_login(editor)
    story.refresh_from_db()
    response = client.post(
        f"/facts/{facts[0].pk}/move/", {"position": str(FACTS_PER_PAGE + 2), "story_version": story.version}
    )
    assert response["Location"] == f"/stories/{story.slug}/?fact={facts[0].pk}#fact-{facts[0].pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'<tr id="fact-{facts[0].pk}"' in page
    assert f'value="{FACTS_PER_PAGE + 2}"' in page
    assert list(Fact.objects.filter(story=story).values_list("pk", flat=True))[-1] == facts[0].pk
