"""The schema at /api/schema/ tells the truth about the answers (issue 12, item 4): what can be
null is nullable, a list given whole is an array (not a page), every refusal an operation gives is
documented, and the public dossier API needs no login. test_fuzz.py checks the answers against
it; these are the rules it must follow, read from the schema itself."""

import pytest
from rest_framework.test import APIClient

from tests.api.seed import token_for

pytestmark = pytest.mark.django_db

# The API-token operations come with factcheck/accounts (django-rest-knox's views): not these rules'.
TOKEN_OPERATIONS = "/api/v1/auth/"
PUBLIC = "/api/v1/dossiers/"


@pytest.fixture
def schema(editor) -> dict:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(editor)}")
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        if not path.startswith(TOKEN_OPERATIONS):
            for method, operation in item.items():
                yield method.upper(), path, operation


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _writes_a_version(schema: dict, operation: dict) -> bool:
    """Whether the operation's body carries the `version` read (then a stale one is a 409)."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if not body:
        return False
    version = _component(schema, body["$ref"])["properties"].get("version")
    return version is not None and not version.get("readOnly")


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("ArticleList", "outlet"),  # an article whose outlet is not known
        ("ArticleDetail", "outlet"),
        ("ImportBatch", "created_by"),  # a command-line import
        ("Verdict", "approved_by"),  # until approved
        ("Fact", "approved_by"),
    ],
)
def test_what_can_be_null_is_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/{id}/comments/",
        "/api/v1/claims/{id}/sources/",
        "/api/v1/claims/{id}/transitions/",
        "/api/v1/claims/{claim_pk}/matches/",
        "/api/v1/dossiers/{slug}/",
    ],
)
def test_a_list_given_whole_is_an_array_not_a_page(schema, path):
    operation = schema["paths"][path]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    assert not [p for p in operation.get("parameters", []) if p["in"] == "query"], "no page, no filters"


def test_the_paginated_lists_document_their_pages(schema):
    for path in ["/api/v1/claims/", "/api/v1/articles/", "/api/v1/dossiers/", "/api/v1/imports/"]:
        operation = schema["paths"][path]["get"]
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "results" in _component(schema, page["$ref"])["properties"]
        assert "page" in [p["name"] for p in operation["parameters"]]
        assert "404" in operation["responses"], "an invalid page is a 404"


def test_every_refusal_an_operation_gives_is_documented(schema):
    missing = []
    for method, path, operation in _operations(schema):
        documented = set(operation["responses"])
        needed = {"404", "429"} if path.startswith(PUBLIC) else {"403"}  # 403: not logged in
        if "{" in path:
            needed.add("404")
        if "requestBody" in operation:
            needed |= {"400", "413", "415"}
        if _writes_a_version(schema, operation):
            needed.add("409")
        missing += [f"{method} {path}: {code}" for code in sorted(needed - documented)]
    assert not missing, "\n".join(missing)


def _says_why(schema: dict, body: dict) -> bool:
    """A refusal's body is `ValidationError`, `Error`, or an `Error` that adds what the refusal
    is about (the claims a new claim duplicates): its `detail` is a required string."""
    if body["$ref"].endswith(("/Error", "/ValidationError")):
        return True
    component = _component(schema, body["$ref"])
    detail = component["properties"].get("detail", {})
    return "detail" in component.get("required", []) and detail.get("type") == "string"


def test_every_refusal_is_json_with_its_reason(schema):
    for method, path, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                assert _says_why(schema, body), (method, path, code)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    assert error["properties"]["detail"]["type"] == "string"


def test_the_public_dossier_api_needs_no_login(schema):
    for method, path, operation in _operations(schema):
        if path.startswith(PUBLIC):
            assert operation["security"] == [{}], (method, path)
        else:
            assert {} not in operation.get("security", []), (method, path)
