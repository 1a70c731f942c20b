from claims.models import Notification


def unread_notifications(request) -> dict:
    """The unread count in the desk's navigation (one query, logged-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
