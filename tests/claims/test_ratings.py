"""The rating scale (claims/ratings.py): readable badges, each mapped to ClaimReview."""

from claims.ratings import SCALE, review_rating


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_rating_badge_is_readable_and_mapped_to_claimreview():
    for rating, info in SCALE.items():
        light, dark = sorted([_luminance(info.colour), _luminance(info.text_colour)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, rating
        schema = review_rating(rating)
        assert schema["alternateName"] == info.label
        if info.value is None:
            assert "ratingValue" not in schema
        else:
            assert (schema["ratingValue"], schema["bestRating"], schema["worstRating"]) == (info.value, 5, 1)
