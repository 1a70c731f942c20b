"""No lost update, for every model with a `version` column: one conflict exception, one check
of the version an editor saw, one save that bumps it.

A save based on an older version is refused, saying who changed what since (from the history
django-simple-history keeps, where the model has one).
"""

import datetime
from dataclasses import dataclass

from django.db import models
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


def versioned_save(obj: models.Model, *, by, fields: list[str]) -> None:
    """Save `fields` of a row locked by the caller, bumping its version; its history (if it
    keeps one) records `by` as the author, also outside a request."""
    obj.version += 1  # type: ignore[attr-defined]
    obj._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    update = [*fields, "version"]
    if any(field.name == "updated_at" for field in obj._meta.get_fields()):
        update.append("updated_at")
    obj.save(update_fields=update)
