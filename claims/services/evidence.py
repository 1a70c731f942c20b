"""Verdicts, sources and comments: the evidence a claim goes to review with."""

import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimSource, Comment, Source, Transition, Verdict
from claims.ratings import Rating
from claims.services.notify import notify_transition
from claims.services.workflow import claim_save, verdict_of

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


class EditConflict(Exception):
    """Someone saved the same thing since the editor loaded it; the message says who and what."""


def normalize_url(url: str) -> str:
    """One spelling per source: lower-case scheme and host, no default port, no fragment, no
    tracking parameters. `HTTPS://Example.org:443/a?utm_source=x#top` → `https://example.org/a`."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Give the source's full http(s) address."})
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith(_TRACKING_PARAMS)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def check_version(obj: Claim | Verdict, expected_version: int | None) -> None:
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


def _check_author_may_edit(claim: Claim, by) -> None:
    if claim.author_id != by.pk:
        raise PermissionDenied("Only the claim's author edits its evidence.")
    if not claim.is_editable:
        raise PermissionDenied(
            f"The claim is {claim.get_status_display().lower()}: its evidence is frozen while it is reviewed."
        )


@transaction.atomic
def verdict_set(
    *, claim: Claim, rating: str, rationale: str, by, expected_version: int | None = None
) -> Verdict:
    """Propose or change the claim's verdict.

    The author does this while the claim is theirs; an editor may change the verdict of an
    approved claim, which sends the claim back to review (four eyes again).
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if rating not in Rating.values:
        raise ValidationError({"rating": f"Unknown rating {rating!r}."})
    if not rationale.strip():
        raise ValidationError({"rationale": "A verdict needs its rationale."})
    reopening = claim.status == Claim.Status.APPROVED
    if reopening:
        if not by.has_perm("claims.review_claim"):
            raise PermissionDenied("Only an editor changes the verdict of an approved claim.")
    else:
        _check_author_may_edit(claim, by)
    verdict = verdict_of(claim)
    if verdict is None:
        verdict = Verdict(claim=claim, rating=rating, rationale=rationale.strip(), author=by)
        verdict._history_user = by  # type: ignore[attr-defined]  # simple-history: who  # type: ignore[attr-defined]  # simple-history: who
        verdict.save()
    else:
        verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
        check_version(verdict, expected_version)
        verdict.rating, verdict.rationale = rating, rationale.strip()
        verdict.author, verdict.approved_by, verdict.approved_at = by, None, None
        verdict.version += 1
        verdict._history_user = by  # type: ignore[attr-defined]  # simple-history: who
        verdict.save()
    if reopening:
        claim.status = Claim.Status.IN_REVIEW
        claim_save(claim, by, ["status"])
        transition = Transition.objects.create(
            claim=claim,
            action="reopen",
            from_status=Claim.Status.APPROVED,
            to_status=Claim.Status.IN_REVIEW,
            by=by,
            comment="The verdict changed: back to review.",
        )
        notify_transition(transition=transition)
    return verdict


@transaction.atomic
def source_attach(
    *,
    claim: Claim,
    url: str,
    stance: str,
    by,
    title: str = "",
    publisher: str = "",
    published_on: datetime.date | None = None,
    archived_url: str = "",
    quote: str = "",
    note: str = "",
) -> ClaimSource:
    """Attach a source to the claim; a url the desk knows reuses its source."""
    _check_author_may_edit(claim, by)
    url = normalize_url(url)
    source = Source.objects.filter(url=url).first()
    if source is None:
        if not title.strip():
            raise ValidationError({"title": "A new source needs a title."})
        source = Source(
            url=url,
            title=title.strip(),
            publisher=publisher.strip(),
            published_on=published_on,
            archived_url=archived_url.strip(),
            created_by=by,
        )
        source.full_clean()
        source.save()
    if ClaimSource.objects.filter(claim=claim, source=source).exists():
        raise ValidationError({"url": "This source is already attached to the claim."})
    link = ClaimSource(
        claim=claim, source=source, stance=stance, quote=quote.strip(), note=note.strip(), added_by=by
    )
    link.full_clean()
    link.save()
    return link


def source_detach(*, claim_source: ClaimSource, by) -> None:
    _check_author_may_edit(claim_source.claim, by)
    claim_source.delete()


def comment_add(*, claim: Claim, body: str, by) -> Comment:
    if not body.strip():
        raise ValidationError({"body": "Write something."})
    return Comment.objects.create(claim=claim, author=by, body=body.strip())
