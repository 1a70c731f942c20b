"""The REST API under a schema-driven fuzzer (schemathesis): as an editor and anonymously, no
answer is a server error, and every answer is one that the schema at /api/schema/ documents (its
status code and its body).

Schemathesis loads the schema from the WSGI application and calls the application in process, so
each request goes through the whole middleware stack, on the test database, committed as in
production (`transaction=True`). The database is seeded with a little of everything
(tests/api/seed.py), and half the time the fuzzer's ids and slugs in a path are replaced by the
seeded objects', so it reaches real objects and not only 404s.

As the editor, each operation gets schemathesis's coverage phase (boundary and malformed values
for every parameter and body field, wrong types included, in each media type) and its fuzzing
phase, whose strings and integers are now and then MALFORMED_STRINGS and MALFORMED_INTEGERS (NUL
bytes, overlong text, ids out of range); anonymously, the fuzzing phase only, since every desk
operation answers 403 before it reads anything. `API_FUZZ_EXAMPLES` (default 10) bounds the
fuzzing phase per operation and `API_FUZZ_SEED` fixes its randomness, so CI is repeatable: change
the seed locally to explore. (test_malformed_input.py sweeps NUL bytes and words for ids through
every parameter of every operation deterministically.)

No operation of the schema is left out. One thing is relaxed, where it is done: the API-token
operations (/api/v1/auth/tokens/...) are called with a token of their own, of another editor
(they revoke the token they are called with, or all of its account's), and are checked for
server errors only (TOKEN_OPERATIONS).
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from claims.api.dossiers import PublicDossierThrottle
from claims.roles import EDITOR
from factcheck.wsgi import application
from tests.api.seed import SEEDED_IDS, SEEDED_SLUGS, token_for
from tests.factories import user_in_role

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# The token operations come with factcheck/accounts (django-rest-knox's views), whose schema does
# not document their answers yet (204, 401, 403): until it does, they are checked for server
# errors only.
TOKEN_OPERATIONS = "/api/v1/auth/tokens/"


# Values the fuzzer mixes into the strings and integers it generates (paths, queries, bodies), as
# schemathesis's own generation seldom produces them: NUL bytes (PostgreSQL refuses them in a
# query: they must be turned away before it), text too long for its column, ids out of range.
MALFORMED_STRINGS = ["\x00", "a\x00b", "https://example.org/\x00", "x" * 3000, "../..", "1;--"]
MALFORMED_INTEGERS = [0, -1, 2**31, 2**63, -(2**63) - 1]


def _config(*, coverage: bool) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": int(os.environ.get("API_FUZZ_SEED", "2026")),
            "suppress-health-check": ["too_slow"],  # CI's machine is as slow as it is
            "dictionaries": {
                "malformed-strings": {"values": MALFORMED_STRINGS},
                "malformed-integers": {"values": MALFORMED_INTEGERS},
            },
            "generation": {
                "max-examples": int(os.environ.get("API_FUZZ_EXAMPLES", "10")),
                "database": "none",  # the seed alone decides what is generated
                "dictionaries": {
                    "string": {"dictionary": "malformed-strings", "probability": 0.25},
                    "integer": {"dictionary": "malformed-integers", "probability": 0.15},
                },
            },
            "phases": {
                "coverage": {"enabled": coverage},
                # The stateful phase follows links between operations; the schema declares none.
                "stateful": {"enabled": False},
            },
        }
    )


@pytest.fixture
def token_owner():
    """Another editor, whose tokens the token operations may create and revoke."""
    return user_in_role("ed-tokens", EDITOR)


@pytest.fixture(autouse=True)
def _one_connection():
    """Django's test client keeps the test's database connection across requests; the WSGI
    application called directly would close it after each one (CONN_MAX_AGE is 0)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _pytest_9_2_node_id(request):
    """schemathesis 4.32.5 names each operation's subtest through pytest's private
    `Node._nodeid`, which pytest 9.2 no longer has (it keeps `Node._id`): give it back."""
    request.node._nodeid = request.node.nodeid


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """The public dossier API throttles each client, and the fuzzer is one client sending
    hundreds of requests a minute (the 429 is documented; tests/claims/api tests it)."""
    monkeypatch.setattr(PublicDossierThrottle, "rate", "1000000/minute", raising=False)


def _schema(token: str, *, coverage: bool):
    # The schema is for the desk's people: API_DOCS_PUBLIC is off in production mode.
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/",
        application,
        config=_config(coverage=coverage),
        headers={"Authorization": f"Token {token}"},
    )

    @loaded.hook
    def flatmap_path_parameters(context, path_parameters):
        """Half the time, the path's ids and slugs are the seeded objects'."""
        if not path_parameters:
            return st.just(path_parameters)
        seeded = {
            name: st.sampled_from(SEEDED_SLUGS if name == "slug" else SEEDED_IDS) for name in path_parameters
        }
        return st.one_of(st.just(path_parameters), st.fixed_dictionaries(seeded))

    return loaded


@pytest.fixture
def editor_schema(seeded, editor_token):
    return _schema(editor_token, coverage=True)


@pytest.fixture
def anonymous_schema(seeded, editor_token):
    """Loaded as the editor (the schema is behind login); its requests are sent anonymously."""
    return _schema(editor_token, coverage=False)


editor_api = schemathesis.pytest.from_fixture("editor_schema")
anonymous_api = schemathesis.pytest.from_fixture("anonymous_schema")
CLAIMS = r"^/api/v1/claims/"  # half of the operations: the editor's run is split in two for xdist


def _call(case, token: str | None) -> None:
    checks = CHECKS
    if case.path.startswith(TOKEN_OPERATIONS):
        checks = [not_a_server_error]
    headers = {"Authorization": f"Token {token}"} if token else None
    case.call_and_validate(headers=headers, checks=checks)


def _token_for(case, editor_token: str, token_owner) -> str:
    if case.path.startswith(TOKEN_OPERATIONS):
        return token_for(token_owner)
    return editor_token


@editor_api.include(path_regex=CLAIMS).parametrize()
def test_the_claims_api_as_an_editor(case, editor_token):
    _call(case, editor_token)


@editor_api.exclude(path_regex=CLAIMS).parametrize()
def test_the_rest_of_the_api_as_an_editor(case, editor_token, token_owner):
    _call(case, _token_for(case, editor_token, token_owner))


@anonymous_api.parametrize()
def test_the_api_anonymously(case):
    _call(case, None)
