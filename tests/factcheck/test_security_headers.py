"""Headers and settings that hold against an attacker: a strict Content-Security-Policy on every
page, an HttpOnly CSRF cookie, a proxy header trusted only behind a proxy, a long secret key."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/dossiers/", "/api/docs/", "/"])
def test_every_page_has_a_strict_content_security_policy(client, fact_checker, path):
    client.force_login(fact_checker)
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_csrf_cookie_is_http_only_and_htmx_takes_the_token_from_the_page(client, fact_checker):
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    client.force_login(fact_checker)
    page = client.get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


def _setting(name: str, **env: str) -> str:
    base = {"DEBUG": "false", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "desk.example.org"}
    code = f"from django.conf import settings as s; print(getattr(s, {name!r}, None))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings", **base, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_forwarded_proto_header_is_trusted_only_behind_a_tls_proxy():
    assert _setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert _setting("SECURE_PROXY_SSL_HEADER", TLS_PROXY="true") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_no_deploy_warning_is_silenced_unless_the_deployer_says_so():
    assert _setting("SILENCED_SYSTEM_CHECKS") == "[]"
    assert _setting("SILENCED_SYSTEM_CHECKS", SILENCED_SYSTEM_CHECKS="security.W021") == "['security.W021']"


# -- what each account may see ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_need_a_login_in_production(client, fact_checker, path):
    assert client.get(path).status_code == 403
    client.force_login(fact_checker)
    assert client.get(path).status_code == 200


def test_an_account_with_no_role_sees_only_ask_an_admin(client, no_role):
    from articles.models import ImportBatch

    ImportBatch.objects.create(source="admin", status="done", created_count=7)
    client.force_login(no_role)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your account has no role on the desk yet: ask an admin." in page
    assert "My queues" not in page
    assert "Recent imports" not in page


def test_the_home_page_shows_each_role_what_it_may_see(client, fact_checker, editor):
    from articles.models import ImportBatch

    ImportBatch.objects.create(source="admin", status="done", created_count=7)
    client.force_login(fact_checker)
    page = client.get("/").content.decode()
    assert "My queues" in page
    assert "Recent imports" not in page  # the imports API refuses fact-checkers: so does the home
    client.force_login(editor)
    page = client.get("/").content.decode()
    assert "Recent imports" in page
    assert "7 created" in page
