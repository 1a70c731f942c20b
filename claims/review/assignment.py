"""Who works on a claim, a fact or a story next, and by when.

Who may assign (kept simple on purpose):
- an editor or an admin (the reviewing permission) assigns anything to anyone with a desk role,
  with or without a due date, and takes an assignment away;
- anyone else with a desk role (a fact-checker) may only take their own draft (or their claim
  sent back to them) for themselves, or give it up: assignee themselves or nobody.

The assignee hears of it (claims/notify.py); the periodic sweep tells them once when the item is
due (today or overdue). A new due date, or a new assignee, resets that "due" notice.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from claims.models import Claim, Fact, Story
from claims.notify import notify_assigned

Assignable = Claim | Fact | Story


def desk_users() -> QuerySet:
    """Active users with a role on the desk (who can read claims): the people work goes to."""
    by_group = Q(
        groups__permissions__codename="view_claim", groups__permissions__content_type__app_label="claims"
    )
    own = Q(user_permissions__codename="view_claim", user_permissions__content_type__app_label="claims")
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | by_group | own, is_active=True)
        .distinct()
        .order_by("username")
    )


def can_assign_any(user) -> bool:
    """Editors and admins assign anything to anyone."""
    return user.is_authenticated and user.has_perm("claims.review_claim")


def can_assign(user, item: Assignable) -> bool:
    """Whether `user` may change the assignment of `item` at all (the assign form is shown)."""
    if can_assign_any(user):
        return True
    return (
        user.is_authenticated
        and isinstance(item, Claim | Fact)
        and item.author_id == user.pk
        and item.is_editable
        and user.has_perm("claims.view_claim")
    )


def _check(item: Assignable, assignee, by) -> None:
    if not can_assign(by, item):
        raise PermissionDenied(_("Only an editor assigns this; you may take your own drafts."))
    if not can_assign_any(by) and assignee is not None and assignee.pk != by.pk:
        raise PermissionDenied(_("You may assign your own drafts to yourself only: ask an editor."))
    if assignee is not None and not desk_users().filter(pk=assignee.pk).exists():
        raise ValidationError(
            _("%(user)s has no role on the desk: work cannot go to them.") % {"user": assignee}
        )


@transaction.atomic
def assignment_set(*, item: Assignable, assignee, due_on: datetime.date | None, by) -> Assignable:
    """Give `item` to `assignee` (or to nobody) with an optional due date; the new assignee
    hears of it. Returns the item, saved."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    _check(item, assignee, by)
    new_assignee = (assignee.pk if assignee else None) != item.assignee_id
    if not new_assignee and due_on == item.due_on:
        return item
    item.assignee, item.due_on = assignee, due_on
    item.due_notified_on = None  # the new due date (or assignee) gets its own "due" notice
    item._history_user = by  # type: ignore[union-attr]  # simple-history: who
    item.save(update_fields=["assignee", "due_on", "due_notified_on", "updated_at"])
    if new_assignee or due_on:
        notify_assigned(item=item, by=by)
    return item


# The name the brief and the work list use.
assign = assignment_set
