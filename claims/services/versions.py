"""No lost update: a save based on an older version of a claim, verdict, fact or story is
refused, saying who changed what since (from the history simple-history keeps)."""

from django.utils import timezone

from claims.models import Claim, Fact, Story, Verdict


class EditConflict(Exception):
    """Someone saved the same thing since the editor loaded it; the message says who and what."""


def check_version(obj: Claim | Fact | Story | Verdict, expected_version: int | None) -> None:
    """Refuse a save based on an older version of `obj`, saying who changed what since."""
    if expected_version is None or obj.version == expected_version:
        return
    latest = obj.history.first()
    seen = obj.history.filter(version=expected_version).first()
    changed = sorted(latest.diff_against(seen).changed_fields) if latest and seen else []
    changed = [name for name in changed if name not in ("version", "updated_at")]
    who = latest.history_user if latest and latest.history_user else "someone"
    when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M") if latest else "meanwhile"
    what = f" (changed: {', '.join(changed)})" if changed else ""
    raise EditConflict(
        f"{who} saved this {obj._meta.verbose_name} at {when}{what} after you opened it. "
        "Your changes were not saved: reload to see theirs, then apply yours again."
    )
