"""A database outage is answered, not crashed on: 503 with Retry-After everywhere, the public
pages still served from what the process kept, connections bounded, readiness that tells."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from claims.public.pages import Page, _page, dossier_pages_forget
from factcheck.celery import app
from factcheck.outage import DatabaseOutageMiddleware, server_error_or_outage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("path", "content_type"), [("/stories/", "text/html"), ("/api/v1/claims/", "application/json")]
)
def test_a_view_that_meets_an_unreachable_database_answers_503_with_retry_after(path, content_type):
    middleware = DatabaseOutageMiddleware(lambda request: None)
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    response = middleware.process_exception(RequestFactory().get(path), error)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith(content_type)
    assert b"cannot be reached just now" in response.content


def test_other_errors_are_left_to_django():
    middleware = DatabaseOutageMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), KeyError("a bug")) is None


def test_an_outage_met_outside_a_view_is_a_503_too():
    request = RequestFactory().get("/dossiers/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error_or_outage(request)
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    try:
        raise KeyError("a bug")
    except KeyError:
        assert server_error_or_outage(request).status_code == 500


def test_a_kept_dossier_page_is_served_while_the_database_is_away(settings):
    settings.DOSSIER_PAGE_CACHE_SECONDS = 0  # every request would read the database again
    dossier_pages_forget()
    kept = Page(content=b"<p>revision 1</p>", etag='"e1"', last_modified=0, expires=0)

    def database_away():
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):  # nothing kept: the outage is answered with 503
        _page(("behemoth", None), database_away)
    assert _page(("behemoth", None), lambda: kept) is kept
    assert _page(("behemoth", None), database_away) is kept
    dossier_pages_forget()


@pytest.mark.django_db
def test_readiness_in_the_embedded_mode_needs_only_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "database": "ok",
        "broker": "none (tasks run in-process)",
        "workers": "in-process",
    }


@pytest.fixture
def broker_unreachable(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")  # nothing listens


@pytest.mark.django_db
def test_readiness_fails_when_the_broker_cannot_be_reached(client, broker_unreachable):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"]) == ("not ready", "ok")
    assert body["broker"].startswith("unreachable")


def test_gunicorn_gives_each_process_a_pool_of_its_threads(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("WEB_THREADS", "5")
    monkeypatch.delenv("DATABASE_CONNECTIONS_PER_HOST", raising=False)
    config = runpy.run_path(str(ROOT / "factcheck" / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["worker_class"]) == (3, 5, "gthread")
    assert os.environ["DATABASE_POOL_SIZE"] == "5"


def test_gunicorn_refuses_more_connections_than_the_host_may_open(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("WEB_THREADS", "8")
    monkeypatch.setenv("DATABASE_CONNECTIONS_PER_HOST", "20")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "")
    with pytest.raises(SystemExit, match="4 workers x 8 threads may open 32 database connections"):
        runpy.run_path(str(ROOT / "factcheck" / "gunicorn.conf.py"))


def test_the_pool_size_bounds_a_process_connections():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://desk@db.example:5432/desk",
        "DATABASE_POOL_SIZE": "5",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['OPTIONS']['pool'], d['CONN_MAX_AGE'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "{'min_size': 1, 'max_size': 5, 'timeout': 10.0} 0"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_readiness_sees_the_broker_and_a_live_worker(client, celery_worker):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["database"], body["broker"]) == ("ok", "ok")
    assert body["workers"].endswith(" answering")
    assert not body["workers"].startswith("none")


def test_a_wrong_query_on_sqlite_is_a_bug_not_an_outage(monkeypatch):
    """SQLite reports a missing function as an OperationalError too: that must stay a 500 (and
    reach the logs and the tests), never pass for an outage."""
    from django.db import connection

    from factcheck.outage import is_outage

    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert not is_outage(OperationalError("no such function: jsonb_path_query_array"))
    assert is_outage(OperationalError("database is locked"))
