from celery import shared_task

from claims.review.notify import notification_emails_deliver


@shared_task(acks_late=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email the given notifications (each at most once, however often this runs)."""
    return notification_emails_deliver(notification_ids=notification_ids)
