"""Access checks for articles and import batches, shared by the desk, the admin and the API."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.models import Article, ImportBatch


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.add_importbatch")


def can_view_imports(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.view_importbatch")


def can_read_articles(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.view_article")


def _id(value: int | str) -> int:
    """An object id from a url or a request; anything else is no such object (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such object.") from None


def access_import_batch(user, batch_id: int | str) -> ImportBatch:
    """The batch, if `user` may see import batches: 403 otherwise, 404 when there is none."""
    if not can_view_imports(user):
        raise PermissionDenied
    return get_object_or_404(ImportBatch, pk=_id(batch_id))


def can_edit_article(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.change_article")


def access_article(user, article_id: int | str, *, for_write: bool = False) -> Article:
    """The article for a desk user who may read articles; writing it needs the right too."""
    if not can_read_articles(user):
        raise PermissionDenied(_("Your account has no role on the desk yet: ask an admin."))
    article = get_object_or_404(Article.objects.select_related("outlet", "import_batch"), pk=_id(article_id))
    if for_write and not can_edit_article(user):
        raise PermissionDenied(_("You may read this article but not correct it."))
    return article


def can_add_outlet(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.add_outlet")


def can_change_outlet(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.change_outlet")
