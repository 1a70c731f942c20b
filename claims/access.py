"""Who may touch what: one helper per object (claims, stories, facts) that raises 404 or 403,
used by the desk views, the API and the admin alike. Four-eyes and state rules live in the
services."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.access import can_edit_article
from claims.models import Claim, Fact, Story


def can_read_claims(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.view_claim")


def can_create_claims(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.add_claim")


def _id(value: int | str) -> int:
    """An object id from a url or a request; anything else is no such object (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such object.") from None


def slug_or_404(value: str) -> str:
    """A story's address from a url; one that can be no story's (a NUL byte, which PostgreSQL
    refuses in a query) is no such story (404)."""
    if "\x00" in value:
        raise Http404("No such story.")
    return value


def access_claim(user, claim_id: int | str, *, for_write: bool = False) -> Claim:
    """The claim; writing it needs its author, while the claim is a draft or sent back."""
    if not can_read_claims(user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    claim = get_object_or_404(Claim.objects.select_related("article", "author", "fact"), pk=_id(claim_id))
    if for_write:
        if not claim.is_editable:
            raise PermissionDenied(_("Only a draft, or a claim sent back to its author, can be edited."))
        if claim.author_id != user.pk:
            raise PermissionDenied(_("Only the claim's author edits a draft."))
    return claim


def can_reattach(user, claim: Claim) -> bool:
    """An orphaned claim is re-attached by its author, or by an editor who corrects articles
    (usually the one whose correction orphaned it)."""
    return (claim.author_id == user.pk and claim.is_editable) or can_edit_article(user)


def access_claim_for_reattach(user, claim_id: int | str) -> Claim:
    claim = access_claim(user, claim_id)
    if not can_reattach(user, claim):
        raise PermissionDenied(_("Only the claim's author or an editor re-attaches it."))
    return claim


def can_read_stories(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.view_story")


def can_compose(user) -> bool:
    """Editors compose stories and their facts."""
    return user.is_authenticated and user.has_perm("claims.change_fact")


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.publish_story")


def check_story_reader(user) -> None:
    if not can_read_stories(user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))


def access_story(user, slug: str, *, queryset: QuerySet[Story] | None = None) -> Story:
    """The story, for a desk user who may read stories (the services check who may change it);
    `queryset` says what to fetch with it."""
    check_story_reader(user)
    if queryset is None:
        queryset = Story.objects.select_related("lead_editor")
    return get_object_or_404(queryset, slug=slug_or_404(slug))


def access_fact(user, fact_id: int | str, *, queryset: QuerySet[Fact] | None = None) -> Fact:
    """The fact, for a desk user who may read stories (the services check who may change it);
    `queryset` says what to fetch with it."""
    check_story_reader(user)
    if queryset is None:
        queryset = Fact.objects.select_related("story", "author", "approved_by")
    return get_object_or_404(queryset, pk=_id(fact_id))
