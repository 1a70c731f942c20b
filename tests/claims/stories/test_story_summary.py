"""The story page: a summary at the top (facts by state, what blocks publishing, with links),
Publish next to it, and facts moved to a typed position."""

import pytest

from claims.models import Fact
from tests.factories import FactFactory, approved_claim, approved_fact

pytestmark = pytest.mark.django_db


def test_the_summary_lists_facts_by_state_and_what_blocks_publishing_with_links(
    client, story, fact_checker, editor, other_editor
):
    claim = approved_claim(fact_checker, other_editor)
    mine = approved_fact(story, editor, other_editor, [claim])
    draft = FactFactory(story=story, author=other_editor, statement="Meta delayed Behemoth to the autumn.")
    client.force_login(editor)
    page = client.get(f"/stories/{story.slug}/").content.decode()
    summary = page[page.index('class="story-summary"') : page.index("<h2>Facts (")]
    assert "Approved</span> 1" in summary
    assert "Draft</span> 1" in summary
    assert "What blocks publishing revision 1" in summary
    assert "Four eyes" in summary
    assert (
        f'<a href="/facts/{mine.pk}/">fact #{mine.pk} “Behemoth has about 2 trillion parameters.”</a>'
        in summary
    )
    assert f'href="/facts/{draft.pk}/"' in summary  # not approved yet: left out
    assert 'id="publish"' in summary  # Publish sits at the top, with the summary


def test_a_blocked_claim_is_linked_to_its_page(client, story, editor, other_editor):
    claim = approved_claim(editor, other_editor)  # the viewer wrote the claim, not the fact
    approved_fact(story, other_editor, editor, [claim])
    client.force_login(editor)
    page = client.get(f"/stories/{story.slug}/").content.decode()
    assert f'<a href="/claims/{claim.pk}/">claim #{claim.pk} ' in page


def test_nothing_blocks_a_story_ready_for_another_editor(
    client, story, fact_checker, editor, other_editor, desk_admin
):
    claim = approved_claim(fact_checker, other_editor)
    approved_fact(story, other_editor, editor, [claim])
    client.force_login(desk_admin)
    page = client.get(f"/stories/{story.slug}/").content.decode()
    assert "Nothing blocks publishing revision 1." in page


def test_move_a_fact_to_a_position_in_one_post(client, story, editor):
    facts = [FactFactory(story=story, author=editor, statement=f"Fact {n}.") for n in range(1, 5)]
    client.force_login(editor)
    page = client.get(f"/stories/{story.slug}/").content.decode()
    assert 'name="position"' in page
    assert "Position of “Fact 4.”" in page
    story.refresh_from_db()
    response = client.post(
        f"/facts/{facts[3].pk}/move/", {"position": "1", "story_version": story.version}, follow=True
    )
    assert "Fact moved." in response.content.decode()
    order = list(Fact.objects.filter(story=story).order_by("position").values_list("statement", flat=True))
    assert order == ["Fact 4.", "Fact 1.", "Fact 2.", "Fact 3."]


def test_a_position_outside_the_dossier_is_refused(client, story, editor):
    facts = [FactFactory(story=story, author=editor, statement=f"Fact {n}.") for n in range(1, 3)]
    client.force_login(editor)
    story.refresh_from_db()
    response = client.post(
        f"/facts/{facts[0].pk}/move/", {"position": "9", "story_version": story.version}, follow=True
    )
    assert "choose a position from 1 to 2" in response.content.decode()
    assert list(Fact.objects.order_by("position").values_list("pk", flat=True)) == [f.pk for f in facts]


def test_the_fact_review_message_is_a_sentence(client, story, fact_checker, editor, other_editor):
    claim = approved_claim(fact_checker, other_editor)
    fact = approved_fact(story, editor, other_editor, [claim])
    fact = Fact.objects.get(pk=fact.pk)
    client.force_login(other_editor)
    response = client.post(
        f"/facts/{fact.pk}/review/", {"action": "reopen", "version": fact.version}, follow=True
    )
    assert "The fact is now waiting for review." in response.content.decode()
    fact.refresh_from_db()
    response = client.post(
        f"/facts/{fact.pk}/review/",
        {"action": "request_changes", "version": fact.version, "comment": "Say which month."},
        follow=True,
    )
    assert "Changes were requested: the fact is back with its author." in response.content.decode()
