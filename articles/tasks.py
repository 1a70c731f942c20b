from celery import shared_task

from articles.models import ImportBatch
from articles.services.import_ import import_batch_run_uploads


@shared_task(acks_late=True)
def import_batch_run(batch_id: int) -> None:
    """Process an uploaded import batch; safe to run twice (finished files are passed over)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        import_batch_run_uploads(batch=batch)
