"""A NUL byte in a page's address or query answers 400, never 500 (PostgreSQL refuses NUL)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/articles/article/?language=%00",
        "/admin/articles/importbatch/?status=%00",
        "/admin/articles/article/?q=a%00b",
        "/admin/claims/claim/?q=%00",
        "/articles/?q=%00",
        "/dossiers/?x%00=1",
    ],
)
def test_a_nul_byte_in_a_query_is_a_bad_request(client, desk_admin, path):
    client.raise_request_exception = False
    client.force_login(desk_admin)
    response = client.get(path)
    assert response.status_code == 400
    assert response.content.decode() == "A request may not contain NUL bytes."


def test_ordinary_queries_pass(client, desk_admin):
    client.force_login(desk_admin)
    assert client.get("/admin/articles/article/?language=it").status_code == 200
