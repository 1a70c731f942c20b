"""Import batches always end: one run at a time under a lease, taken over when its run is
gone, resumed or failed by the sweeper, and a batch that could not be queued says so.

The task's logic runs in-process here; tests/faults/ kills real workers and connections.
"""

import datetime
import io
import zipfile

import pytest
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown
from rest_framework.test import APIClient

from articles.models import Article, ImportBatch, ImportItem
from articles.services import batches
from articles.services.batches import (
    NOT_QUEUED,
    LeaseLost,
    import_batch_beat,
    import_batch_lease,
    import_batch_poll_seconds,
    import_batches_sweep,
)
from articles.services.import_ import import_paths, import_uploaded_files
from articles.tasks import import_batch_run

pytestmark = pytest.mark.django_db


def _files(count: int = 3) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(
            f"report-{n}.txt", f"Meta delayed Behemoth, report number {n} said today.".encode()
        )
        for n in range(count)
    ]


def _uploaded(desk_admin, django_capture_on_commit_callbacks, count: int = 3) -> ImportBatch:
    with django_capture_on_commit_callbacks(execute=False):  # queued on commit: not run yet
        return import_uploaded_files(files=_files(count), created_by=desk_admin)


def _ago(settings, extra: int = 60) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + extra)


# -- the lease ------------------------------------------------------------------------------


def test_one_run_holds_a_batch_and_a_stale_one_is_taken_over(
    desk_admin, django_capture_on_commit_callbacks, settings
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    assert import_batch_lease(batch=batch, lease="first")
    assert not import_batch_lease(batch=batch, lease="second")  # the first run is alive
    assert import_batch_lease(batch=batch, lease="first")  # the same run, resuming after an error
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=_ago(settings))
    assert import_batch_lease(batch=batch, lease="second")  # the first run is gone
    batch.refresh_from_db()
    assert (batch.status, batch.lease_token, batch.attempts) == ("running", "second", 3)


def test_a_run_whose_batch_was_taken_over_stops_without_touching_it(
    desk_admin, django_capture_on_commit_callbacks
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    import_batch_lease(batch=batch, lease="old")
    ImportBatch.objects.filter(pk=batch.pk).update(lease_token="new")
    with pytest.raises(LeaseLost):
        import_batch_beat(batch=batch, processed_files=1)
    batch.refresh_from_db()
    assert (batch.processed_files, batch.lease_token) == (0, "new")


@pytest.fixture
def sent(monkeypatch) -> list[dict]:
    """What the task's retries send to the queue (captured here, not sent)."""
    from celery.canvas import Signature

    messages: list[dict] = []

    def capture(signature, *args, **options):
        countdown = signature.options.get("countdown")
        messages.append({"args": list(signature.args), "kwargs": signature.kwargs, "countdown": countdown})

    monkeypatch.setattr(Signature, "apply_async", capture)
    return messages


def _as_delivered(batch_id: int, **kwargs):
    """Run the task as a worker runs a delivered message (not eagerly)."""
    import_batch_run.push_request(
        args=[batch_id], kwargs=kwargs, is_eager=False, called_directly=False, retries=0, id="message"
    )
    try:
        return import_batch_run.run(batch_id, **kwargs)
    finally:
        import_batch_run.pop_request()


def test_a_copy_that_finds_a_live_run_waits_and_looks_again(
    desk_admin, django_capture_on_commit_callbacks, settings, sent
):
    """A delivery that finds the batch held by a live run is not dropped: it comes back after a
    lease (then the batch is done, or its run is gone and this one takes over)."""
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    import_batch_lease(batch=batch, lease="alive")
    with pytest.raises(Retry):
        _as_delivered(batch.pk)
    assert sent == [{"args": [batch.pk], "kwargs": {}, "countdown": settings.IMPORT_LEASE_SECONDS}]
    assert not ImportItem.objects.exists()


def test_a_database_error_is_retried_as_the_same_run(
    desk_admin, django_capture_on_commit_callbacks, monkeypatch, sent
):
    from django.db import OperationalError

    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)

    def database_down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("articles.tasks.import_batch_run_uploads", database_down)
    with pytest.raises(Retry):
        _as_delivered(batch.pk, lease="mine")
    # The retry carries the run's lease: it resumes the batch at once rather than waiting it out.
    assert sent == [{"args": [batch.pk], "kwargs": {"lease": "mine"}, "countdown": 5}]


# -- the sweeper ----------------------------------------------------------------------------


def test_the_sweeper_resumes_an_upload_whose_run_is_gone(
    desk_admin, django_capture_on_commit_callbacks, settings
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    import_batch_lease(batch=batch, lease="dead")
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=_ago(settings))

    report = import_batches_sweep()  # eager here: the resumed run happens inside

    batch.refresh_from_db()
    assert report.requeued == [batch.pk]
    assert (batch.status, batch.created_count, batch.processed_files, batch.total_files) == ("done", 3, 3, 3)
    assert ImportItem.objects.filter(batch=batch).count() == 3
    assert import_batches_sweep().requeued == []  # nothing left to do


def test_the_sweeper_fails_a_killed_command_import_with_the_reason(tmp_path, settings):
    (tmp_path / "one.txt").write_text("Meta delayed Behemoth, the first report said on Monday.")
    batch = import_paths(paths=[tmp_path])
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=_ago(settings))

    assert import_batches_sweep().failed == [batch.pk]

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "The import command stopped before the end" in batch.error
    assert "run the command again" in batch.error


def test_a_batch_that_keeps_stopping_is_failed_not_resumed_forever(
    desk_admin, django_capture_on_commit_callbacks, settings
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", heartbeat_at=_ago(settings), attempts=settings.IMPORT_MAX_ATTEMPTS
    )
    assert import_batches_sweep().failed == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert f"stopped {settings.IMPORT_MAX_ATTEMPTS} times" in batch.error
    assert not Article.objects.exists()


def test_a_live_run_is_left_alone_by_the_sweeper(desk_admin, django_capture_on_commit_callbacks):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    import_batch_lease(batch=batch, lease="alive")
    assert import_batches_sweep().requeued == []
    batch.refresh_from_db()
    assert (batch.status, batch.lease_token) == ("running", "alive")


# -- a queue that cannot be reached -----------------------------------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(import_batch_run, "delay", refuse)


# Real commits: the upload is queued when its transaction commits, as in production.
@pytest.mark.django_db(transaction=True)
def test_an_upload_that_could_not_be_queued_says_so_and_starts_when_the_queue_is_back(
    desk_admin, broker_down, monkeypatch, settings, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_authenticate(desk_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/", {"files": _files(2)}, format="multipart")

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert response.json()["queued_at"] is None
    assert response.json()["error"] == NOT_QUEUED
    batch = ImportBatch.objects.get(pk=response.json()["id"])

    monkeypatch.undo()  # the broker is back
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=_ago(settings))
    assert import_batches_sweep().requeued == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.error) == ("done", 2, "")


# Real commits: the upload is queued when its transaction commits, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_admin_says_an_upload_was_not_queued_and_run_again_tells_the_truth(
    client, desk_admin, broker_down
):
    client.force_login(desk_admin)
    response = client.post(reverse("admin:articles_importbatch_upload"), {"files": _files(1)}, follow=True)
    page = response.content.decode()
    batch = ImportBatch.objects.get()
    assert (
        f"Import #{batch.pk} saved with 1 file. Not started yet: the task queue could not be reached." in page
    )

    page = client.post(
        reverse("admin:articles_importbatch_changelist"),
        {"action": "run_again", "_selected_action": [batch.pk]},
        follow=True,
    ).content.decode()
    assert "0 batches queued again." in page
    assert "1 batch not queued: Not started yet" in page


# -- progress ---------------------------------------------------------------------------------


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n, name in enumerate(names):
            archive.writestr(name, f"Meta delayed Behemoth, archived report {n} said this week.")
    return buffer.getvalue()


def test_progress_counts_zip_entries_before_reading_and_never_goes_back(
    desk_admin, django_capture_on_commit_callbacks, monkeypatch
):
    files = [SimpleUploadedFile("reports.zip", _zip(["a.txt", "b.txt", "c.txt"])), *_files(1)]
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_uploaded_files(files=files, created_by=desk_admin)
    seen = []
    beat = batches.import_batch_beat

    def record(**kwargs):
        beat(**kwargs)
        row = ImportBatch.objects.get(pk=batch.pk)
        seen.append((row.processed_files, row.total_files))

    monkeypatch.setattr("articles.services.import_.import_batch_beat", record)
    import_batch_run.apply(args=[batch.pk])

    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_the_progress_poll_backs_off_and_stops_when_nothing_will_move(
    desk_admin, django_capture_on_commit_callbacks, settings
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    assert import_batch_poll_seconds(batch=batch) == 1
    import_batch_lease(batch=batch, lease="alive")
    batch.refresh_from_db()
    assert import_batch_poll_seconds(batch=batch, after=1, seen=0) == 2  # nothing moved
    assert import_batch_poll_seconds(batch=batch, after=16, seen=0) == 30
    assert import_batch_poll_seconds(batch=batch, after=30, seen=0) == 30
    batch.processed_files = 1
    assert import_batch_poll_seconds(batch=batch, after=30, seen=0) == 1  # it moved: soon again
    batch.heartbeat_at = _ago(settings)
    assert import_batch_poll_seconds(batch=batch, after=1, seen=1) is None  # stalled
    batch.status = "done"
    assert import_batch_poll_seconds(batch=batch) is None


def test_the_progress_of_a_stalled_batch_stops_polling_and_says_why(client, desk_admin, settings):
    client.force_login(desk_admin)
    batch = ImportBatch.objects.create(
        source="admin", status="running", total_files=4, processed_files=1, heartbeat_at=_ago(settings)
    )
    html = client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    assert "hx-get" not in html
    assert "No sign of life from the worker since" in html


def test_an_api_upload_over_the_file_limit_answers_json_with_the_reason(desk_admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client = APIClient()
    client.force_authenticate(desk_admin)
    response = client.post("/api/v1/imports/", {"files": _files(3)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Too many files in one request: at most 2. Send them in several requests, or as one zip archive."
    }
    assert not ImportBatch.objects.exists()


def test_the_api_runs_a_stalled_batch_again_and_says_why_it_will_not(
    desk_admin, fact_checker, django_capture_on_commit_callbacks, settings
):
    batch = _uploaded(desk_admin, django_capture_on_commit_callbacks)
    import_batch_lease(batch=batch, lease="dead")
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=_ago(settings))
    client = APIClient()
    client.force_authenticate(fact_checker)
    assert client.post(f"/api/v1/imports/{batch.pk}/run-again/").status_code == 403
    client.force_authenticate(desk_admin)
    response = client.post(f"/api/v1/imports/{batch.pk}/run-again/")  # eager here: it runs inside
    assert response.status_code == 202
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("done", 3)
    again = client.post(f"/api/v1/imports/{batch.pk}/run-again/")
    assert again.status_code == 409
    assert again.json() == {"detail": f"Import #{batch.pk} is done: nothing to run again."}
