"""Resume or fail import batches whose run is gone, queue those that never reached the task
queue, tell assignees of their items due today or overdue (once), and send the notification
emails that are due: what Celery beat does every minute, once.

`make run` calls it before serving (the embedded mode runs no beat); run it by hand after an
outage if beat is not running.
"""

from django.core.management.base import BaseCommand

from articles.services.batches import import_batches_sweep
from claims.notify import assignments_due_notify, notification_emails_deliver


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        report = import_batches_sweep()
        due = assignments_due_notify()
        sent = notification_emails_deliver()
        self.stdout.write(
            f"Import batches: {len(report.requeued)} queued again, {len(report.failed)} failed. "
            f"Due assignments: {due} notified. Notification emails: {sent} sent."
        )
