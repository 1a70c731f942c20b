"""Malformed input answers 400 or 404 with a JSON reason, never a server error (issue 12, item 4).

The sweeps go through every operation of the schema at /api/schema/, so an operation added later
is swept too: a NUL byte in each path parameter (PostgreSQL refuses NUL in a query, SQLite does
not: these must be turned away before the database, on either), a word or a fraction where a
path wants a number, and a NUL byte in each query parameter. The other path parameters are the
seeded objects' (tests/api/seed.py), so the malformed one is what is refused.
"""

from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from tests.api.seed import token_for

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

VALID = {"slug": "behemoth", "number": "1"}  # any other path parameter is an id: 1 exists
# The last one normalizes to a url, so `sources/?url=` looks it up.
NUL_QUERY_VALUES = ["\x00", "a\x00b", "https://example.org/a\x00b"]


@pytest.fixture
def api(seeded, desk_admin) -> APIClient:
    """The desk admin (every role of the desk: nothing is refused for want of a right)."""
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(desk_admin)}")
    return client


@pytest.fixture
def operations(api) -> list[tuple[str, str, list[dict]]]:
    schema = api.get("/api/schema/", {"format": "json"}).json()
    return [
        (method.upper(), path, operation.get("parameters", []))
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def _url(path: str, **values: str) -> str:
    for name in [part.split("}")[0] for part in path.split("{")[1:]]:
        path = path.replace(f"{{{name}}}", quote(values.get(name, VALID.get(name, "1")), safe=""))
    return path


def _refusal(response, allowed: tuple[int, ...]) -> str:
    """Why the answer is not a refusal in JSON with one of the `allowed` statuses ('' if it is)."""
    if response.status_code not in allowed:
        return f"answered {response.status_code}"
    if not response["Content-Type"].startswith("application/json") or not response.json():
        return f"answered {response.status_code} without a JSON reason"
    return ""


def test_every_path_parameter_refuses_a_nul_byte_or_a_word_for_a_number(api, operations):
    failures = []
    for method, path, parameters in operations:
        for parameter in [p for p in parameters if p["in"] == "path"]:
            malformed = ["a\x00b", "\x00"]
            if parameter["schema"].get("type") == "integer":
                malformed += ["abc", "1.5", "99999999999999999999"]
            for value in malformed:
                url = _url(path, **{parameter["name"]: value})
                response = api.generic(method, url, "{}", content_type="application/json")
                if why := _refusal(response, (400, 404)):
                    failures.append(f"{method} {url}: {why}")
    assert not failures, "\n".join(failures)


def test_every_query_parameter_refuses_a_nul_byte(api, operations):
    failures = []
    for method, path, parameters in operations:
        if method != "GET":
            continue
        for parameter in [p for p in parameters if p["in"] == "query"]:
            for value in NUL_QUERY_VALUES:
                response = api.get(_url(path), {parameter["name"]: value})
                if why := _refusal(response, (200, 400, 404)):
                    failures.append(f"GET {path}?{parameter['name']}={value!r}: {why}")
                elif response.status_code == 400 and parameter["name"] not in response.json():
                    failures.append(f"GET {path}?{parameter['name']}={value!r}: 400 not naming it")
    assert not failures, "\n".join(failures)


ISSUE_ADDRESSES = [
    # The addresses of the issue, and the sub-paths of a word for an id.
    "/api/v1/dossiers/a%00b/",
    "/api/v1/dossiers/a%00b/revisions/1/",
    "/api/v1/dossiers/behemoth/revisions/abc/",
    "/api/v1/sources/?url=https://example.org/%00",
    "/api/v1/articles/?q=%00",
    "/api/v1/articles/abc/",
    "/api/v1/claims/abc/",
    "/api/v1/claims/abc/transitions/",
    "/api/v1/claims/abc/verdict/",
    "/api/v1/claims/abc/sources/",
    "/api/v1/claims/1/sources/abc/",
    "/api/v1/claims/abc/comments/",
    "/api/v1/claims/abc/matches/",
    "/api/v1/facts/abc/",
    "/api/v1/facts/1/claims/abc/",
    "/api/v1/imports/abc/",
    "/api/v1/imports/abc/items/",
    "/api/v1/stories/a%00b/",
    "/api/v1/no-such-thing/",
]


def test_the_issues_addresses_answer_a_json_refusal(api):
    failures = [f"GET {url}: {why}" for url in ISSUE_ADDRESSES if (why := _refusal(api.get(url), (400, 404)))]
    assert not failures, "\n".join(failures)


def test_the_public_dossier_api_refuses_a_nul_byte_anonymously(seeded):
    anonymous = APIClient(raise_request_exception=False)
    response = anonymous.get("/api/v1/dossiers/a%00b/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such story."}


@pytest.mark.postgres
def test_a_nul_byte_in_the_session_cookie_is_no_session(seeded):
    """factcheck/sessions.py: a cookie that cannot be a session key is no session (it used to
    reach PostgreSQL, which refuses NUL: a 500 on every page for whoever sent it)."""
    anonymous = APIClient(raise_request_exception=False)
    for url in ["/api/v1/dossiers/", "/api/v1/articles/", "/dossiers/", "/accounts/login/"]:
        response = anonymous.get(url, HTTP_COOKIE="sessionid=a\x00bcdefghijk")
        assert response.status_code < 500, url
