"""No lost update, for every model with a `version` column: one conflict exception, one check
of the version an editor saw, one save that bumps it.

A save based on an older version is refused, saying who changed what since (from the history
django-simple-history keeps, where the model has one).
"""

from django.db import models
from django.utils import timezone


class EditConflict(Exception):
    """Someone saved the same thing since the editor loaded it; the message says who and what."""


def _changed_since(obj: models.Model, expected_version: int) -> tuple[str, str, list[str]]:
    """Who saved `obj` last, when, and which fields changed since `expected_version`."""
    history = getattr(obj, "history", None)
    latest = history.first() if history is not None else None
    if latest is None:
        saved_at = getattr(obj, "updated_at", None)
        return "someone", f"{timezone.localtime(saved_at):%Y-%m-%d %H:%M}" if saved_at else "meanwhile", []
    seen = history.filter(version=expected_version).first()  # type: ignore[union-attr]
    changed = sorted(latest.diff_against(seen).changed_fields) if seen else []
    who = str(latest.history_user) if latest.history_user else "someone"
    when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M")
    return who, when, [name for name in changed if name not in ("version", "updated_at")]


def check_version(obj: models.Model, expected_version: int | None) -> None:
    """Refuse a save based on an older version of `obj`, saying who changed what since."""
    if expected_version is None or obj.version == expected_version:  # type: ignore[attr-defined]
        return
    who, when, changed = _changed_since(obj, expected_version)
    what = f" (changed: {', '.join(changed)})" if changed else ""
    raise EditConflict(
        f"{who} saved this {obj._meta.verbose_name} at {when}{what} after you opened it. "
        "Your changes were not saved: reload to see theirs, then apply yours again."
    )


def versioned_save(obj: models.Model, *, by, fields: list[str]) -> None:
    """Save `fields` of a row locked by the caller, bumping its version; its history (if it
    keeps one) records `by` as the author, also outside a request."""
    obj.version += 1  # type: ignore[attr-defined]
    obj._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    update = [*fields, "version"]
    if any(field.name == "updated_at" for field in obj._meta.get_fields()):
        update.append("updated_at")
    obj.save(update_fields=update)
