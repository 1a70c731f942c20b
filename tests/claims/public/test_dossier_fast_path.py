"""Dossier pages are answered before the desk's session, authentication and audit middleware:
no cookie read or set, one query, the same bytes and the same security headers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/dossiers/behemoth/", "/dossiers/behemoth/v1/"])
def test_a_dossier_page_needs_no_session_and_keeps_its_headers(
    published, client, path, django_assert_num_queries
):
    client.cookies["sessionid"] = "0" * 32  # a reader's stale cookie is not even looked up
    with django_assert_num_queries(1):
        response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["ETag"]
    assert b"Llama 4 Behemoth" in response.content
    assert client.get(path, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_other_public_addresses_still_go_the_ordinary_way(published, client):
    assert client.get("/dossiers/").status_code == 200
    assert client.get("/dossiers/nothing-here/").status_code == 404
    assert client.get("/dossiers/oembed/?url=https://elsewhere.example/").status_code == 404
    assert client.post("/dossiers/behemoth/").status_code in (403, 405)  # not a page read
