"""A review move while the broker is down: the move succeeds, and its emails go out once when
the broker is back.

The test runs a Redis server of its own (stopped and started again on the same port), a real
worker on it with its embedded beat (the notification sweep every SWEEP seconds) and the file
email backend writing into the test's folder, and points this process's Celery app at it.
"""

import email
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from claims.models import Claim, Notification
from claims.tasks import notification_emails_sweep
from tests.factories import ready_claim
from tests.faults.conftest import FaultWorkers
from tests.worker import Worker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

SWEEP = 1  # seconds: NOTIFICATION_SWEEP_SECONDS of the worker's beat
SEND_TIMEOUT = 60  # seconds for the worker to reconnect and the sweep to send, once Redis is back
SWEEP_TASK = "claims.tasks.notification_emails_sweep"
SEPARATOR = "\n" + "-" * 79 + "\n"  # between the messages of a file-backend file


def _messages(outbox: Path) -> list[email.message.Message]:
    """Every message the file email backend wrote (a file per connection, separated messages)."""
    messages = []
    for path in sorted(outbox.iterdir()):
        for part in path.read_text().split(SEPARATOR):
            if part.strip():
                messages.append(email.message_from_string(part))
    return messages


def _sweeps_sent(log: str) -> list[int]:
    """What each notification sweep the worker ran reported sending."""
    return [
        int(n) for n in re.findall(re.escape(SWEEP_TASK) + r"\[.{36}\] succeeded in [\d.e-]+s: (\d+)", log)
    ]


def _wait(condition, timeout: float, what: str, workers: FaultWorkers, worker: Worker) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}) before {what}:\n{workers.logs()}")
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout}s: {what}\n{workers.logs()}")
        time.sleep(0.1)


def test_a_review_move_while_the_broker_is_down_succeeds_and_its_emails_go_once_when_it_is_back(
    client, fact_checker, editor, other_editor, fault_workers, private_broker, tmp_path, caplog
):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    # Two pool processes: sweeps that arrive together run at once, and each email still goes once.
    worker = fault_workers.start(
        pool="prefork",
        concurrency=2,
        beat=True,
        broker_url=private_broker.url,
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(outbox),
            "NOTIFICATION_SWEEP_SECONDS": str(SWEEP),
        },
    )
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)

    private_broker.stop()
    version = Claim.objects.values_list("version", flat=True).get(pk=claim.pk)
    response = client.post(
        reverse("claims:claim-move", args=[claim.pk]), {"action": "submit", "comment": "", "version": version}
    )

    # Queuing the emails after the commit failed (logged), and the move answers success anyway.
    assert any(
        "in on_commit()" in r.getMessage() and "Connection refused" in str(r.exc_info) for r in caplog.records
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim-detail", args=[claim.pk])
    assert "The claim is now waiting for review." in client.get(response["Location"]).content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.transitions.filter(action="submit").count() == 1
    # The reviewers' notifications exist, unsent: the email task could not be queued.
    notifications = Notification.objects.filter(claim=claim)
    assert sorted(n.recipient.username for n in notifications) == [editor.username, other_editor.username]
    assert not notifications.filter(emailed_at__isnull=False).exists()
    assert not list(outbox.iterdir())

    private_broker.start()  # the same port, empty: what was not queued is not in it
    # Beat's sweep picks them up; two more sweeps sent from here at once race it.
    notification_emails_sweep.delay()
    notification_emails_sweep.delay()
    _wait(
        lambda: not notifications.filter(emailed_at__isnull=True).exists(),
        SEND_TIMEOUT,
        "every notification emailed",
        fault_workers,
        worker,
    )
    last = notification_emails_sweep.delay()  # a second sweep, once all went: it sends nothing
    _wait(
        lambda: f"{SWEEP_TASK}[{last.id}] succeeded" in worker.log(),
        SEND_TIMEOUT,
        "the last sweep done",
        fault_workers,
        worker,
    )

    _wait(
        lambda: sum(_sweeps_sent(worker.log())) >= 2, SEND_TIMEOUT, "the sweeps logged", fault_workers, worker
    )

    messages = _messages(outbox)
    assert Counter(m["To"] for m in messages) == {editor.email: 1, other_editor.email: 1}
    assert all(claim.statement[:40] in m.get_payload() for m in messages)
    assert sum(_sweeps_sent(worker.log())) == 2  # across every sweep, two emails in all
    assert re.search(re.escape(f"{SWEEP_TASK}[{last.id}] succeeded in ") + r"[\d.e-]+s: 0\n", worker.log())
    assert Notification.objects.filter(claim=claim, emailed_at__isnull=False).count() == 2
