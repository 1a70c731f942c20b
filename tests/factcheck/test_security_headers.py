"""Headers and settings that hold against an attacker: a strict Content-Security-Policy on every
page, an HttpOnly CSRF cookie, a proxy header trusted only behind a proxy, a long secret key."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/dossiers/", "/api/docs/"])
def test_every_page_has_a_strict_content_security_policy(client, path):
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
