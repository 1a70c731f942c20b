"""Imports survive their worker's death and the database's: killed on purpose, mid-import.

Each test uploads a batch of distinct articles through the admin, lets a real worker start on
it, breaks something once some files are done (a pool child, the whole worker, the worker's
database connections), and counts rows: the batch ends, every file has exactly one outcome,
each article exists once. Workers run with a short lease (LEASE seconds) so that recovery
happens within the test; the same lease is in this process's settings.
"""

import os
import re
import signal
import time
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from articles.models import Article, ImportBatch, ImportItem
from tests.faults.conftest import FaultWorkers, child_pids
from tests.worker import Worker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

LEASE = 3  # seconds: IMPORT_LEASE_SECONDS of the workers and of this process
FILES = 150  # enough that a fault after the first few files lands mid-import
SWEEP = 1  # seconds: IMPORT_SWEEP_SECONDS of the worker running beat
FAULT_AFTER = 5  # files done before the fault
MIDWAY_TIMEOUT = 60  # seconds for a worker to get FAULT_AFTER files done
FINISH_TIMEOUT = 60  # seconds for the rest, once the worker is back
BEAT_SLACK = 10  # seconds for beat to start and tick, and the sweep's message to reach the worker
REST_TIMEOUT = 30  # seconds for the files left once resumed (about 2 s here, unloaded)

TASK = "articles.tasks.import_batch_run"
TOPICS = ["Behemoth", "Scout", "Maverick", "the training cluster", "the open weights", "the benchmark"]


def _articles(count: int) -> list[SimpleUploadedFile]:
    """`count` distinct English news articles, one text file each."""
    files = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        body = (
            f"Report number {n} on {topic}\n\n"
            f"Meta said on Monday that {topic} would ship later than planned, according to report {n}. "
            f"Engineers working on {topic} told reporters that the delay came from training runs "
            f"that did not improve as much as expected, and that {n + 7} teams were reassigned. "
            "The company declined to give a new date for the release of the model."
        )
        files.append(SimpleUploadedFile(f"report-{n:04d}.txt", body.encode(), content_type="text/plain"))
    return files


def _upload(client, user, count: int = FILES) -> ImportBatch:
    """Upload `count` articles in the admin, as an importer does; the task is queued on commit."""
    client.force_login(user)
    response = client.post(reverse("admin:articles_importbatch_upload"), {"files": _articles(count)})
    assert response.status_code == 302, response.content.decode(errors="replace")[:2000]
    return ImportBatch.objects.get()


def _progress(batch: ImportBatch) -> tuple[str, int]:
    return ImportBatch.objects.values_list("status", "processed_files").get(pk=batch.pk)


def _wait_for_progress(batch: ImportBatch, files: int, worker: Worker, workers: FaultWorkers) -> int:
    """Poll until `files` files are done; the fault must land mid-import, so fail if it ended."""
    deadline = time.monotonic() + MIDWAY_TIMEOUT
    while True:
        status, processed = _progress(batch)
        if processed >= files:
            assert status == ImportBatch.Status.RUNNING, f"the batch ended before the fault ({status})"
            return processed
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}):\n{workers.logs()}")
        if time.monotonic() > deadline:
            batch.refresh_from_db()
            pytest.fail(
                f"{processed} of {batch.total_files} files done after {MIDWAY_TIMEOUT}s "
                f"({batch.status}, error {batch.error!r}):\n{workers.logs()}"
            )
        time.sleep(0.01)


def _wait_until_finished(batch: ImportBatch, timeout: float, workers: FaultWorkers) -> float:
    """Seconds until the batch is done or failed; fails the test if it is not within `timeout`."""
    start = time.monotonic()
    while True:
        batch.refresh_from_db()
        if batch.is_finished:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            pytest.fail(
                f"import #{batch.pk} still {batch.status} at {batch.processed_files}/{batch.total_files} "
                f"after {timeout}s (attempts {batch.attempts}, error {batch.error!r}):\n{workers.logs()}"
            )
        time.sleep(0.1)


def _wait_until_resumed(
    batch: ImportBatch, dead_lease: str, since: float, bound: float, workers: FaultWorkers
) -> float:
    """Seconds from `since` until another run holds the batch (or finished it)."""
    while True:
        batch.refresh_from_db()
        if batch.lease_token != dead_lease or batch.is_finished:
            return time.monotonic() - since
        if time.monotonic() - since > bound:
            pytest.fail(f"import #{batch.pk} not resumed {bound:.1f}s after the kill:\n{workers.logs()}")
        time.sleep(0.1)


def _assert_each_file_at_most_once(batch: ImportBatch) -> None:
    """What a failed batch imported before it stopped: each file once, its article once."""
    items_per_file = Counter(ImportItem.objects.filter(batch=batch).values_list("file", flat=True))
    assert set(items_per_file.values()) <= {1}
    assert len(items_per_file) == batch.processed_files == batch.created_count
    assert (
        Article.objects.count()
        == ImportItem.objects.values("article").distinct().count()
        == batch.created_count
    )


def _assert_imported_exactly_once(batch: ImportBatch, count: int = FILES) -> None:
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert (batch.total_files, batch.processed_files) == (count, count)
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (count, 0, 0)
    items_per_file = Counter(ImportItem.objects.filter(batch=batch).values_list("file", flat=True))
    assert len(items_per_file) == count
    assert set(items_per_file.values()) == {1}, [f for f, n in items_per_file.items() if n > 1]
    assert set(ImportItem.objects.values_list("outcome", flat=True)) == {ImportItem.Outcome.CREATED}
    # Each file's article exists once, and its line of the report points at it.
    articles = Counter(Article.objects.values_list("source_name", flat=True))
    assert len(articles) == count
    assert set(articles.values()) == {1}
    assert Article.objects.filter(import_batch=batch).count() == count
    assert ImportItem.objects.values("article").distinct().count() == count


# -- the tests ------------------------------------------------------------------------------


def test_a_pool_child_killed_mid_import_is_replaced_and_the_batch_finishes_once(
    client, desk_admin, settings, fault_workers
):
    settings.IMPORT_LEASE_SECONDS = LEASE
    worker = fault_workers.start(pool="prefork", concurrency=1, env={"IMPORT_LEASE_SECONDS": str(LEASE)})
    [child] = child_pids(worker.process.pid)
    batch = _upload(client, desk_admin)

    _wait_for_progress(batch, FAULT_AFTER, worker, fault_workers)
    os.kill(child, signal.SIGKILL)  # what the kernel's OOM killer does to the process running a task
    status, processed = _progress(batch)
    assert status == ImportBatch.Status.RUNNING
    assert processed < FILES

    # Handed back to the queue (reject on worker lost), the task finds the dead run's lease still
    # fresh, waits a lease, takes the batch over and imports the rest: a lease and a few seconds.
    _wait_until_finished(batch, LEASE + FINISH_TIMEOUT, fault_workers)

    _assert_imported_exactly_once(batch)
    assert batch.attempts == 2
    assert worker.process.poll() is None  # the worker lives on, with a new pool child
    assert child not in fault_workers.note_children(worker)
    log = worker.log()
    assert "WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL)" in log
    # The one task was delivered again (and retried a lease later if the dead run's heartbeat
    # was still fresh when the worker noticed the loss), and ran to the end once.
    [task_id] = set(re.findall(re.escape(f"Task {TASK}[") + r"(.{36})\] received", log))
    assert log.count(f"Task {TASK}[{task_id}] received") >= 2
    assert log.count(f"Task {TASK}[{task_id}] succeeded") == 1


def test_a_worker_killed_mid_import_is_resumed_by_the_sweeper_of_a_new_worker_in_bounded_time(
    client, desk_admin, settings, fault_workers
):
    settings.IMPORT_LEASE_SECONDS = LEASE
    env = {"IMPORT_LEASE_SECONDS": str(LEASE), "IMPORT_SWEEP_SECONDS": str(SWEEP)}
    first = fault_workers.start(pool="solo", env=env)
    batch = _upload(client, desk_admin)
    _wait_for_progress(batch, FAULT_AFTER, first, fault_workers)

    fault_workers.kill(first)  # the machine went away: its task stays unacknowledged in Redis
    killed_at = time.monotonic()
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (ImportBatch.Status.RUNNING, 1)
    assert batch.processed_files < FILES
    dead_lease = batch.lease_token

    second = fault_workers.start(pool="solo", beat=True, env=env)
    # Redis would hand the lost task out again only after the visibility timeout (an hour by
    # default): the sweeper resumes the batch once its heartbeat is older than the lease, at its
    # next sweep. The bound, from the kill: the lease (or the new worker's start, if longer), a
    # sweep interval, BEAT_SLACK for beat's start and the queue's round trip, and REST_TIMEOUT
    # for the files left.
    ready_after = time.monotonic() - killed_at
    resume_bound = max(LEASE, ready_after) + SWEEP + BEAT_SLACK
    resumed_after = _wait_until_resumed(batch, dead_lease, killed_at, resume_bound, fault_workers)
    _wait_until_finished(batch, resume_bound + REST_TIMEOUT - resumed_after, fault_workers)
    finished_after = time.monotonic() - killed_at

    _assert_imported_exactly_once(batch)
    assert batch.attempts >= 2  # (a third if the resumed run stalled past a lease: still once)
    assert batch.lease_token != dead_lease
    print(
        f"worker ready {ready_after:.1f}s, batch resumed {resumed_after:.1f}s (bound {resume_bound:.1f}s) "
        f"and finished {finished_after:.1f}s after the kill"
    )
    # Resumed by the sweep that beat started, not by Redis delivering the lost task again.
    log = second.log()
    assert f"'requeued': [{batch.pk}]" in log
    assert re.search(re.escape(f"Task {TASK}[") + r".{36}\] succeeded", log)


def test_database_connections_cut_mid_import_end_the_batch_never_leave_it_running(
    client, desk_admin, settings, fault_workers
):
    settings.IMPORT_LEASE_SECONDS = LEASE
    worker = fault_workers.start(pool="solo", env={"IMPORT_LEASE_SECONDS": str(LEASE)})
    batch = _upload(client, desk_admin)
    _wait_for_progress(batch, FAULT_AFTER, worker, fault_workers)

    # Every other session on the test database is the worker's (this process has one).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminated = [row[0] for row in cursor.fetchall()]
    assert terminated
    assert all(terminated), terminated
    status, processed = _progress(batch)
    assert status == ImportBatch.Status.RUNNING
    assert processed < FILES

    # The run retries as itself (its lease) on a new connection, 5 s later; or, out of retries,
    # the batch fails with its reason. Either way it ends: never "running" with no run.
    _wait_until_finished(batch, 5 + FINISH_TIMEOUT, fault_workers)

    assert worker.process.poll() is None
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.FAILED:
        assert batch.error.strip(), "failed without a reason"
        _assert_each_file_at_most_once(batch)
    else:
        _assert_imported_exactly_once(batch)
        assert batch.attempts == 2  # the same run, resumed
        assert re.search(
            re.escape(f"Task {TASK}[") + r".{36}\] retry: Retry in 5s: OperationalError", worker.log()
        )
