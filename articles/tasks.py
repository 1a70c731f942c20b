from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from articles.models import ImportBatch
from articles.services.batches import LeaseLost, import_batches_sweep, new_lease
from articles.services.import_ import import_batch_run_uploads


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def import_batch_run(self, batch_id: int, lease: str = "") -> None:
    """Process an uploaded import batch; safe to run twice (finished files are passed over).

    A worker lost mid-task (a killed pool child) hands the message back to the queue; a copy
    that finds the batch held by a live run waits a lease and looks again, rather than being
    dropped; a database that is down is retried with backoff, as the same run (its lease).
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return
    lease = lease or new_lease()
    try:
        taken = import_batch_run_uploads(batch=batch, lease=lease)
    except LeaseLost:
        return  # another run has it now
    except (OperationalError, InterfaceError) as exc:
        if self.request.retries >= settings.IMPORT_DATABASE_RETRIES:
            raise  # the sweeper takes over (or fails) the batch once its lease is out
        countdown = min(300, 5 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown, args=[batch_id], kwargs={"lease": lease}) from exc
    if not taken and not self.request.is_eager:
        raise self.retry(countdown=settings.IMPORT_LEASE_SECONDS)


@shared_task
def import_batches_sweep_run() -> dict:
    """Periodic (Celery beat): batches whose run is gone are resumed or failed; batches that
    never reached the queue are queued."""
    report = import_batches_sweep()
    return {"requeued": report.requeued, "failed": report.failed}
