"""Who hears of a claim's or a fact's move through review: in the desk (unread count) and by
email."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, Fact, Notification, Transition

_MESSAGES = {
    "submit": "{by} submitted a {kind} for review: {item}",
    "approve": "{by} approved your {kind}: {item}",
    "request_changes": "{by} asked for changes to your {kind}: {item}",
    "publish": "{by} published your {kind}: {item}",
    "retract": "{by} retracted your {kind}: {item}",
    "reopen": "{by} changed the verdict of an approved {kind}, back in review: {item}",
    "correct": "{by} asked for a correction of your published {kind}: {item}",
}


def reviewers():
    """Active users who hold the reviewing permission, directly, by group or as superusers."""
    permission = Permission.objects.get(content_type__app_label="claims", codename="review_claim")
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission),
            is_active=True,
        )
        .distinct()
    )


_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def notifications_muted() -> Iterator[None]:
    """No notification inside: for bulk loads (a dossier built from a data file), which are no
    one's news."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify_transition(*, transition: Transition) -> list[Notification]:
    """Notify the people a transition concerns; the emails go once the transaction commits."""
    if _muted.get():
        return []
    # A transition is of a claim or of a fact (a constraint says so).
    item: Claim | Fact = transition.claim or transition.fact  # type: ignore[assignment]
    actor = transition.by
    if transition.action == "submit":
        recipients = list(reviewers().exclude(pk__in=[actor.pk, item.author_id]))
    elif transition.action == "reopen":  # the reviewers, and the author, whose claim it is
        recipients = list(reviewers().exclude(pk=actor.pk))
        if item.author_id != actor.pk and item.author not in recipients:
            recipients.append(item.author)
    else:
        recipients = [item.author] if item.author_id != actor.pk else []
    message = _MESSAGES[transition.action].format(
        by=actor, kind=item._meta.verbose_name, item=str(item)[:200]
    )
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, claim=transition.claim, fact=transition.fact, message=message)
            for user in recipients
        ]
    )
    if notifications:
        from claims.tasks import notification_emails_send

        ids = [n.pk for n in notifications]
        transaction.on_commit(lambda: notification_emails_send.delay(ids))
    return notifications


def notification_emails_deliver(*, notification_ids: list[int]) -> int:
    """Email each notification not emailed yet; returns how many were sent. Safe to re-run:
    a notification is claimed (emailed_at set) before its email goes."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient", "fact"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email:
            continue
        send_mail(
            subject=f"[Fact-checking desk] {notification.message[:120]}",
            message=f"{notification.message}\n\nOpen it in the desk: {settings.DESK_URL}{notification.desk_url}",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        sent += 1
    return sent


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
