"""Reviewers hear of a submission and authors of the outcome, in the desk and by email; the
emails go through a Celery task, run in-process here and by a real worker on the real broker."""

import re
import time

import pytest
from django.core import mail

from claims.models import Notification
from claims.review.workflow import review_transition
from tests.factories import ready_claim

TASK = "claims.tasks.notification_emails_send"


@pytest.mark.django_db
def test_reviewers_hear_of_a_submission_and_the_author_of_the_outcome(
    fact_checker, editor, other_editor, superuser, django_capture_on_commit_callbacks
):
    claim = ready_claim(fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=fact_checker)
    reviewers = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reviewers == {"ed1", "ed2", "root"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ed1@desk.example",
        "ed2@desk.example",
        "root@desk.example",
    ]
    assert "fc1 submitted a claim for review" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/claims/{claim.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="request_changes", by=editor, comment="Add a source.")
    note = Notification.objects.filter(recipient=fact_checker).get()
    assert note.message.startswith("ed1 asked for changes to your claim")
    assert mail.outbox[-1].to == ["fc1@desk.example"]


@pytest.mark.django_db
def test_email_task_sends_each_notification_once(
    fact_checker, editor, other_editor, superuser, django_capture_on_commit_callbacks
):
    from claims.tasks import notification_emails_send

    claim = ready_claim(fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=fact_checker)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert len(ids) == 3  # the reviewers', each emailed once already
    sent_before = len(mail.outbox)
    assert notification_emails_send.apply(args=[ids]).get() == 0
    assert len(mail.outbox) == sent_before


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_submission_emails_the_reviewers_through_the_worker(fact_checker, editor, celery_worker):
    claim = ready_claim(fact_checker)

    review_transition(item=claim, action="submit", by=fact_checker)  # commits: the task is queued

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


def test_a_long_statement_is_cut_at_a_word_with_an_ellipsis(db, fact_checker, editor):
    from claims.models import Notification
    from claims.review.workflow import review_transition
    from tests.factories import ready_claim

    statement = "Meta " + " ".join(f"parameter{n}" for n in range(40)) + "."
    claim = ready_claim(fact_checker, statement=statement)
    review_transition(item=claim, action="submit", by=fact_checker)
    message = Notification.objects.get(recipient=editor).message
    assert message.endswith("parameter18…")
    assert "parameter19" not in message
