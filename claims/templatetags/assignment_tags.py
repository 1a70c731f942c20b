"""The assign form and the reviewer select, for the pages that include their partials
(templates/claims/review/_partials/assign_form.html, reviewer_select.html)."""

from django import template

from claims.notify import reviewers
from claims.review.assignment import can_assign, can_assign_any, desk_users
from claims.review.forms import AssignForm
from claims.review.workflow import authors_of

register = template.Library()


@register.simple_tag(takes_context=True)
def assign_form_for(context, item) -> AssignForm | None:
    """The assign form of `item` for the user of the page, if they may assign it."""
    request = context.get("request")
    if request is None or not can_assign(request.user, item):
        return None
    initial = {"assignee": item.assignee_id, "due_on": item.due_on}
    users = desk_users()
    if not can_assign_any(request.user):  # a fact-checker takes their own draft, or gives it up
        users = users.filter(pk=request.user.pk)
    return AssignForm(initial=initial, users=users)


@register.simple_tag
def reviewer_choices(item) -> list:
    """Who a submission of `item` may ask to review it: reviewers, never its authors."""
    return list(reviewers().exclude(pk__in=authors_of(item)).order_by("username"))


@register.filter
def assign_kind(item) -> str:
    """ "claim", "fact" or "story": the kind in the assign view's address."""
    return item._meta.model_name


@register.simple_tag(takes_context=True)
def list_assign_choices(context, item) -> list | None:
    """Who `item` may go to from a list's compact assign control, or None when the user of the
    page may not assign it. The desk's people are read once per page, whatever the list's
    length (a form field would read them again for every item): the list's filter form has
    them already."""
    request = context.get("request")
    if request is None or not can_assign(request.user, item):
        return None
    if not hasattr(request, "_desk_users_for_lists"):
        filter_form = context.get("filter_form")
        users = getattr(filter_form, "desk_users", None)
        request._desk_users_for_lists = (
            users if users is not None else list(desk_users().only("pk", "username"))
        )
    if can_assign_any(request.user):
        return request._desk_users_for_lists
    return [user for user in request._desk_users_for_lists if user.pk == request.user.pk]
