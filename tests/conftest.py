"""Shared fixtures: the fixed cast, and the gates for tests that need real services.

Tests marked `postgres`, `celery_worker` or `browser` need a service this machine may not
run. Outside CI they skip, loudly (the reason names what is missing); in CI (CI=true) a
missing service fails the test instead, so a green CI never hides a skipped check.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.utils import translation

from claims.roles import ADMIN, EDITOR, FACT_CHECKER
from tests.factories import user_in_role

pytest_plugins = ["tests.worker"]  # the `celery_worker` fixture

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _service_missing(marker: str) -> str:
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "DATABASE_URL does not point at PostgreSQL"
    if marker == "celery_worker":
        # The worker is another process: it sees the test database only on PostgreSQL.
        if not settings.CELERY_BROKER_URL.startswith("redis://"):
            return "CELERY_BROKER_URL does not point at Redis"
        return _service_missing("postgres")
    if marker == "faults":  # workers on Redis and PostgreSQL, and a redis-server of their own
        if not shutil.which("redis-server"):
            return "redis-server is not installed"
        return _service_missing("celery_worker")
    if marker == "browser" and not shutil.which("chromium"):
        return "Debian's chromium is not installed"
    return ""


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "celery_worker", "browser", "faults"):
        if item.get_closest_marker(marker) is None:
            continue
        missing = _service_missing(marker)
        if not missing:
            continue
        if IN_CI:
            pytest.fail(f"CI must run this test, but {missing}", pytrace=False)
        pytest.skip(f"needs {marker}: {missing} (runs in CI)")


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Production serves hashed static files from a manifest that `collectstatic` writes;
    # tests render pages without collecting.
    # A deliberately slow password hash is no protection in tests, only minutes of CI.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Dossier pages are read from the database on every request, unless a test says otherwise.
    settings.DOSSIER_PAGE_CACHE_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in another language leaves it active
    in the thread (LocaleMiddleware activates the reader's language and never deactivates it)."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run inside the test unless the test starts a real worker (`celery_worker` tests).

    Celery read its configuration at start-up, so pytest-django's `settings` cannot switch it.
    """
    from factcheck.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


# -- the cast: one account per role of the desk, in the real role groups (claims/roles.py) ----
# Each logs in with `tests.factories.PASSWORD`; its email is <username>@desk.example.


@pytest.fixture
def fact_checker():
    """Writes claims and their evidence; does not review, compose stories or correct articles."""
    return user_in_role("fc1", FACT_CHECKER)


@pytest.fixture
def editor():
    """Reviews and publishes, composes stories and their facts, corrects articles."""
    return user_in_role("ed1", EDITOR)


@pytest.fixture
def other_editor():
    """A second editor, to approve and publish what `editor` wrote (four eyes)."""
    return user_in_role("ed2", EDITOR)


@pytest.fixture
def desk_admin():
    """An editor who also imports articles and manages accounts, in the admin (staff)."""
    return user_in_role("adm", ADMIN, is_staff=True)


@pytest.fixture
def no_role():
    """An account no admin has given a role yet: it logs in, and reads nothing."""
    return user_in_role("nobody")


# -- not roles of the desk: accounts for the rules that must hold for them too --------------


@pytest.fixture
def superuser():
    """A Django superuser: every permission, and still the four-eyes rule."""
    return user_in_role("root", is_superuser=True, is_staff=True)


@pytest.fixture
def read_only_account():
    """Only the permissions to read articles and claims, none to write: creating needs its own
    right, even where reading is allowed (no role gives this; an account's own permissions can)."""
    from django.contrib.auth.models import Permission

    user = user_in_role("reader")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "view_claim"]))
    return user
