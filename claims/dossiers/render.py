"""A dossier snapshot as the public page's content, and the page frame around it."""

import functools
import hashlib
import json
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string

from claims.dossiers.markup import claim_reviews
from claims.models import ReviewStatus
from claims.ratings import SCALE, Rating

S = ReviewStatus


def verdict_chart(ratings: list[str]) -> list[dict[str, Any]]:
    """One bar per rating used, in the scale's order, sized for the server-rendered SVG chart."""
    counts = Counter(ratings)
    top = max(counts.values(), default=1)
    bars = []
    for index, rating in enumerate(rating for rating in Rating.values if counts[rating]):
        info = SCALE[rating]
        bars.append(
            {
                "label": info.label,
                "count": counts[rating],
                "colour": info.colour,
                "width": round(260 * counts[rating] / top),
                "y": index * 28,
            }
        )
    return bars


def render_dossier(snapshot: dict) -> str:
    """The public page's content for a snapshot (also the desk's preview)."""
    json_ld = json.dumps(claim_reviews(snapshot), ensure_ascii=False, cls=DjangoJSONEncoder)
    # In a <script> element: nothing in the text may close it or open a comment.
    json_ld = json_ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    standing = [fact for fact in snapshot["facts"] if fact["status"] != S.RETRACTED]
    claims = [
        c for fact in standing for a in fact["articles"] for c in a["claims"] if c["status"] != S.RETRACTED
    ]
    charts: list[dict[str, Any]] = [
        {
            "id": "facts",
            "title": f"Verdicts on {len(standing)} fact{pluralize(len(standing))}",
            "bars": verdict_chart([f["rating"] for f in standing]),
        },
        {
            "id": "claims",
            "title": f"Verdicts on the {len(claims)} claim{pluralize(len(claims))} the articles make",
            "bars": verdict_chart([c["rating"] for c in claims]),
        },
    ]
    for chart in charts:
        chart["height"] = max(28, 28 * len(chart["bars"]))
    return render_to_string(
        "claims/dossiers/_partials/dossier.html",
        {
            "dossier": snapshot,
            "json_ld": json_ld,
            "charts": charts,
            "timeline": sorted(
                (fact for fact in snapshot["facts"] if fact["happened_on"]), key=lambda f: f["happened_on"]
            ),
            "scale": SCALE,
        },
    )


_TITLE_SLOT, _CONTENT_SLOT = "@@dossier-title@@", "@@dossier-content@@"


def _frame() -> tuple[str, str, str, str]:
    """The page around a revision's content: head, middle, tail, and a hash of them (a deploy
    that changes the frame changes every page's ETag)."""
    page = render_to_string(
        "claims/public/page.html",
        {"title_slot": _TITLE_SLOT, "content_slot": _CONTENT_SLOT, "publisher_name": settings.PUBLISHER_NAME},
    )
    head, rest = page.split(_TITLE_SLOT)
    middle, tail = rest.split(_CONTENT_SLOT)
    return head, middle, tail, hashlib.sha256(page.encode()).hexdigest()[:12]


_cached_frame = functools.cache(_frame)


def page_frame() -> tuple[str, str, str, str]:
    return _frame() if settings.DEBUG else _cached_frame()  # templates change while developing
