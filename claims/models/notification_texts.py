"""What a notification says, in the reader's language.

A notification stores what happened (its verb) and the words that vary (who, the item's
statement, a date, a state); its sentence is chosen and translated when it is read (the desk in
the reader's language, an email in the recipient's). One whole sentence per verb and kind of
item: "claim" and "fact" differ in gender in Italian and French, so a kind put into a shared
sentence would not agree with its article or adjectives.
"""

import datetime

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from claims.models.claim import ReviewStatus

# (verb, kind of item): the sentence. Its fields: by (who did it), item (the statement or the
# story's title), due (an ISO date), status (a review state's value).
SENTENCES: dict[tuple[str, str], Promise] = {
    ("submit", "claim"): _("%(by)s submitted a claim for review: %(item)s"),
    ("submit", "fact"): _("%(by)s submitted a fact for review: %(item)s"),
    ("review_requested", "claim"): _("%(by)s asks you to review a claim: %(item)s"),
    ("review_requested", "fact"): _("%(by)s asks you to review a fact: %(item)s"),
    ("approve", "claim"): _("%(by)s approved your claim: %(item)s"),
    ("approve", "fact"): _("%(by)s approved your fact: %(item)s"),
    ("request_changes", "claim"): _("%(by)s asked for changes to your claim: %(item)s"),
    ("request_changes", "fact"): _("%(by)s asked for changes to your fact: %(item)s"),
    ("publish", "claim"): _("%(by)s published your claim: %(item)s"),
    ("publish", "fact"): _("%(by)s published your fact: %(item)s"),
    ("retract", "claim"): _("%(by)s retracted your claim: %(item)s"),
    ("retract", "fact"): _("%(by)s retracted your fact: %(item)s"),
    ("reopen", "claim"): _("%(by)s changed the verdict of an approved claim, back in review: %(item)s"),
    ("reopen", "fact"): _("%(by)s changed the verdict of an approved fact, back in review: %(item)s"),
    ("correct", "claim"): _("%(by)s asked for a correction of your published claim: %(item)s"),
    ("correct", "fact"): _("%(by)s asked for a correction of your published fact: %(item)s"),
    ("orphaned", "claim"): _(
        "%(by)s corrected an article and the quote of a claim (%(status)s) is gone from it: "
        "re-attach it before the next dossier revision: %(item)s"
    ),
    ("assigned", "claim"): _("%(by)s assigned you a claim: %(item)s"),
    ("assigned", "fact"): _("%(by)s assigned you a fact: %(item)s"),
    ("assigned", "story"): _("%(by)s assigned you a story: %(item)s"),
    ("assigned_due", "claim"): _("%(by)s assigned you a claim (due %(due)s): %(item)s"),
    ("assigned_due", "fact"): _("%(by)s assigned you a fact (due %(due)s): %(item)s"),
    ("assigned_due", "story"): _("%(by)s assigned you a story (due %(due)s): %(item)s"),
    ("due_today", "claim"): _("Your claim is due today: %(item)s"),
    ("due_today", "fact"): _("Your fact is due today: %(item)s"),
    ("due_today", "story"): _("Your story is due today: %(item)s"),
    ("overdue", "claim"): _("Your claim was due on %(due)s and is overdue: %(item)s"),
    ("overdue", "fact"): _("Your fact was due on %(due)s and is overdue: %(item)s"),
    ("overdue", "story"): _("Your story was due on %(due)s and is overdue: %(item)s"),
}


def _localized(params: dict) -> dict:
    """The stored words as the active language writes them: a date in its format, a state by
    its label."""
    values = dict(params)
    if values.get("due"):
        values["due"] = date_format(datetime.date.fromisoformat(values["due"]), "DATE_FORMAT")
    if values.get("status") in ReviewStatus.values:
        values["status"] = ReviewStatus(values["status"]).label
    return values


def notification_text(verb: str, kind: str, params: dict) -> str | None:
    """The sentence for `verb` on an item of `kind` in the active language, or None when there
    is none (a row from before verbs were stored) or its words do not fit it."""
    sentence = SENTENCES.get((verb, kind))
    if sentence is None:
        return None
    try:
        return str(sentence) % _localized(params)
    except (KeyError, TypeError, ValueError):
        return None
