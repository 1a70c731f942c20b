from claims.models import Notification
from claims.review.selectors import lazy_header_counts


def unread_notifications(request) -> dict:
    """The unread count in the desk's navigation (one query, logged-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}


def work_counts(request) -> dict:
    """The header's "assigned to me" and "waiting for my review" counts
    (templates/claims/review/_partials/work_counts.html): one query, and only on a page that
    shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_counts": lazy_header_counts(user)}
