"""A published revision never changes: not through the model, not past it, not by later edits."""

import pytest
from django.db import DatabaseError, connection, transaction

from claims.dossiers.publish import dossier_publish
from claims.models import DossierRevision, RevisionImmutable
from tests.factories import corrected_fact

pytestmark = pytest.mark.django_db


def test_a_revision_never_changes_through_the_model(published):
    revision = published.revision
    revision.change_note = "rewritten"
    with pytest.raises(RevisionImmutable):
        revision.save()
    with pytest.raises(RevisionImmutable):
        DossierRevision.objects.filter(pk=revision.pk).update(html="<p>rewritten</p>")
    with pytest.raises(RevisionImmutable):
        revision.delete()
    with pytest.raises(RevisionImmutable):
        DossierRevision.objects.all().delete()
    assert DossierRevision.objects.get(pk=revision.pk).html == published.revision.html


def test_a_revision_never_changes_even_past_the_model(published):
    revision = published.revision
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_dossierrevision SET html = 'rewritten' WHERE id = %s", [revision.pk])
    assert DossierRevision.objects.get(pk=revision.pk).html != "rewritten"


@pytest.mark.postgres
def test_a_revision_cannot_be_deleted_past_the_model_on_postgresql(published):
    revision = published.revision
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_dossierrevision WHERE id = %s", [revision.pk])
    assert DossierRevision.objects.filter(pk=revision.pk).exists()


def test_later_changes_leave_a_published_revision_as_it_was(published, editor, other_editor):
    revision, fact, _ = published
    html, snapshot = revision.html, revision.snapshot
    corrected_fact(fact, editor, other_editor, rating="mostly_true")
    dossier_publish(story=fact.story, by=other_editor, change_note="Meta says nearly 2T, not 2T.")
    revision = DossierRevision.objects.get(pk=revision.pk)
    assert (revision.html, revision.snapshot) == (html, snapshot)
