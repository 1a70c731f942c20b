"""The desk's rating scale, in one place, mapped to schema.org ClaimReview.

Ordinal ratings carry a `ratingValue` on a 1–5 scale (`bestRating` 5, `worstRating` 1);
non-scale ratings carry only an `alternateName`. Labels and colours are the same everywhere
(the desk's badges, the public dossier, the JSON-LD).
"""

from dataclasses import dataclass

from django.db import models

BEST_RATING = 5
WORST_RATING = 1


@dataclass(frozen=True)
class RatingInfo:
    label: str
    colour: str  # background of the badge
    text_colour: str  # chosen for contrast (WCAG AA, 4.5:1) on that background
    value: int | None  # ratingValue, None for a non-scale rating
    description: str


class Rating(models.TextChoices):
    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    MISLEADING = "misleading", "Misleading"
    MISATTRIBUTED = "misattributed", "Misattributed"
    OUTDATED = "outdated", "Outdated"


SCALE: dict[str, RatingInfo] = {
    Rating.TRUE: RatingInfo("True", "#1b7f3b", "#ffffff", 5, "Accurate, with nothing significant missing."),
    Rating.MOSTLY_TRUE: RatingInfo(
        "Mostly true", "#6aa84f", "#111111", 4, "Accurate, but needs a clarification."
    ),
    Rating.MIXED: RatingInfo("Mixed", "#e0a800", "#111111", 3, "Partly accurate, partly not."),
    Rating.MOSTLY_FALSE: RatingInfo(
        "Mostly false", "#e06c00", "#111111", 2, "Contains some truth, but misleads."
    ),
    Rating.FALSE: RatingInfo("False", "#b3261e", "#ffffff", 1, "Not accurate."),
    Rating.UNVERIFIABLE: RatingInfo("Unverifiable", "#5f6670", "#ffffff", None, "No evidence either way."),
    Rating.MISLEADING: RatingInfo(
        "Misleading", "#7d3c98", "#ffffff", None, "Accurate facts framed to mislead."
    ),
    Rating.MISATTRIBUTED: RatingInfo(
        "Misattributed", "#245f9e", "#ffffff", None, "Said or done by someone else."
    ),
    Rating.OUTDATED: RatingInfo("Outdated", "#6e5237", "#ffffff", None, "True once, since superseded."),
}


def rating_info(rating: str) -> RatingInfo:
    return SCALE[rating]


def review_rating(rating: str) -> dict:
    """The schema.org `reviewRating` of a rating."""
    info = SCALE[rating]
    result: dict[str, str | int] = {"@type": "Rating", "alternateName": info.label}
    if info.value is not None:
        result.update(ratingValue=info.value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return result
