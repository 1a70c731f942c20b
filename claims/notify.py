"""Who hears of what happens to claims and facts (a move through review, a correction that
lost a claim's quote): in the desk (unread count) and by email. A notification keeps what
happened and its words, worded when read: in the desk in the reader's language, by email in
the language its recipient chose (claims/models/notification_texts.py).

Emails go at least once and, barring a crash between the mail server's answer and the commit,
once: each notification is locked while its email goes and marked sent in the same transaction;
a failed send is tried again with backoff by the periodic sweep, which also sends what a broker
outage kept from being queued.
"""

import datetime
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.models import Claim, Fact, Notification, Story, Transition
from claims.models.claim import CLOSED_STATES
from factcheck.accounts.language import user_language


def _notification(*, recipient_id: int, verb: str, item, by=None, **params) -> Notification:
    """An unsaved notification to `recipient_id` of `verb` on `item` (a claim, fact or story):
    its varying words kept to be worded when read, and `message` worded in the site's
    language."""
    params = {"item": _name(item), **({"by": str(by)} if by is not None else {}), **params}
    notification = Notification(recipient_id=recipient_id, verb=verb, params=params, **_subject(item))
    with translation.override(settings.LANGUAGE_CODE):
        notification.message = notification.text()[:500]
    return notification


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


def _name(item) -> str:
    """A claim's or a fact's statement (a story's title) as a notification quotes it: at most
    20 words, cut between two words with an ellipsis."""
    return Truncator(getattr(item, "statement", None) or str(item)).words(20, truncate="…")


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
    requested = item.requested_reviewer_id if transition.action == "submit" else None
    notifications = Notification.objects.bulk_create(
        [
            _notification(
                recipient_id=user.pk,
                verb="review_requested" if user.pk == requested else transition.action,
                item=item,
                by=actor,
            )
            for user in recipients
        ]
    )
    _email_after_commit(notifications)
    return notifications


def _email_after_commit(notifications: list[Notification]) -> None:
    if not notifications:
        return
    from claims.tasks import notification_emails_send

    ids = [n.pk for n in notifications]
    # robust: a broker that is down must not turn the committed move into an error; the
    # periodic sweep sends these once it is back.
    transaction.on_commit(lambda: notification_emails_send.delay(ids), robust=True)


def notify_orphaned(*, claims: list[Claim], by) -> list[Notification]:
    """A correction of an article's body lost the quote of claims under review or published:
    their authors and the reviewers hear of it (the claims must be re-attached before the
    story's next dossier revision)."""
    if _muted.get() or not claims:
        return []
    editors = list(reviewers().exclude(pk=by.pk))
    notifications = []
    for claim in claims:
        recipients = {user.pk for user in editors}
        if claim.author_id != by.pk:
            recipients.add(claim.author_id)
        notifications += [
            _notification(recipient_id=pk, verb="orphaned", item=claim, by=by, status=claim.status)
            for pk in sorted(recipients)
        ]
    created = Notification.objects.bulk_create(notifications)
    _email_after_commit(created)
    return created


Assigned = Claim | Fact | Story


def _subject(item: Assigned) -> dict:
    """The notification's link to the item: its claim, fact or story."""
    return {type(item).__name__.lower(): item}


def notify_assigned(*, item: Assigned, by) -> Notification | None:
    """Tell the new assignee (unless they assigned themselves)."""
    if _muted.get() or item.assignee_id is None or item.assignee_id == by.pk:
        return None
    if item.due_on:
        notification = _notification(
            recipient_id=item.assignee_id, verb="assigned_due", item=item, by=by, due=item.due_on.isoformat()
        )
    else:
        notification = _notification(recipient_id=item.assignee_id, verb="assigned", item=item, by=by)
    notification.save()
    _email_after_commit([notification])
    return notification


def _due_items(today: datetime.date) -> list[QuerySet]:
    """The assigned claims, facts and stories due by `today` not told yet (open work only)."""
    due = Q(assignee__isnull=False, due_on__lte=today, due_notified_on__isnull=True)
    return [
        Claim.objects.filter(due).exclude(status__in=CLOSED_STATES).order_by("pk"),
        Fact.objects.filter(due).exclude(status__in=CLOSED_STATES).order_by("pk"),
        Story.objects.filter(due).order_by("pk"),
    ]


@transaction.atomic
def assignments_due_notify(*, today: datetime.date | None = None, limit: int = 500) -> int:
    """Tell each assignee once that their item is due (today, or already overdue): the
    periodic sweep's part. A conditional update claims each item first, so two sweeps at once
    send one notification. Returns how many were sent."""
    today = today or timezone.localdate()
    sent: list[Notification] = []
    for items in _due_items(today):
        for item in items[:limit]:
            claimed = (
                type(item)
                .objects.filter(pk=item.pk, due_notified_on__isnull=True)
                .update(due_notified_on=item.due_on)
            )
            if not claimed or _muted.get():
                continue
            verb = "due_today" if item.due_on == today else "overdue"
            sent.append(
                _notification(
                    recipient_id=item.assignee_id, verb=verb, item=item, due=item.due_on.isoformat()
                )
            )
    created = Notification.objects.bulk_create(sent)
    _email_after_commit(created)
    return len(created)


def _due_emails() -> QuerySet[Notification]:
    now = timezone.now()
    return Notification.objects.filter(
        emailed_at__isnull=True, email_attempts__lt=settings.NOTIFICATION_EMAIL_ATTEMPTS
    ).filter(Q(email_next_at__isnull=True) | Q(email_next_at__lte=now))


def notification_emails_deliver(*, notification_ids: list[int] | None = None, limit: int = 200) -> int:
    """Email the given notifications (or, without ids, every one that is due) not emailed yet;
    returns how many were sent. Safe to run at once in several workers and to run again."""
    due = _due_emails()
    if notification_ids is not None:
        due = due.filter(pk__in=notification_ids)
    return sum(_deliver_one(pk) for pk in list(due.order_by("pk").values_list("pk", flat=True)[:limit]))


@transaction.atomic
def _deliver_one(pk: int) -> bool:
    notification = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient__language_preference", "story")
        .filter(pk=pk, emailed_at__isnull=True)
        .first()
    )
    if notification is None:  # sent meanwhile, or being sent by another worker
        return False
    sent = False
    if notification.recipient.email:
        try:
            subject, body = _email(notification)
            send_mail(
                subject=subject, message=body, from_email=None, recipient_list=[notification.recipient.email]
            )
        except (OSError, smtplib.SMTPException) as exc:
            notification.email_attempts += 1
            backoff = 60 * 2 ** min(notification.email_attempts, 8)
            notification.email_next_at = timezone.now() + datetime.timedelta(seconds=backoff)
            notification.email_error = repr(exc)[:500]
            notification.save(update_fields=["email_attempts", "email_next_at", "email_error"])
            return False
        sent = True
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return sent


def _email(notification: Notification) -> tuple[str, str]:
    """The email's subject and body, in the language its recipient chose (else the site's)."""
    with translation.override(user_language(notification.recipient)):
        text = notification.text()
        subject = _("[Fact-checking desk] %(subject)s") % {
            "subject": Truncator(text).chars(120, truncate="…")
        }
        body = _("%(notification)s\n\nOpen it in the desk: %(url)s") % {
            "notification": text,
            "url": f"{settings.DESK_URL}{notification.desk_url}",
        }
    return subject, body


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
