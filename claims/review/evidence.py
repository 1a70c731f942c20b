"""Verdicts, sources and comments: the evidence a claim goes to review with."""

import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimSource, Comment, Source, Verdict
from claims.ratings import Rating
from claims.review.workflow import review_transition, verdict_of
from factcheck.versioning import EditConflict, check_version, versioned_save

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def normalize_url(url: str) -> str:
    """One spelling per source: lower-case scheme and host, no default port, no fragment, no
    tracking parameters. `HTTPS://Example.org:443/a?utm_source=x#top` → `https://example.org/a`."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give the source's full http(s) address.")})
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


def _check_author_may_edit(claim: Claim, by) -> None:
    if claim.author_id != by.pk:
        raise PermissionDenied(_("Only the claim's author edits its evidence."))
    if not claim.is_editable:
        raise PermissionDenied(
            _("The claim is %(status)s: its evidence is frozen while it is reviewed.")
            % {"status": claim.get_status_display().lower()}
        )


@transaction.atomic
def verdict_set(
    *, claim: Claim, rating: str, rationale: str, by, expected_version: int | None = None
) -> Verdict:
    """Propose or change the claim's verdict.

    The author does this while the claim is theirs; an editor may change the verdict of an
    approved claim, which sends the claim back to review (four eyes again). `expected_version`
    is the verdict's version the editor saw (None: they saw no verdict).
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Unknown rating %(rating)r.") % {"rating": rating}})
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError({"rationale": _("A verdict needs its rationale.")})
    reopening = claim.status == Claim.Status.APPROVED
    if reopening:
        if not by.has_perm("claims.review_claim"):
            raise PermissionDenied(_("Only an editor changes the verdict of an approved claim."))
    else:
        _check_author_may_edit(claim, by)
    verdict = verdict_of(claim)
    if verdict is None:
        if expected_version:
            raise EditConflict(_("The verdict you changed no longer exists: reload the claim."))
        verdict = Verdict(claim=claim, rating=rating, rationale=rationale, author=by)
    else:
        verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
        if expected_version is None:
            raise EditConflict(
                _("%(user)s proposed a verdict after you opened the claim: reload to see it.")
                % {"user": verdict.author}
            )
        check_version(verdict, expected_version)
        if (verdict.rating, verdict.rationale) == (rating, rationale):
            raise ValidationError({"rationale": _("Nothing changed in the verdict.")})
        verdict.rating, verdict.rationale = rating, rationale
        verdict.author, verdict.approved_by, verdict.approved_at = by, None, None
        verdict.version += 1
    verdict._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    verdict.save()
    if reopening:
        review_transition(item=claim, action="reopen", by=by, comment="The verdict changed: back to review.")
    else:
        versioned_save(claim, by=by, fields=[])  # the evidence changed: so did the claim a reviewer sees
    return verdict


def source_for_url(
    url: str,
    *,
    by,
    title: str = "",
    publisher: str = "",
    published_on: datetime.date | None = None,
    archived_url: str = "",
) -> Source:
    """The source the desk knows at this (normalized) url, or a new one with these details."""
    url = normalize_url(url)
    source = Source.objects.filter(url=url).first()
    if source is not None:
        return source
    if not title.strip():
        raise ValidationError({"title": _("A new source needs a title.")})
    candidate = Source(
        url=url,
        title=title.strip(),
        publisher=publisher.strip(),
        published_on=published_on,
        archived_url=archived_url.strip(),
        created_by=by,
    )
    candidate.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:  # someone added the same url meanwhile: it is that source
        return Source.objects.get(url=url)
    return candidate


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
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _check_author_may_edit(claim, by)
    source = source_for_url(
        url, by=by, title=title, publisher=publisher, published_on=published_on, archived_url=archived_url
    )
    link = ClaimSource(
        claim=claim, source=source, stance=stance, quote=quote.strip(), note=note.strip(), added_by=by
    )
    link.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            link._history_user = by  # type: ignore[attr-defined]  # simple-history: who
            link.save()
    except IntegrityError as exc:
        raise ValidationError({"url": _("This source is already attached to the claim.")}) from exc
    versioned_save(claim, by=by, fields=[])
    return link


@transaction.atomic
def claim_source_update(*, claim_source: ClaimSource, by, stance: str, quote: str, note: str) -> ClaimSource:
    """Change how a source serves the claim: its stance, the passage quoted, the note."""
    claim = Claim.objects.select_for_update().get(pk=claim_source.claim_id)
    _check_author_may_edit(claim, by)
    claim_source.stance, claim_source.quote, claim_source.note = stance, quote.strip(), note.strip()
    claim_source.full_clean(validate_unique=False)
    claim_source._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    claim_source.save(update_fields=["stance", "quote", "note"])
    versioned_save(claim, by=by, fields=[])
    return claim_source


@transaction.atomic
def source_detach(*, claim_source: ClaimSource, by) -> None:
    claim = Claim.objects.select_for_update().get(pk=claim_source.claim_id)
    _check_author_may_edit(claim, by)
    claim_source._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    claim_source.delete()
    versioned_save(claim, by=by, fields=[])


def comment_add(*, claim: Claim, body: str, by) -> Comment:
    if not body.strip():
        raise ValidationError({"body": _("Write something.")})
    return Comment.objects.create(claim=claim, author=by, body=body.strip())
