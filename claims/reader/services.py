"""Use cases that change claims, and the article corrections that move them."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from articles.models import Article, ArticleBodyVersion
from articles.services.text import content_hash, normalize_text
from claims.anchoring import AnchorError, BodyMapping, reanchor, selector_for
from claims.models import Claim, ClaimantType
from claims.notify import notify_orphaned
from factcheck.versioning import EditConflict, check_version, versioned_save


def normalize_statement(statement: str) -> str:
    """A statement as two restatements of it compare equal: casefolded, its white space
    collapsed to single spaces, its final punctuation dropped ("Behemoth was delayed." and
    "behemoth  was delayed" are one statement). Nothing cleverer: no stemming, no synonyms."""
    text = " ".join(statement.casefold().split())
    while text and (unicodedata.category(text[-1]).startswith("P") or text[-1].isspace()):
        text = text[:-1]
    return text


def _overlaps(claim: Claim, start: int, end: int) -> bool:
    """Whether the claim's span shares a character with [start, end): spans that only touch
    (one ends where the other starts) do not overlap."""
    return claim.start < end and start < claim.end


def find_duplicates(*, article: Article, start: int, end: int, statement: str) -> list[Claim]:
    """The article's claims that a new claim on [start, end) with `statement` would duplicate:
    those whose span overlaps it, and those whose statement restates it (`normalize_statement`),
    in text order. Retracted claims are not counted, nor orphaned ones (their span is lost)."""
    wanted = normalize_statement(statement)
    live = article.claims.exclude(status=Claim.Status.RETRACTED).filter(is_orphaned=False)
    return [
        claim
        for claim in live.order_by("start", "end", "id")
        if _overlaps(claim, start, end) or (wanted and normalize_statement(claim.statement) == wanted)
    ]


class DuplicateClaim(EditConflict):
    """A new claim would duplicate claims the article already has (`duplicates`): its span
    overlaps theirs, or its statement restates one. Someone saved this claim already, as far as
    the desk can tell: it is refused unless the editor says to save it anyway."""

    def __init__(self, duplicates: list[Claim], *, overlapping: bool) -> None:
        self.duplicates = duplicates
        what = "This passage overlaps" if overlapping else "This statement restates"
        count = f"{len(duplicates)} claims" if len(duplicates) > 1 else "it"
        super().__init__(
            f"{what} an existing claim of the article: nothing was saved. Look at {count} first."
        )


@transaction.atomic
def claim_create(
    *,
    article: Article,
    start: int,
    end: int,
    exact: str,
    statement: str,
    claimant: str,
    by,
    claim_date: datetime.date | None = None,
    claimant_type: str = ClaimantType.ORGANIZATION,
    save_anyway: bool = False,
) -> Claim:
    """A draft claim on `article.body[start:end]`; refused when the quote disagrees, and when
    it duplicates a claim of the article (`find_duplicates`) unless `save_anyway`."""
    # Checked against the body as it is now: a correction cannot slip in between.
    article = Article.objects.select_for_update().get(pk=article.pk)
    try:
        selector = selector_for(article.body, start, end, exact)
    except AnchorError as exc:
        raise ValidationError({"exact": str(exc)}) from exc
    claim = Claim(
        article=article,
        statement=statement.strip(),
        claimant=claimant.strip(),
        claimant_type=claimant_type,
        claim_date=claim_date,
        author=by,
    )
    claim.set_selector(selector)
    claim.full_clean()
    if not save_anyway:
        # Under the article's lock: of two editors saving the same claim at once, the second
        # is shown the first's.
        duplicates = find_duplicates(
            article=article, start=claim.start, end=claim.end, statement=claim.statement
        )
        if duplicates:
            overlapping = any(_overlaps(c, claim.start, claim.end) for c in duplicates)
            raise DuplicateClaim(duplicates, overlapping=overlapping)
    claim._history_user = by  # type: ignore[attr-defined]  # simple-history: who
    claim.save()
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    statement: str,
    claimant: str,
    by,
    claim_date: datetime.date | None = None,
    claimant_type: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Change the claim's wording; refused if someone saved the claim since `expected_version`."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    check_version(claim, expected_version)
    claim.statement, claim.claimant, claim.claim_date = statement.strip(), claimant.strip(), claim_date
    claim.claimant_type = claimant_type or claim.claimant_type
    claim.full_clean()
    versioned_save(claim, by=by, fields=["statement", "claimant", "claimant_type", "claim_date"])
    return claim


def claim_delete(*, claim: Claim) -> None:
    """Delete a draft; a claim that went to review keeps its record (retract it instead)."""
    if claim.status != Claim.Status.DRAFT:
        raise PermissionDenied(_("Only a draft is deleted; a reviewed claim keeps its record."))
    claim.delete()


@transaction.atomic
def claim_reattach(*, claim: Claim, start: int, end: int, exact: str, by) -> Claim:
    """Anchor an orphaned (or misplaced) claim to a new span of its article's body."""
    article = Article.objects.select_for_update().get(pk=claim.article_id)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    try:
        selector = selector_for(article.body, start, end, exact)
    except AnchorError as exc:
        raise ValidationError({"exact": str(exc)}) from exc
    claim.set_selector(selector)
    claim.is_orphaned = False
    versioned_save(claim, by=by, fields=[*_ANCHOR_FIELDS])
    return claim


_ANCHOR_FIELDS = ("start", "end", "exact", "prefix", "suffix", "is_orphaned")


@dataclass
class Reanchoring:
    kept: list[Claim] = field(default_factory=list)  # same place, same quote
    moved: list[Claim] = field(default_factory=list)  # same quote, elsewhere
    edited: list[Claim] = field(default_factory=list)  # the quote itself was corrected
    orphaned: list[Claim] = field(default_factory=list)  # the quote is gone


def article_current_version(article: Article) -> int:
    return article.body_versions.order_by("-number").values_list("number", flat=True).first() or 1


def _check_body_version(latest: ArticleBodyVersion | None, base_version: int) -> None:
    """Refuse a correction of a body that someone corrected since the editor opened it."""
    current = latest.number if latest else 1
    if base_version == current:
        return
    if latest is None:
        raise EditConflict(
            _("There is no version %(version)s of this body: reload the page.") % {"version": base_version}
        )
    raise EditConflict(
        _(
            "The body was corrected by %(user)s at %(when)s (version %(version)s) after you opened it. "
            "Reload to see their correction, then apply yours again."
        )
        % {
            "user": latest.created_by or _("someone"),
            "when": date_format(timezone.localtime(latest.created_at), "SHORT_DATETIME_FORMAT"),
            "version": current,
        }
    )


@transaction.atomic
def article_correct_body(*, article: Article, body: str, by, note: str, base_version: int) -> Reanchoring:
    """Replace the article's body with a corrected one, keeping each version, and re-anchor
    every claim: kept in place, moved with its quote, or orphaned (listed, never dropped).

    `base_version` is the version the editor corrected; if someone corrected the body since,
    the correction is refused rather than silently overwriting theirs.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    latest = article.body_versions.order_by("-number").first()
    _check_body_version(latest, base_version)
    current = latest.number if latest else 1
    new_body = normalize_text(body)
    if not new_body:
        raise ValidationError({"body": _("The body cannot be empty.")})
    old_body = article.body
    if new_body == old_body:
        raise ValidationError({"body": _("The corrected body is the same as the current one.")})
    if latest is None:
        ArticleBodyVersion.objects.create(
            article=article,
            number=1,
            body=old_body,
            body_hash=content_hash(old_body),
            note="as imported",
            created_at=article.created_at,
        )
    ArticleBodyVersion.objects.create(
        article=article,
        number=current + 1,
        body=new_body,
        body_hash=content_hash(new_body),
        note=note.strip(),
        created_by=by,
        created_at=timezone.now(),
    )
    article.body = new_body
    article.version += 1
    article.save(update_fields=["body", "version", "updated_at"])

    result = Reanchoring()
    now = timezone.now()
    changed = []
    mapping = BodyMapping(old_body, new_body)
    for claim in article.claims.select_for_update():
        selector = reanchor(claim.selector, old_body, new_body, mapping)
        if selector is None:
            claim.is_orphaned = True
            result.orphaned.append(claim)
        else:
            if selector.exact != claim.exact:
                result.edited.append(claim)
            elif (selector.start, selector.end) == (claim.start, claim.end):
                result.kept.append(claim)
            else:
                result.moved.append(claim)
            if selector == claim.selector and not claim.is_orphaned:
                continue
            claim.set_selector(selector)  # also refreshes the quote's prefix and suffix
            claim.is_orphaned = False
        claim.updated_at = now
        claim.version += 1
        changed.append(claim)
    # One query for all the claims, and one history record each (by the correction's author).
    bulk_update_with_history(changed, Claim, [*_ANCHOR_FIELDS, "updated_at", "version"], default_user=by)
    # Someone relies on these claims (a reviewer, a published dossier): they hear of it.
    S = Claim.Status
    notify_orphaned(
        claims=[c for c in result.orphaned if c.status in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED)], by=by
    )
    return result
