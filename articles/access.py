"""Access checks for import batches, shared by the admin and the API."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from articles.models import ImportBatch


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.add_importbatch")


def can_view_imports(user) -> bool:
    return user.is_authenticated and user.has_perm("articles.view_importbatch")


def access_import_batch(user, batch_id: int) -> ImportBatch:
    """The batch, if `user` may see import batches: 403 otherwise, 404 when there is none."""
    if not can_view_imports(user):
        raise PermissionDenied
    return get_object_or_404(ImportBatch, pk=batch_id)
