"""What changed between two dossier snapshots, fact by fact and claim by claim.

The changes a reader is told of are rules in tables, in the order they are listed: a rule
takes the fact (or claim) before and after, and gives what changed. A change keeps what it is
(`what`) and its words (`params`), and is worded when shown, in the reader's language
(`change_html`); its `detail` is the same sentence in the site's language, for the JSON export
and for revisions published before changes had a `what`.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from claims.models import ReviewStatus, Stance
from claims.ratings import SCALE

Change = dict[str, Any]
# What changed, and its words: (what, params).
Detail = tuple[str, dict[str, Any]]
Rule = Callable[[dict, dict], list[Detail]]

# What a change says, by its `what`: the sentence, and how each of its words is shown
# ("rating" and "stance" by their label, "date" as it is or "none", "content" as the desk
# wrote it, in the desk's language, "text" as it is).
DETAILS: dict[str, tuple[Promise, dict[str, str]]] = {
    "story_title": (gettext_lazy("Title rewritten."), {}),
    "story_summary": (gettext_lazy("Summary rewritten."), {}),
    "reordered": (gettext_lazy("Facts reordered."), {}),
    "fact_added": (gettext_lazy("New fact."), {}),
    "fact_removed": (gettext_lazy("Fact removed."), {}),
    "date": (gettext_lazy("Date on the timeline: %(old)s → %(new)s."), {"old": "date", "new": "date"}),
    "source_added": (
        gettext_lazy("Source added: %(title)s (%(stance)s)."),
        {"title": "text", "stance": "stance"},
    ),
    "source_removed": (gettext_lazy("Source removed: %(title)s."), {"title": "text"}),
    "source_stance": (
        gettext_lazy("Source %(title)s: %(old)s → %(new)s."),
        {"title": "text", "old": "stance", "new": "stance"},
    ),
    "verdict": (gettext_lazy("Verdict: %(old)s → %(new)s."), {"old": "rating", "new": "rating"}),
    "retracted": (gettext_lazy("Retracted: %(reason)s"), {"reason": "content"}),
    "statement": (gettext_lazy("Statement rewritten."), {}),
    "rationale": (gettext_lazy("Rationale rewritten."), {}),
    "reconciliation": (gettext_lazy("Reconciliation rewritten."), {}),
    "claim_verdict": (
        gettext_lazy("Verdict on the claim “%(claim)s”: %(old)s → %(new)s."),
        {"claim": "content", "old": "rating", "new": "rating"},
    ),
    "claim_retracted": (gettext_lazy("Claim retracted: “%(claim)s”."), {"claim": "content"}),
    "claim_updated": (gettext_lazy("Claim updated: “%(claim)s”."), {"claim": "content"}),
    "claim_added": (gettext_lazy("Claim added: “%(claim)s”."), {"claim": "content"}),
    "claim_removed": (gettext_lazy("Claim removed: “%(claim)s”."), {"claim": "content"}),
}

# The changes to a claim kept in its fact (params["claim"]: its statement); a claim added or
# removed is a change to the fact.
CLAIM_CHANGES = ("claim_verdict", "claim_retracted", "claim_updated")


def _rating_label(rating: str) -> str:
    return str(SCALE[rating].label) if rating in SCALE else _("No verdict")


def _stance_label(stance: str) -> str:
    return str(Stance(stance).label) if stance in Stance.values else stance


_SHOWN: dict[str, Callable[[Any], str]] = {
    "rating": _rating_label,
    "stance": _stance_label,
    "date": lambda value: value or pgettext("a date on the timeline", "none"),
    "content": str,
    "text": str,
}


def _worded(what: str, params: dict, content: Callable[[str], str]) -> str | None:
    """The sentence of `what` in the active language, its words shown by their kind (desk
    content through `content`), or None when `what` is unknown or its words do not fit."""
    if what not in DETAILS:
        return None
    sentence, kinds = DETAILS[what]
    try:
        words = {
            name: content(params[name]) if kind == "content" else _SHOWN[kind](params[name])
            for name, kind in kinds.items()
        }
        return str(sentence) % words
    except (KeyError, TypeError, ValueError):
        return None


def change_html(change: Change, content_language: str | None = None) -> SafeString:
    """What changed, as escaped html in the active language; the desk's own words in it (a
    claim's statement, a retraction's reason) declared in `content_language` (the desk's)."""
    language = content_language or settings.DESK_LANGUAGE

    def content(value: str) -> str:
        return format_html('<span lang="{}">{}</span>', language, value)

    what, params = change.get("what", ""), change.get("params", {})
    if what not in DETAILS:  # a revision published before changes had a `what`: its English
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, change["detail"])
    sentence, kinds = DETAILS[what]
    words = {
        name: content(params.get(name, ""))
        if kind == "content"
        else conditional_escape(_SHOWN[kind](params.get(name, "")))
        for name, kind in kinds.items()
    }
    return mark_safe(conditional_escape(str(sentence)) % words)  # noqa: S308 (the sentence and every word escaped)


def _detail(what: str, **params) -> Detail:
    return what, params


def _newly_retracted(before: dict, after: dict) -> bool:
    return before["status"] != after["status"] and after["status"] == ReviewStatus.RETRACTED


def _rewritten(field: str) -> Rule:
    return lambda before, after: [_detail(field)] if before[field] != after[field] else []


def _date_change(before: dict, after: dict) -> list[Detail]:
    if before["happened_on"] == after["happened_on"]:
        return []
    return [_detail("date", old=before["happened_on"], new=after["happened_on"])]


def _source_changes(before: dict, after: dict) -> list[Detail]:
    old = {source["url"]: source for source in before["sources"]}
    new = {source["url"]: source for source in after["sources"]}
    details = [
        _detail("source_added", title=new[url]["title"], stance=new[url]["stance"])
        for url in new
        if url not in old
    ]
    details += [_detail("source_removed", title=old[url]["title"]) for url in old if url not in new]
    details += [
        _detail("source_stance", title=new[url]["title"], old=old[url]["stance"], new=new[url]["stance"])
        for url in new
        if url in old and old[url]["stance"] != new[url]["stance"]
    ]
    return details


def _verdict_change(before: dict, after: dict) -> list[Detail]:
    if before["rating"] == after["rating"]:
        return []
    return [_detail("verdict", old=before["rating"], new=after["rating"])]


def _retraction(before: dict, after: dict) -> list[Detail]:
    return (
        [_detail("retracted", reason=after["retraction_reason"])] if _newly_retracted(before, after) else []
    )


# What changed in a fact kept from one revision to the next: (kind, rule), in order.
FACT_RULES: list[tuple[str, Rule]] = [
    ("text", _date_change),
    ("source", _source_changes),
    ("verdict", _verdict_change),
    ("retracted", _retraction),
    ("text", _rewritten("statement")),
    ("text", _rewritten("rationale")),
    ("text", _rewritten("reconciliation")),
]

# A claim kept in a fact is told once, by the first of these that applies: (kind, applies, detail).
CLAIM_RULES: list[tuple[str, Callable[[dict, dict], bool], Callable[[dict, dict], Detail]]] = [
    (
        "verdict",
        lambda b, a: b["rating"] != a["rating"],
        lambda b, a: _detail("claim_verdict", claim=a["statement"], old=b["rating"], new=a["rating"]),
    ),
    ("retracted", _newly_retracted, lambda b, a: _detail("claim_retracted", claim=a["statement"])),
    (
        "claim",
        lambda b, a: any(b[key] != a[key] for key in ("statement", "quote", "rationale", "sources")),
        lambda b, a: _detail("claim_updated", claim=a["statement"]),
    ),
]

STORY_FIELDS = (("title", "story_title"), ("summary", "story_summary"))


def _change(kind: str, fact: int | None, statement: str, detail: Detail) -> Change:
    """A change as a snapshot keeps it: its `detail` worded in the site's language."""
    what, params = detail
    with translation.override(settings.LANGUAGE_CODE):
        text = _worded(what, params, str) or ""
    return {
        "kind": kind,
        "fact": fact,
        "statement": statement,
        "detail": text,
        "what": what,
        "params": params,
    }


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def _claims_of(fact: dict) -> dict[int, dict]:
    return _by_id([claim for article in fact["articles"] for claim in article["claims"]])


def _story_changes(old: dict, new: dict) -> list[Change]:
    title = new["story"]["title"]
    changes = [
        _change("story", None, title, _detail(what))
        for key, what in STORY_FIELDS
        if old["story"][key] != new["story"][key]
    ]
    old_ids, new_ids = [fact["id"] for fact in old["facts"]], [fact["id"] for fact in new["facts"]]
    if [i for i in new_ids if i in old_ids] != [i for i in old_ids if i in new_ids]:
        changes.append(_change("order", None, title, _detail("reordered")))
    return changes


def _claim_changes(before: dict, after: dict) -> list[tuple[str, Detail]]:
    old, new = _claims_of(before), _claims_of(after)
    changes = []
    for claim_id, claim in new.items():
        previous = old.get(claim_id)
        if previous is None:
            changes.append(("claim", _detail("claim_added", claim=claim["statement"])))
            continue
        rule = next((rule for rule in CLAIM_RULES if rule[1](previous, claim)), None)
        if rule is not None:
            changes.append((rule[0], rule[2](previous, claim)))
    changes += [
        ("claim", _detail("claim_removed", claim=c["statement"])) for i, c in old.items() if i not in new
    ]
    return changes


def _fact_changes(before: dict, after: dict) -> list[tuple[str, Detail]]:
    return [(kind, detail) for kind, rule in FACT_RULES for detail in rule(before, after)] + _claim_changes(
        before, after
    )


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    """What changed from one revision to another: the story, then fact by fact (and their
    claims), then the facts removed."""
    old_facts, new_facts = _by_id(old["facts"]), _by_id(new["facts"])
    changes = _story_changes(old, new)
    for fact_id, fact in new_facts.items():
        before = old_facts.get(fact_id)
        if before is None:
            changes.append(_change("added", fact_id, fact["statement"], _detail("fact_added")))
            continue
        changes += [
            _change(kind, fact_id, fact["statement"], detail) for kind, detail in _fact_changes(before, fact)
        ]
    changes += [
        _change("removed", fact_id, fact["statement"], _detail("fact_removed"))
        for fact_id, fact in old_facts.items()
        if fact_id not in new_facts
    ]
    return changes
