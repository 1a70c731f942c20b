"""Who may do what with claims: one helper per object, used by desk views and the API alike."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from articles.models import Article
from claims.models import Claim


def can_create_claims(user) -> bool:
    return user.is_authenticated and user.has_perm("claims.add_claim")


def can_edit_article(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.change_article")


def access_article(user, article_id: int, *, for_write: bool = False) -> Article:
    """The article for a logged-in desk user; writing its metadata or body needs the right."""
    if not user.is_authenticated:
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("outlet", "import_batch"), pk=article_id)
    if for_write and not can_edit_article(user):
        raise PermissionDenied("You may read this article but not correct it.")
    return article


def access_claim(user, claim_id: int, *, for_write: bool = False) -> Claim:
    """The claim; writing it needs its author (only drafts are edited) or the change right."""
    if not user.is_authenticated:
        raise PermissionDenied
    claim = get_object_or_404(Claim.objects.select_related("article", "author"), pk=claim_id)
    if for_write:
        if not claim.is_editable:
            raise PermissionDenied("Only a draft claim can be edited.")
        if claim.author_id != user.pk:
            raise PermissionDenied("Only the claim's author edits a draft.")
    return claim
