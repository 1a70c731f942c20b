"""The notification emails go through a real Celery worker on the real broker (CI)."""

import re
import time

import pytest

from claims.models import Notification
from claims.review.workflow import review_transition
from claims.roles import EDITOR, FACT_CHECKER
from tests.factories import ready_claim, user_in_role

TASK = "claims.tasks.notification_emails_send"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_submission_emails_the_reviewers_through_the_worker(celery_worker):
    checker = user_in_role("fc1", FACT_CHECKER)
    user_in_role("ed1", EDITOR)
    claim = ready_claim(checker)

    review_transition(item=claim, action="submit", by=checker)  # commits: the task is queued

    deadline = time.monotonic() + 60
    while Notification.objects.filter(emailed_at__isnull=True).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the worker did not send the notification:\n{celery_worker.log()}")
        time.sleep(0.2)
    received = celery_worker.wait_for(
        re.escape(f"Task {TASK}[") + r"([0-9a-f-]{36})\] received", 30, "the task"
    )
    celery_worker.wait_for(re.escape(f"Task {TASK}[{received.group(1)}] succeeded"), 30, "its success")
    # The console email backend writes the email in the worker's own output.
    assert "To: ed1@desk.example" in celery_worker.log()
    assert Notification.objects.get().recipient.username == "ed1"
