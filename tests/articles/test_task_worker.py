"""The import task: its logic in-process (`.apply()`), and an admin upload run by a real worker.

The worker tests start `celery worker` as a separate process on the Redis broker, on a queue
of their own, reading the test database (PostgreSQL: another process sees the rows the test
commits) and the test's media folder. The task is queued by the upload view's on-commit hook,
exactly as in production; the worker's log proves the worker ran it, not the test process.
"""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImportBatch, ImportItem
from articles.services.import_ import import_uploaded_files
from articles.tasks import import_batch_run
from tests.worker import Worker

ROOT = Path(__file__).resolve().parents[2]
SEED_FR = next((ROOT / "seeds").glob("003_*.txt"))  # the French seed
TASK_TIMEOUT = 60
TASK_NAME = "articles.tasks.import_batch_run"


def _uploads() -> list[SimpleUploadedFile]:
    """One good article (French) and one empty file (rejected on its own line)."""
    return [
        SimpleUploadedFile(SEED_FR.name, SEED_FR.read_bytes(), content_type="text/plain"),
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
    ]


def _assert_one_created_one_rejected(batch: ImportBatch) -> None:
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert (batch.total_files, batch.processed_files) == (2, 2)
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (1, 0, 1)
    article = Article.objects.get(import_batch=batch)
    assert article.language == "fr"
    assert article.source_name == SEED_FR.name
    rejected = batch.items.get(outcome=ImportItem.Outcome.REJECTED)
    assert (rejected.name, rejected.message) == ("empty.txt", "empty file")
    created = batch.items.get(outcome=ImportItem.Outcome.CREATED)
    assert (created.name, created.article_id) == (SEED_FR.name, article.pk)


def _snapshot(batch: ImportBatch) -> tuple:
    batch.refresh_from_db()
    return (
        batch.status,
        batch.created_count,
        batch.duplicate_count,
        batch.rejected_count,
        batch.finished_at,
        Article.objects.count(),
        ImportItem.objects.count(),
    )


# -- in-process: the task's logic, everywhere ---------------------------------------------


@pytest.mark.django_db
def test_import_task_processes_the_uploaded_files_and_a_rerun_creates_nothing(
    desk_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = import_uploaded_files(files=_uploads(), created_by=desk_admin)
    assert len(callbacks) == 1  # the task is queued on commit, not run yet
    assert batch.status == ImportBatch.Status.PENDING
    assert batch.total_files == 2
    assert [u.name for u in batch.uploads.all()] == [SEED_FR.name, "empty.txt"]

    result = import_batch_run.apply(args=[batch.pk])

    assert result.successful()
    _assert_one_created_one_rejected(batch)
    before = _snapshot(batch)
    assert import_batch_run.apply(args=[batch.pk]).successful()
    assert _snapshot(batch) == before


@pytest.mark.django_db
def test_a_task_delivered_again_while_its_batch_runs_does_nothing(
    desk_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_uploaded_files(files=_uploads(), created_by=desk_admin)
    # The first delivery took the batch a moment ago and is still working on it.
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=timezone.now())
    assert import_batch_run.apply(args=[batch.pk]).successful()
    assert not ImportItem.objects.exists()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_batch_whose_worker_died_is_taken_over_and_finished_once(
    desk_admin, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_uploaded_files(files=_uploads(), created_by=desk_admin)
    import_batch_run.apply(args=[batch.pk])
    # Pretend the run died after its first file: its outcome stays, the rest is redone.
    ImportItem.objects.filter(name="empty.txt").delete()
    stale = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + 60)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=stale, rejected_count=0)
    assert import_batch_run.apply(args=[batch.pk]).successful()
    batch.refresh_from_db()
    assert batch.status == "done"
    assert sorted(batch.items.values_list("name", "outcome")) == [
        (SEED_FR.name, "created"),
        ("empty.txt", "rejected"),
    ]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_files_of_the_same_name_and_names_with_a_hash_keep_their_own_lines(
    desk_admin, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("index.txt", b"Meta delayed Behemoth, the first report said on Monday."),
        SimpleUploadedFile("index.txt", b"Meta delayed Behemoth again, a second report said later."),
        SimpleUploadedFile("nota#1.txt", b"Una nota con un nome strano, ma un testo vero e proprio."),
    ]
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_uploaded_files(files=files, created_by=desk_admin)
    import_batch_run.apply(args=[batch.pk])
    assert sorted(batch.items.values_list("name", "outcome")) == [
        ("index (2).txt", "created"),
        ("index.txt", "created"),
        ("nota#1.txt", "created"),
    ]
    # A run taken over after a crash passes over every file that has its outcome.
    stale = timezone.now() - datetime.timedelta(days=1)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=stale)
    import_batch_run.apply(args=[batch.pk])
    assert batch.items.count() == 3
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_import_task_on_a_deleted_batch_does_nothing():
    assert import_batch_run.apply(args=[987654321]).successful()
    assert not ImportBatch.objects.exists()


# -- a real worker on the real broker -------------------------------------------------------


def _upload_through_the_admin(client, desk_admin) -> ImportBatch:
    client.force_login(desk_admin)
    response = client.post(reverse("admin:articles_importbatch_upload"), {"files": _uploads()})
    assert response.status_code == 302, response.content.decode(errors="replace")[:2000]
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:articles_importbatch_change", args=[batch.pk])
    return batch


def _wait_until_finished(batch: ImportBatch, worker: Worker) -> None:
    deadline = time.monotonic() + TASK_TIMEOUT
    while True:
        batch.refresh_from_db()
        if batch.is_finished:
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the Celery worker exited ({worker.process.returncode}):\n{worker.log()}")
        if time.monotonic() > deadline:
            pytest.fail(f"import #{batch.pk} still {batch.status} after {TASK_TIMEOUT}s:\n{worker.log()}")
        time.sleep(0.2)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_admin_upload_is_imported_by_a_real_celery_worker(client, desk_admin, celery_worker):
    batch = _upload_through_the_admin(client, desk_admin)

    _wait_until_finished(batch, celery_worker)

    _assert_one_created_one_rejected(batch)
    # The worker received the task from the broker and ran it to the end.
    received = celery_worker.wait_for(
        re.escape(f"Task {TASK_NAME}[") + r"([0-9a-f-]{36})\] received", TASK_TIMEOUT, "the task received"
    )
    task_id = received.group(1)
    celery_worker.wait_for(
        re.escape(f"Task {TASK_NAME}[{task_id}] succeeded"), TASK_TIMEOUT, "the task succeeded"
    )
    assert len(re.findall(re.escape(f"Task {TASK_NAME}[") + r".{36}\] received", celery_worker.log())) == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_task_run_again_on_a_batch_the_worker_finished_creates_nothing(client, desk_admin, celery_worker):
    batch = _upload_through_the_admin(client, desk_admin)
    _wait_until_finished(batch, celery_worker)
    _assert_one_created_one_rejected(batch)
    before = _snapshot(batch)

    assert import_batch_run.apply(args=[batch.pk]).successful()  # in-process, a second time

    assert _snapshot(batch) == before
