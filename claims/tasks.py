from celery import shared_task

from claims.notify import notification_emails_deliver


@shared_task(acks_late=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email the given notifications not emailed yet (a failed send is retried by the sweep)."""
    return notification_emails_deliver(notification_ids=notification_ids)


@shared_task
def notification_emails_sweep() -> int:
    """Periodic (Celery beat): send the emails that are due (never queued, or failed before)."""
    return notification_emails_deliver()
