"""No lost update, for every model with a `version` column: one conflict exception, one check
of the version an editor saw, one save that bumps it.

A save based on an older version is refused, saying who changed what since (from the history
django-simple-history keeps, where the model has one).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone saved the same thing since the editor loaded it; the message says who and what."""


@dataclass(frozen=True)
class LastChange:
    """Who changed a row last, when and what, as the caller knows it (for a model without a
    history, e.g. an article whose body corrections are kept apart)."""

    who: str
    when: datetime.datetime
    what: str = ""  # what changed, e.g. "body" or "statement, claimant"


def _changed_since(obj: models.Model, expected_version: int) -> LastChange:
    """Who saved `obj` last, when, and which fields changed since `expected_version`."""
    history = getattr(obj, "history", None)
    latest = history.first() if history is not None else None
    if latest is None:
        return LastChange(_("someone"), getattr(obj, "updated_at", None) or timezone.now())
    seen = history.filter(version=expected_version).first()  # type: ignore[union-attr]
    changed = sorted(latest.diff_against(seen).changed_fields) if seen else []
    names = [
        str(getattr(obj._meta.get_field(name), "verbose_name", name))
        for name in changed
        if name not in ("version", "updated_at")
    ]
    who = str(latest.history_user) if latest.history_user else _("someone")
    return LastChange(who, latest.history_date, ", ".join(names))


def check_version(obj: models.Model, expected_version: int | None, *, last_change=None) -> None:
    """Refuse a save based on an older version of `obj`, saying who changed what since: from its
    history, or `last_change` (a `LastChange`, or a callable returning one) from the caller."""
    if expected_version is None or obj.version == expected_version:  # type: ignore[attr-defined]
        return
    change = (last_change() if callable(last_change) else last_change) or _changed_since(
        obj, expected_version
    )
    values = {
        "who": change.who,
        "kind": obj._meta.verbose_name,
        "what": change.what,
        "when": f"{timezone.localtime(change.when):%Y-%m-%d %H:%M}",
    }
    if change.what:
        message = (
            _("%(who)s saved this %(kind)s at %(when)s (changed: %(what)s) after you opened it.") % values
        )
    else:
        message = _("%(who)s saved this %(kind)s at %(when)s after you opened it.") % values
    raise EditConflict(
        message + " " + _("Your changes were not saved: reload to see theirs, then apply yours again.")
    )


def _has_updated_at(model: type[models.Model]) -> bool:
    return any(field.name == "updated_at" for field in model._meta.get_fields())


def versioned_save(obj: models.Model, *, by, fields: list[str]) -> None:
    """Save `fields` of a row locked by the caller, bumping its version; its history (if it
    keeps one) records `by` as the author, also outside a request."""
    obj.version += 1  # type: ignore[attr-defined]
    obj._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    update = [*fields, "version"]
    if _has_updated_at(type(obj)):
        update.append("updated_at")
    obj.save(update_fields=update)


def bulk_set(objs: Sequence[models.Model], *, by, values: dict[str, Any]) -> None:
    """Set the same `values` on many rows of one model (and `updated_at`, which an update does not
    touch by itself): one UPDATE and, where the model keeps a history, one INSERT of a history
    row each, by `by`, whatever their number."""
    _bulk_set(objs, by=by, values=values, bump=False)


def versioned_bulk_set(objs: Sequence[models.Model], *, by, values: dict[str, Any]) -> None:
    """`bulk_set` for rows locked by the caller, bumping each one's version as `versioned_save`
    does."""
    _bulk_set(objs, by=by, values=values, bump=True)


def _bulk_set(objs: Sequence[models.Model], *, by, values: dict[str, Any], bump: bool) -> None:
    if not objs:
        return
    model = type(objs[0])
    now = timezone.now()
    if _has_updated_at(model):
        values = {**values, "updated_at": now}
    for obj in objs:
        for name, value in values.items():
            setattr(obj, name, value)
        if bump:
            obj.version += 1  # type: ignore[attr-defined]
        obj._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    update = {**values, "version": F("version") + 1} if bump else values
    model._default_manager.filter(pk__in=[obj.pk for obj in objs]).update(**update)
    history = getattr(model, "history", None)
    if history is not None:
        history.bulk_history_create(objs, update=True, default_user=by, default_date=now)
