"""The desk's rating scale, in one place, mapped to schema.org ClaimReview.

Ordinal ratings carry a `ratingValue` on a 1–5 scale (`bestRating` 5, `worstRating` 1);
non-scale ratings carry only an `alternateName`. Labels and colours are the same everywhere
(the desk's badges, the public dossier, the JSON-LD).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BEST_RATING = 5
WORST_RATING = 1


@dataclass(frozen=True)
class RatingInfo:
    label: str | Promise  # translated when shown
    colour: str  # background of the badge
    text_colour: str  # chosen for contrast (WCAG AA, 4.5:1) on that background
    value: int | None  # ratingValue, None for a non-scale rating
    description: str | Promise


class Rating(models.TextChoices):
    TRUE = "true", _("True")
    MOSTLY_TRUE = "mostly_true", _("Mostly true")
    MIXED = "mixed", _("Mixed")
    MOSTLY_FALSE = "mostly_false", _("Mostly false")
    FALSE = "false", _("False")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")
    MISLEADING = "misleading", _("Misleading")
    MISATTRIBUTED = "misattributed", _("Misattributed")
    OUTDATED = "outdated", _("Outdated")


SCALE: dict[str, RatingInfo] = {
    Rating.TRUE: RatingInfo(
        _("True"), "#1b7f3b", "#ffffff", 5, _("Accurate, with nothing significant missing.")
    ),
    Rating.MOSTLY_TRUE: RatingInfo(
        _("Mostly true"), "#6aa84f", "#111111", 4, _("Accurate, but needs a clarification.")
    ),
    Rating.MIXED: RatingInfo(_("Mixed"), "#e0a800", "#111111", 3, _("Partly accurate, partly not.")),
    Rating.MOSTLY_FALSE: RatingInfo(
        _("Mostly false"), "#e06c00", "#111111", 2, _("Contains some truth, but misleads.")
    ),
    Rating.FALSE: RatingInfo(_("False"), "#b3261e", "#ffffff", 1, _("Not accurate.")),
    Rating.UNVERIFIABLE: RatingInfo(
        _("Unverifiable"), "#5f6670", "#ffffff", None, _("No evidence either way.")
    ),
    Rating.MISLEADING: RatingInfo(
        _("Misleading"), "#7d3c98", "#ffffff", None, _("Accurate facts framed to mislead.")
    ),
    Rating.MISATTRIBUTED: RatingInfo(
        _("Misattributed"), "#245f9e", "#ffffff", None, _("Said or done by someone else.")
    ),
    Rating.OUTDATED: RatingInfo(_("Outdated"), "#6e5237", "#ffffff", None, _("True once, since superseded.")),
}


def rating_info(rating: str) -> RatingInfo:
    return SCALE[rating]


def review_rating(rating: str) -> dict:
    """The schema.org `reviewRating` of a rating."""
    info = SCALE[rating]
    result: dict[str, str | int] = {"@type": "Rating", "alternateName": str(info.label)}
    if info.value is not None:
        result.update(ratingValue=info.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return result
