"""Accounts that hold against an attacker: failed logins throttled and locked out (by account
and by address) with a clear message and an admin unlock; a second factor for anyone who may
publish or administer; API tokens hashed, expiring, revocable and revoked by a new password; an
audit trail of logins and account changes; the owner told of a new password or role."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def _login(client, username: str, password: str, path: str = "/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


# -- login throttling -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_failed_logins_lock_the_account_out_even_with_the_right_password(client, editor, settings, path):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, editor.username, WRONG, path).status_code == 200  # the form again
    assert _login(client, editor.username, WRONG, path).status_code == 429  # the last one locks
    response = _login(client, editor.username, PASSWORD, path)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    logged = AccessFailureLog.objects.filter(username=editor.username).order_by("attempt_time")
    assert logged.count() == settings.AXES_FAILURE_LIMIT + 1  # the attempt while locked out, too
    assert logged.last().locked_out


def test_failed_logins_from_one_address_lock_that_address_out(client, editor, fact_checker, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess-{n}", WRONG, REMOTE_ADDR="203.0.113.9")
    assert _login(client, fact_checker.username, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert _login(client, editor.username, PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_an_admin_unlocks_a_locked_account(client, editor, desk_admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, editor.username, WRONG)
    assert _login(client, editor.username, PASSWORD).status_code == 429

    admin = client.__class__()
    admin.force_login(desk_admin)
    attempts = AccessAttempt.objects.filter(username=editor.username)
    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=editor.username).exists()
    assert _login(client, editor.username, PASSWORD).status_code == 302


def test_a_client_cannot_pick_its_address_to_escape_the_lockout(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess-{n}", WRONG, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = _login(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429  # no proxy configured: X-Forwarded-For is not the address


# -- the second factor --------------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def _let_time_pass(device: TOTPDevice) -> None:
    """As if the throttle's delay after the last wrong code were over."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(minutes=5)
    device.save(update_fields=["throttling_failure_timestamp"])


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True


def test_an_editor_sets_up_a_second_factor_before_anything_else(client, editor, two_factor):
    assert _login(client, editor.username, PASSWORD)["Location"] == "/"
    response = client.get("/stories/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/setup/?next=%2Fstories%2F"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn on the server
    secret = re.search(r"<code>([A-Z2-7]+)</code>", html).group(1)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert secret.rstrip("=") in __import__("base64").b32encode(device.bin_key).decode()

    wrong = client.post("/accounts/2fa/setup/", {"token": "000000", "next": "/stories/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    _let_time_pass(device)
    right = client.post("/accounts/2fa/setup/", {"token": _code(device), "next": "/stories/"})
    assert right["Location"] == "/stories/"
    assert client.get("/stories/").status_code == 200
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_the_next_sign_in_asks_for_a_code(client, editor, two_factor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    _login(client, editor.username, PASSWORD)
    response = client.get("/")
    assert response["Location"] == "/accounts/2fa/verify/?next=%2F"
    assert client.post("/accounts/2fa/verify/", {"token": "123456"}).status_code == 400
    # Right away, even the right code waits: each wrong code makes guessing slower.
    throttled = client.post("/accounts/2fa/verify/", {"token": _code(device), "next": "/"})
    assert throttled.status_code == 400
    assert "Too many wrong codes" in throttled.content.decode()
    _let_time_pass(device)
    assert client.post("/accounts/2fa/verify/", {"token": _code(device), "next": "/"})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_api_on_an_unverified_session_is_refused_in_json(client, editor, two_factor):
    _login(client, editor.username, PASSWORD)
    response = client.get("/api/v1/claims/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_a_fact_checker_is_not_asked_and_nobody_is_without_require_2fa(
    client, fact_checker, editor, settings
):
    settings.REQUIRE_2FA = True
    _login(client, fact_checker.username, PASSWORD)
    assert client.get("/").status_code == 200
    settings.REQUIRE_2FA = False  # the embedded demo desk (make run)
    other = client.__class__()
    _login(other, editor.username, PASSWORD)
    assert other.get("/stories/").status_code == 200


def test_the_second_factor_cannot_be_skipped_to_an_open_redirect(client, editor, two_factor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    _login(client, editor.username, PASSWORD)
    response = client.post("/accounts/2fa/verify/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


# -- API tokens -------------------------------------------------------------------------------


def _assert_refused(api) -> None:
    response = api.get("/api/v1/claims/")
    assert response.status_code == 403  # the session scheme comes first: 403, not 401
    assert response.json() == {"detail": "Invalid token."}


def _token(client) -> str:
    response = client.post("/api/v1/auth/tokens/")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_an_api_token_is_issued_to_a_signed_in_desk_user_stored_hashed_and_expiring(client, fact_checker):
    client.force_login(fact_checker)
    token = _token(client)
    stored = AuthToken.objects.get(user=fact_checker)
    assert token not in (stored.digest, stored.token_key)  # only a hash and a prefix are kept
    assert stored.expiry > timezone.now() + datetime.timedelta(days=29)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/claims/").status_code == 200
    assert api.post("/api/v1/auth/tokens/current/").status_code == 204  # revoked
    _assert_refused(api)


def test_an_expired_token_is_refused(client, fact_checker):
    client.force_login(fact_checker)
    token = _token(client)
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    _assert_refused(api)


def test_a_new_password_revokes_every_token(client, fact_checker):
    client.force_login(fact_checker)
    tokens = [_token(client), _token(client)]
    fact_checker.set_password("a-brand-new-password-7")
    fact_checker.save()
    assert not AuthToken.objects.filter(user=fact_checker).exists()
    for token in tokens:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        _assert_refused(api)


def test_no_token_for_a_session_that_owes_its_second_factor(client, editor, two_factor):
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    _login(client, editor.username, PASSWORD)
    assert client.post("/api/v1/auth/tokens/").status_code == 403
    assert not AuthToken.objects.exists()


# -- the audit trail and the owner's notices --------------------------------------------------------


def test_logins_and_failures_are_logged_with_their_address(client, editor):
    _login(client, editor.username, WRONG, REMOTE_ADDR="198.51.100.7")
    _login(client, editor.username, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert AccessFailureLog.objects.get(username=editor.username).ip_address == "198.51.100.7"
    assert AccessLog.objects.get(username=editor.username).ip_address == "198.51.100.7"


def test_an_admin_resetting_a_password_is_logged_and_the_owner_is_told(
    client, desk_admin, editor, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    url = f"/admin/auth/user/{editor.pk}/password/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"password1": "reset-by-admin-77", "password2": "reset-by-admin-77", "usable_password": "true"},
            REMOTE_ADDR="192.0.2.5",
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(editor).filter(changes_text__contains="password").first() or (
        LogEntry.objects.get_for_object(editor).latest("timestamp")
    )
    assert entry.actor == desk_admin
    assert entry.remote_addr == "192.0.2.5"
    assert "password" in entry.changes_dict
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Your password was changed" in mail.outbox[0].subject


def test_a_role_change_is_logged_and_the_owner_is_told(
    client, desk_admin, fact_checker, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from claims.roles import EDITOR

    fact_checker.last_login = timezone.now()
    fact_checker.save(update_fields=["last_login"])
    client.force_login(desk_admin)
    with django_capture_on_commit_callbacks(execute=True):
        fact_checker.groups.add(Group.objects.get(name=EDITOR))
    assert LogEntry.objects.get_for_object(fact_checker).exists()
    assert [m.to for m in mail.outbox] == [[fact_checker.email]]
    assert "Editors" in mail.outbox[0].body


def test_token_creation_is_in_the_audit_log_and_admins_read_the_trail(client, fact_checker, desk_admin):
    client.force_login(fact_checker)
    _token(client)
    token = AuthToken.objects.get()
    assert LogEntry.objects.get_for_object(token).get().action == LogEntry.Action.CREATE
    admin = client.__class__()
    admin.force_login(desk_admin)
    for path in (
        "/admin/auditlog/logentry/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/admin/axes/accessattempt/",
    ):
        assert admin.get(path).status_code == 200, path
