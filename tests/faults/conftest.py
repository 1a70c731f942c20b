"""Fixtures of the fault tests: real Celery workers started, and killed, on purpose; a Redis
server of the test's own to stop and start again; the test process's Celery app pointed at it.

`fault_workers` starts `celery worker` processes on the test database (PostgreSQL: the worker
sees what the test commits) and one queue of the test's own, with extra environment (a short
import lease, a quick sweep), the pool asked for (`solo`, or `prefork` with its pool children)
and, with `beat=True`, the embedded beat (`-B`) and its schedule file in the test's folder. Every
worker it started, and every child process they forked, is stopped by pid at teardown, and the
queue is deleted (with any message a killed worker left unacknowledged in Redis).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import suppress
from pathlib import Path

import pytest
from kombu.utils.json import loads

from factcheck.celery import app
from tests.worker import WORKER_START_TIMEOUT, Worker, _delete_queue, _test_database_url

ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT = 30


def child_pids(pid: int) -> list[int]:
    """The processes `pid` forked (a prefork worker's pool children, an embedded beat)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()  # after "pid (command name)"
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:  # state, then the parent's pid
            children.append(int(stat.parent.name))
    return sorted(children)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""  # gone


class FaultWorkers:
    """Starts workers on one queue of the test's own; `kill` SIGKILLs a whole one (`child_pids`
    finds the pool children of a prefork one, to kill one of those instead)."""

    def __init__(self, *, queue: str, folder: Path, media_root: str, broker_url: str):
        self.queue = queue
        self.folder = folder
        self.media_root = media_root
        self.broker_url = broker_url
        self.started: list[Worker] = []
        self.on_default_broker = False  # a worker read the suite's broker: clean the queue there
        self.children: dict[int, str] = {}  # pid -> hostname of the worker that forked it

    def start(
        self,
        *,
        pool: str = "solo",
        concurrency: int = 1,
        beat: bool = False,
        env: dict[str, str] | None = None,
        broker_url: str = "",
    ) -> Worker:
        number = len(self.started) + 1
        self.on_default_broker |= not broker_url
        hostname = f"{self.queue}-{number}@localhost"
        log_path = self.folder / f"celery-worker-{number}.log"
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_BROKER_")}
        worker_env = {
            **inherited,  # with SECRET_KEY, ALLOWED_HOSTS and DEBUG as tests/testenv.py sets them
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DATABASE_URL": _test_database_url(),
            "MEDIA_ROOT": self.media_root,
            "CELERY_BROKER_URL": broker_url or self.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "factcheck", "worker"),
            *(f"--pool={pool}", f"--concurrency={concurrency}", "-Q", self.queue, "-n", hostname),
            *("--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"),
        ]
        if beat:
            command += ["-B", "-s", str(self.folder / f"celerybeat-schedule-{number}")]
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                command, cwd=ROOT, env=worker_env, stdout=log_file, stderr=subprocess.STDOUT
            )
        worker = Worker(process=process, queue=self.queue, hostname=hostname, log_path=log_path)
        self.started.append(worker)
        worker.wait_for(re.escape(f"{hostname} ready."), WORKER_START_TIMEOUT, "that it is ready")
        self.note_children(worker)
        return worker

    def note_children(self, worker: Worker) -> list[int]:
        """The worker's child processes now (remembered, to stop them at teardown)."""
        pids = child_pids(worker.process.pid)
        self.children.update(dict.fromkeys(pids, worker.hostname))
        return pids

    def kill(self, worker: Worker) -> None:
        """SIGKILL the whole worker, as a machine losing power or the OOM killer would."""
        self.note_children(worker)
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=STOP_TIMEOUT)

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                self.note_children(worker)
                worker.process.terminate()  # warm shutdown: a task under way finishes first
                try:
                    worker.process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    worker.process.kill()
                    worker.process.wait()
        # A child whose parent was killed outlives it: stop it, if that pid is still ours.
        for pid, hostname in self.children.items():
            if hostname in _cmdline(pid):
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(f"--- {w.hostname} ({w.log_path}):\n{w.log()}" for w in self.started)


@pytest.fixture
def fault_workers(settings, tmp_path):
    """Start workers with `fault_workers.start(...)`; this process sends its tasks to their queue."""
    queue = f"test-faults-{uuid.uuid4().hex[:12]}"
    workers = FaultWorkers(
        queue=queue,
        folder=tmp_path,
        media_root=str(settings.MEDIA_ROOT),
        broker_url=settings.CELERY_BROKER_URL,
    )
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    try:
        yield workers
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = saved
        workers.stop_all()
        if workers.on_default_broker:
            _delete_queue(queue)
            _forget_unacknowledged(queue)
        print(workers.logs())  # shown when the test fails


def _forget_unacknowledged(queue: str) -> None:
    """A worker killed with a task in hand leaves it in Redis's unacknowledged set, to be
    delivered again after the visibility timeout: drop the test queue's messages from it, so
    that no worker ever restores them (long after the test, onto a queue nobody reads)."""
    try:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            client = channel.client
            for tag, payload in client.hscan_iter(channel.unacked_key):
                _message, _exchange, routing_key = loads(payload)
                if routing_key == queue:
                    client.pipeline().zrem(channel.unacked_index_key, tag).hdel(
                        channel.unacked_key, tag
                    ).execute()
    except Exception as exc:  # cleanup only: never hide the test's own outcome
        print(f"could not clean unacknowledged messages of {queue}: {exc!r}")


# -- a Redis server of the test's own, to stop and start again -------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """`redis-server` on a port of its own, in memory only (no snapshot, no append-only file)."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.starts += 1
        log_path = self.folder / f"redis-server-{self.starts}.log"
        command = [
            *(shutil.which("redis-server") or "redis-server", "--port", str(self.port)),
            *("--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)),
        ]
        with log_path.open("wb") as log_file:
            self.process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {self.port}:\n{log_path.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert not self.answers(), f"something still answers on port {self.port}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(64).startswith(b"+PONG")
        except OSError:
            return False


def _forget_broker_connections(*, close: bool) -> None:
    """Make the app open new broker connections and producers on next use (Celery caches both
    for the broker url of the moment; `app._after_fork` resets the same two). `close`: close
    the forgotten ones too (the test's own broker's); the suite's broker's stay open in kombu's
    registry of pools, where the app finds them again once its url is restored."""
    pools = [app._pool, app.amqp._producer_pool]
    app._pool = None
    app.amqp._producer_pool = None
    for pool in pools:
        if close and pool is not None:
            pool.force_close_all()


@pytest.fixture
def private_broker(tmp_path, fault_workers, monkeypatch):
    """A redis-server of the test's own, which the test process's Celery app sends to (and the
    workers that `fault_workers.start(broker_url=private_broker.url)` starts read)."""
    server = RedisServer(tmp_path)
    _forget_broker_connections(close=False)
    # Celery prefers its environment variables to its configuration, and a write url (which a
    # test may have pinned) to the broker url: set them all.
    for variable in ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL"):
        monkeypatch.setenv(variable, server.url)
    for setting in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(app.conf, setting, server.url)
    try:
        assert app.connection_for_write().port == server.port
        server.start()
        yield server
    finally:
        fault_workers.stop_all()  # before its broker goes away (a fixture torn down later)
        _forget_broker_connections(close=True)  # monkeypatch restores the url after this
        server.stop()
