"""Notification emails go at least once and once: a failed send is tried again later (with
backoff) by the periodic sweep, which also sends what a broker outage kept from the queue; a
notification already emailed is never emailed again."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from claims.models import Notification
from claims.review.workflow import review_transition
from claims.tasks import notification_emails_send, notification_emails_sweep
from tests.factories import ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(fact_checker, editor, other_editor, settings, django_capture_on_commit_callbacks):
    """A claim submitted while the mail server is down: two reviewers to tell."""
    settings.EMAIL_BACKEND = "tests.mail.UnreachableBackend"
    with django_capture_on_commit_callbacks(execute=True):
        review_transition(item=ready_claim(fact_checker), action="submit", by=fact_checker)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return Notification.objects.order_by("pk")


def test_a_failed_email_is_kept_with_its_error_and_tried_again_later(submitted):
    assert submitted.count() == 2
    for note in submitted:
        assert note.emailed_at is None
        assert note.email_attempts == 1
        assert note.email_next_at > timezone.now()
        assert "SMTPServerDisconnected" in note.email_error
    assert notification_emails_sweep.apply().get() == 0  # not due yet: backoff
    assert mail.outbox == []


def test_the_sweep_sends_each_due_email_once(submitted):
    submitted.update(email_next_at=timezone.now() - datetime.timedelta(seconds=1))
    assert notification_emails_sweep.apply().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ed1@desk.example", "ed2@desk.example"]
    assert all(note.emailed_at for note in submitted)
    assert notification_emails_sweep.apply().get() == 0
    assert notification_emails_send.apply(args=[[n.pk for n in submitted]]).get() == 0
    assert len(mail.outbox) == 2


def test_an_email_that_keeps_failing_is_given_up_after_its_attempts(submitted, settings):
    submitted.update(email_attempts=settings.NOTIFICATION_EMAIL_ATTEMPTS, email_next_at=None)
    assert notification_emails_sweep.apply().get() == 0
    assert mail.outbox == []


def test_a_review_move_succeeds_when_the_broker_is_down_and_its_emails_go_later(
    client, fact_checker, editor, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(notification_emails_send, "delay", refuse)
    claim = ready_claim(fact_checker)
    client.force_login(fact_checker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/claims/{claim.pk}/move/", {"action": "submit", "version": claim.version, "comment": ""}
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "in_review"
    note = Notification.objects.get()
    assert (note.recipient, note.emailed_at) == (editor, None)

    monkeypatch.undo()  # the broker is back: the periodic sweep sends it
    assert notification_emails_sweep.apply().get() == 1
    assert [m.to for m in mail.outbox] == [["ed1@desk.example"]]
