"""A real Celery worker on the real broker, for the tests that prove the task wiring.

`celery_worker` starts `celery worker` as a separate process on the Redis broker, on a queue of
its own, reading the test database (PostgreSQL: another process sees the rows the test
commits) and the test's media folder; tasks queued by on-commit hooks reach it exactly as in
production. Tests using it are marked `celery_worker` (and run in CI).
"""

import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from kombu import Exchange, Queue

from factcheck.celery import app

ROOT = Path(__file__).resolve().parents[1]
WORKER_START_TIMEOUT = 60


def _test_database_url() -> str:
    """A DATABASE_URL for the database this test runs on (test_<name>, per xdist worker)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(db.get("HOST") or "", safe="")  # a socket directory is written %2F...
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


@dataclass
class Worker:
    process: subprocess.Popen
    queue: str
    hostname: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float, what: str) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.log())
            if match:
                return match
            if self.process.poll() is not None:
                pytest.fail(
                    f"the Celery worker exited ({self.process.returncode}) before {what}:\n{self.log()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not show {what} within {timeout}s:\n{self.log()}")
            time.sleep(0.2)


@pytest.fixture
def celery_worker(settings, tmp_path):
    """A `celery worker` process consuming a queue of its own, which this process sends to."""
    queue = f"test-import-{uuid.uuid4().hex[:12]}"
    hostname = f"{queue}@localhost"
    log_path = tmp_path / "celery-worker.log"
    env = {
        **os.environ,  # with SECRET_KEY, ALLOWED_HOSTS and DEBUG as tests/testenv.py sets them
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": _test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "factcheck", "worker"),
        *("--pool=solo", "--concurrency=1", "-Q", queue, "-n", hostname),
        *("--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"),
    ]
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    worker = Worker(process=process, queue=queue, hostname=hostname, log_path=log_path)
    try:
        worker.wait_for(re.escape(f"{hostname} ready."), WORKER_START_TIMEOUT, "that it is ready")
        yield worker
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = saved
        process.terminate()  # warm shutdown: a task under way finishes first
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _delete_queue(queue)
        print(f"--- Celery worker log ({log_path}):\n{worker.log()}")  # shown when the test fails


def _delete_queue(queue: str) -> None:
    """Leave no empty queue (and its binding) behind in Redis."""
    try:
        with app.connection_for_write() as conn:
            bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(conn.default_channel)
            bound.declare()  # this channel now knows the binding, so deleting drops it too
            bound.delete()
    except Exception as exc:  # cleanup only: never hide the test's own outcome
        print(f"could not delete queue {queue}: {exc!r}")
