"""A dossier snapshot as the public page's content, and the page frame around it."""

import functools
import hashlib
import json
import re
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from claims.dossiers.diff import CLAIM_CHANGES
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


def _tally(claims: list[dict]) -> list[dict[str, Any]]:
    """How claims fared: one entry per rating used, in the scale's order."""
    counts = Counter(claim["rating"] for claim in claims if claim["status"] != S.RETRACTED)
    return [{"rating": rating, "count": counts[rating]} for rating in [*Rating.values, ""] if counts[rating]]


def dossier_articles(snapshot: dict) -> list[dict[str, Any]]:
    """Each article once (an article can inform several facts), with how its claims fared and
    whether its provenance (link, outlet, date) could be verified."""
    articles: dict[int, dict[str, Any]] = {}
    for fact in snapshot["facts"]:
        for article in fact["articles"]:
            entry = articles.setdefault(article["id"], {**article, "claims": [], "facts": []})
            entry["claims"] = entry["claims"] + article["claims"]
            entry["facts"].append(fact["id"])
    for entry in articles.values():
        entry["fared"] = _tally(entry["claims"])
        entry["verified"] = bool(entry.get("url") and entry.get("outlet") and entry.get("published_on"))
    return sorted(
        articles.values(), key=lambda a: (a.get("published_on") or "9999", a.get("outlet") or "", a["id"])
    )


# How a revision published before changes had a `what` names a claim in a change's detail.
_CLAIM_DETAILS = ("Verdict on the claim “", "Claim retracted: “", "Claim updated: “")


def _claim_named(change: dict) -> str | None:
    """The statement of the claim a change is about, or None for a change to the fact itself."""
    if "what" in change:
        return change["params"]["claim"] if change["what"] in CLAIM_CHANGES else None
    prefix = next((p for p in _CLAIM_DETAILS if change["detail"].startswith(p)), None)
    return None if prefix is None else change["detail"][len(prefix) :].rsplit("”", 1)[0]


def _corrected(snapshot: dict) -> tuple[dict[int, int], dict[tuple[int, str], int]]:
    """The facts, and the claims (by fact and statement: a change names a claim by it), corrected
    in a revision: from the public corrections log and from this revision's own changes, the
    latest revision winning."""
    facts: dict[int, int] = {}
    claims: dict[tuple[int, str], int] = {}
    this = snapshot.get("revision")
    logged = [(c["revision"], change) for c in snapshot.get("corrections", []) for change in c["changes"]]
    kept = [
        (this, change) for change in snapshot.get("changes", []) if change["kind"] not in ("added", "removed")
    ]
    for revision, change in sorted(logged + kept, key=lambda item: item[0] or 0):
        if not change.get("fact"):
            continue
        claim = _claim_named(change)
        if claim is None:
            facts[change["fact"]] = revision
        else:
            claims[(change["fact"], claim)] = revision
    return facts, claims


def _marked_facts(snapshot: dict) -> list[dict[str, Any]]:
    """The snapshot's facts (copies: the snapshot is frozen) with their "corrected in" marks."""
    facts, claims = _corrected(snapshot)
    return [
        {
            **fact,
            "corrected_in": facts.get(fact["id"]),
            "articles": [
                {
                    **article,
                    "claims": [
                        {**claim, "corrected_in": claims.get((fact["id"], claim["statement"]))}
                        for claim in article["claims"]
                    ],
                }
                for article in fact["articles"]
            ],
        }
        for fact in snapshot["facts"]
    ]


def _charts(snapshot: dict) -> list[dict[str, Any]]:
    """The claims chart first: what the articles said, then what the desk found."""
    standing = [fact for fact in snapshot["facts"] if fact["status"] != S.RETRACTED]
    claims = [
        c for fact in standing for a in fact["articles"] for c in a["claims"] if c["status"] != S.RETRACTED
    ]
    charts: list[dict[str, Any]] = [
        {
            "id": "claims",
            "title": ngettext(
                "Verdicts on the %(count)d claim the articles make",
                "Verdicts on the %(count)d claims the articles make",
                len(claims),
            )
            % {"count": len(claims)},
            "bars": verdict_chart([c["rating"] for c in claims]),
        },
        {
            "id": "facts",
            "title": ngettext(
                "Verdicts on %(count)d fact the desk reconciled",
                "Verdicts on %(count)d facts the desk reconciled",
                len(standing),
            )
            % {"count": len(standing)},
            "bars": verdict_chart([f["rating"] for f in standing]),
        },
    ]
    for chart in charts:
        chart["height"] = max(28, 28 * len(chart["bars"]))
    return charts


_INDENT = re.compile(r"\n\s+")


def trim(html: str) -> str:
    """The markup without its template indentation and blank lines (the page holds no <pre>:
    whitespace inside its text collapses anyway)."""
    return _INDENT.sub("\n", html).strip()


def render_dossier(snapshot: dict, language: str | None = None) -> str:
    """The public page's content for a snapshot (also the desk's preview), its interface in
    `language` (the site's default: a stored revision is the same whoever publishes it); its
    content keeps its own languages, declared with `lang`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_dossier(snapshot)


def _render_dossier(snapshot: dict) -> str:
    json_ld = json.dumps(claim_reviews(snapshot), ensure_ascii=False, cls=DjangoJSONEncoder)
    # In a <script> element: nothing in the text may close it or open a comment.
    json_ld = json_ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    articles = dossier_articles(snapshot)
    facts = _marked_facts(snapshot)
    html = render_to_string(
        "claims/dossiers/_partials/dossier.html",
        {
            "dossier": snapshot,
            "facts": facts,
            "articles": articles,
            "unverified": sum(not article["verified"] for article in articles),
            "json_ld": json_ld,
            "charts": _charts(snapshot),
            "timeline": sorted(
                (fact for fact in facts if fact["happened_on"]), key=lambda f: f["happened_on"]
            ),
            "scale": SCALE,
            "desk_language": settings.DESK_LANGUAGE,
        },
    )
    return trim(html)


_TITLE_SLOT, _CONTENT_SLOT = "@@dossier-title@@", "@@dossier-content@@"
# Where the language switcher sends the reader back to: the page's own path, filled in per page.
PATH_SLOT = "@@dossier-path@@"


def _frame(language: str) -> tuple[str, str, str, str]:
    """The page around a revision's content, its interface in `language`: head, middle, tail,
    and a hash of them (a deploy that changes the frame changes every page's ETag)."""
    with translation.override(language):
        page = render_to_string(
            "claims/public/page.html",
            {
                "title_slot": _TITLE_SLOT,
                "content_slot": _CONTENT_SLOT,
                "path_slot": PATH_SLOT,
                "publisher_name": settings.PUBLISHER_NAME,
            },
        )
    head, rest = page.split(_TITLE_SLOT)
    middle, tail = rest.split(_CONTENT_SLOT)
    head, middle, tail = trim(head), trim(middle), trim(tail)
    return head, middle, tail, hashlib.sha256(page.encode()).hexdigest()[:12]


_cached_frame = functools.cache(_frame)


def page_frame(language: str | None = None) -> tuple[str, str, str, str]:
    """The frame in `language` (the active language by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return (
        _frame(language) if settings.DEBUG else _cached_frame(language)
    )  # templates change while developing
