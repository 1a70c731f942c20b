from celery import shared_task

from claims.notify import assignments_due_notify, notification_emails_deliver


@shared_task(acks_late=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email the given notifications not emailed yet (a failed send is retried by the sweep)."""
    return notification_emails_deliver(notification_ids=notification_ids)


@shared_task
def notification_emails_sweep() -> int:
    """Periodic (Celery beat): tell assignees of the items due today or overdue (once per due
    date), then send the emails that are due (never queued, or failed before)."""
    assignments_due_notify()
    return notification_emails_deliver()
