"""Pages the API cannot give: a list no row can match and a page number past any offset the
database can hold answer as pages that do not exist (404), never a server error."""

import pytest

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_a_list_no_row_can_match_answers_an_empty_first_page_and_404_past_it(client, editor):
    client.force_login(editor)
    first = client.get("/api/v1/sources/", {"url": "not a url at all"})
    past = client.get("/api/v1/sources/", {"url": "not a url at all", "page": 161763})
    assert first.status_code == 200
    assert (first.json()["count"], first.json()["results"]) == (0, [])
    assert past.status_code == 404


@pytest.mark.parametrize("page", [10**17, 10**30])
def test_a_page_past_the_largest_offset_is_not_found(client, editor, page):
    StoryFactory()
    client.force_login(editor)
    response = client.get("/api/v1/stories/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
