"""An import batch's life: queued, leased by one run at a time, kept alive by its heartbeat,
taken over or failed when its run is gone. Every batch ends: done, failed with a reason, or
running with a live run whose heartbeat is younger than the lease.

Timings (settings, docs/operations.md): a run beats at least once per file; a batch whose
heartbeat is older than IMPORT_LEASE_SECONDS is taken over by the next delivery of its task or
by the sweeper (`import_batches_sweep`, every IMPORT_SWEEP_SECONDS from Celery beat), which
also queues batches that could not be queued (the broker was down) once the broker is back.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from articles.models import ImportBatch

logger = logging.getLogger(__name__)

# Stored on the batch in English (a record); shown translated: _(NOT_QUEUED).
NOT_QUEUED = gettext_noop(
    "Not started yet: the task queue could not be reached. The import starts by itself when the "
    "queue is back (or use “Run again”)."
)
S = ImportBatch.Status


class LeaseLost(Exception):
    """Another run took the batch over (this one gave no sign of life for longer than the lease)."""


def new_lease() -> str:
    return uuid.uuid4().hex


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def import_batch_lease(*, batch: ImportBatch, lease: str) -> bool:
    """Take the batch for the run holding `lease`: a pending batch, one this run held already
    (it is resuming after a database error), or a running one whose run has given no sign of
    life for longer than the lease (it died). A live run's batch is not taken: False."""
    now = timezone.now()
    taken = ImportBatch.objects.filter(pk=batch.pk).filter(
        Q(status=S.PENDING)
        | Q(status=S.RUNNING, lease_token=lease)
        | Q(status=S.RUNNING, heartbeat_at__lt=_stale_before())
    )
    if not taken.update(
        status=S.RUNNING,
        lease_token=lease,
        heartbeat_at=now,
        started_at=Coalesce("started_at", Value(now)),
        attempts=F("attempts") + 1,
        error="",
    ):
        return False
    batch.lease_token = lease
    return True


def import_batch_beat(*, batch: ImportBatch, **counts) -> None:
    """The run's sign of life, with its progress; raises LeaseLost if the batch was taken over."""
    if not ImportBatch.objects.filter(pk=batch.pk, lease_token=batch.lease_token, status=S.RUNNING).update(
        heartbeat_at=timezone.now(), **counts
    ):
        raise LeaseLost(f"import batch {batch.pk} was taken over by another run")


def import_batch_end(*, batch: ImportBatch, status: str, error: str = "") -> None:
    """End the run's batch, if it still holds it."""
    ImportBatch.objects.filter(pk=batch.pk, lease_token=batch.lease_token).update(
        status=status, finished_at=timezone.now(), error=error[:2000]
    )


def import_batch_enqueue(*, batch_id: int) -> bool:
    """Hand a batch to the task queue (call it after the batch is committed). A queue that
    cannot be reached is written on the batch, which the sweeper queues once it is back."""
    from articles.tasks import import_batch_run

    ImportBatch.objects.filter(pk=batch_id).update(queued_at=timezone.now())
    try:
        import_batch_run.delay(batch_id)
    except Exception as exc:  # the broker (kombu's OperationalError, a socket error, ...)
        logger.warning("import batch %s could not be queued: %r", batch_id, exc)
        ImportBatch.objects.filter(pk=batch_id, status=S.PENDING).update(queued_at=None, error=NOT_QUEUED)
        return False
    return True


def import_batch_requeue(*, batch: ImportBatch) -> bool:
    """Queue a batch again: pending (never queued, or its message lost), failed, or running
    with no live run. Files that already have an outcome are passed over. Returns whether it
    is queued now (False: done, running live, or the queue cannot be reached)."""
    again = ImportBatch.objects.filter(pk=batch.pk).filter(
        Q(status__in=[S.PENDING, S.FAILED]) | Q(status=S.RUNNING, heartbeat_at__lt=_stale_before())
    )
    if not again.exclude(source=ImportBatch.Source.COMMAND).update(status=S.PENDING, error="", attempts=0):
        return False
    return import_batch_enqueue(batch_id=batch.pk)


POLL_FIRST, POLL_LONGEST = 1, 30


def import_batch_is_stalled(*, batch: ImportBatch) -> bool:
    """Running, but its run has given no sign of life for longer than the lease."""
    return (
        batch.status == S.RUNNING and batch.heartbeat_at is not None and batch.heartbeat_at < _stale_before()
    )


def import_batch_poll_seconds(
    *, batch: ImportBatch, after: int | None = None, seen: int | None = None
) -> int | None:
    """How long the admin's progress bar waits before asking again: soon while files are read,
    longer each time nothing moved, and not at all once nothing will move by itself (finished,
    stalled, or not queued)."""
    if batch.is_finished or import_batch_is_stalled(batch=batch) or batch.error == NOT_QUEUED:
        return None
    if after is None or seen is None or seen != batch.processed_files:
        return POLL_FIRST
    return min(POLL_LONGEST, after * 2)


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _stopped_reason(batch: ImportBatch) -> str:
    progress = f"after {batch.processed_files} of {batch.total_files} files"
    if batch.source == ImportBatch.Source.COMMAND:
        return (
            f"The import command stopped before the end (killed, or its machine restarted) {progress}. "
            "What it imported is kept: run the command again (files already imported count as duplicates)."
        )
    return (
        f"The import stopped {batch.attempts} times without finishing {progress} (its worker was lost "
        "or the database unreachable). What it imported is kept: use “Run again” to continue."
    )


def import_batches_sweep() -> SweepReport:
    """Nothing stays stuck: batches whose run is gone are queued again (or failed, with the
    reason, once they have used their attempts or when no worker can resume them: a command's
    batch), and batches that never reached the queue are queued."""
    report = SweepReport()
    stale = _stale_before()
    for batch in ImportBatch.objects.filter(status=S.RUNNING, heartbeat_at__lt=stale):
        still_stale = ImportBatch.objects.filter(pk=batch.pk, status=S.RUNNING, heartbeat_at__lt=stale)
        resumable = (
            batch.source != ImportBatch.Source.COMMAND and batch.attempts < settings.IMPORT_MAX_ATTEMPTS
        )
        if resumable and still_stale.update(status=S.PENDING):
            if import_batch_enqueue(batch_id=batch.pk):
                report.requeued.append(batch.pk)
        elif not resumable and still_stale.update(
            status=S.FAILED, finished_at=timezone.now(), error=_stopped_reason(batch)
        ):
            report.failed.append(batch.pk)
    # Never queued (the broker was down), or queued so long ago that its message was lost.
    waiting = ImportBatch.objects.filter(status=S.PENDING, created_at__lt=stale).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
    )
    for batch_id in waiting.values_list("pk", flat=True):
        if import_batch_enqueue(batch_id=batch_id):
            report.requeued.append(batch_id)
    return report
