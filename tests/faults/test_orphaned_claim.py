"""A correction that loses the quote of a published claim: nobody publishes it again blindly.

The fault here is in the content, not the machinery: an editor corrects an article's body and
the sentence a published claim quotes is gone. Its author and the editors hear of it (in the
desk and by email, once each); the next dossier revision is refused, naming the claim, until
the claim is re-attached; then it publishes the new quote at its new, true position.
"""

from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from claims.dossiers.publish import PublishError, dossier_publish
from claims.models import Claim, DossierRevision, Notification
from claims.reader.services import claim_reattach
from tests.factories import ArticleFactory, StoryFactory, approved_claim, approved_fact

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

BODY = "Meta delayed Behemoth, sources said. It has 2 trillion parameters, the company wrote in April."
CORRECTED = (
    "Meta delayed Behemoth, sources said. The company never gave its size; "
    "reports spoke of two trillion parameters."
)
NEW_QUOTE = "reports spoke of two trillion parameters"


def test_a_correction_orphaning_a_published_claim_blocks_the_next_revision_until_reattached(
    client, fact_checker, editor, other_editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body=BODY)
    claim = approved_claim(fact_checker, editor, article=article)  # quotes "2 trillion parameters"
    story = StoryFactory(slug="behemoth", lead_editor=editor)
    approved_fact(story, editor, other_editor, [claim])
    first = dossier_publish(story=story, by=other_editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    mail.outbox.clear()
    earlier = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claims:article-correct", args=[article.pk]),
            {"body": CORRECTED, "note": "The figure was never Meta's.", "base_version": 1},
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.is_orphaned
    assert claim.status == Claim.Status.PUBLISHED  # still in revision 1, as published

    # Its author and the editors (but the one who corrected) hear of it, once each, by email too.
    notified = Notification.objects.filter(pk__gt=earlier)
    assert {n.claim_id for n in notified} == {claim.pk}
    assert Counter(n.recipient.username for n in notified) == {
        fact_checker.username: 1,
        other_editor.username: 1,
    }
    assert all("re-attach it before the next dossier revision" in n.message for n in notified)
    assert all(n.emailed_at is not None for n in notified)
    assert Counter(to for message in mail.outbox for to in message.to) == {
        fact_checker.email: 1,
        other_editor.email: 1,
    }

    # The next revision is refused, naming the claim; nothing is published.
    with pytest.raises(PublishError) as refused:
        dossier_publish(story=story, by=other_editor, change_note="The figure, corrected.")
    assert f"lost the quote of: claim #{claim.pk} “{claim.statement}”" in str(refused.value)
    assert "Re-attach" in str(refused.value)
    assert list(DossierRevision.objects.values_list("number", flat=True)) == [1]

    start = CORRECTED.index(NEW_QUOTE)
    claim_reattach(claim=claim, start=start, end=start + len(NEW_QUOTE), exact=NEW_QUOTE, by=fact_checker)
    second = dossier_publish(story=story, by=other_editor, change_note="The figure, corrected.")

    assert second.number == 2
    quoted = second.snapshot["facts"][0]["articles"][0]["claims"][0]
    assert quoted["id"] == claim.pk
    assert quoted["quote"]["exact"] == NEW_QUOTE
    position = quoted["position"]
    assert CORRECTED[position["start"] : position["end"]] == NEW_QUOTE  # what it quotes is there
    # Revision 1 keeps what it published, as published.
    first.refresh_from_db()
    assert first.snapshot["facts"][0]["articles"][0]["claims"][0]["quote"]["exact"] == "2 trillion parameters"
