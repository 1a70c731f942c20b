"""The API's seeded desk, for the tests that sweep or fuzz every operation of the schema.

They run with `django_db(transaction=True, reset_sequences=True)`: each table's ids start at 1,
so SEEDED_IDS name real objects of every kind (a claim, a fact, an article, a source link, an
import batch...) and SEEDED_SLUGS real stories, whichever path they are put in.
"""

from knox.models import AuthToken

from articles.models import ImportBatch, ImportItem
from claims.dossiers.publish import dossier_publish
from claims.models import Comment
from tests.factories import (
    ArticleFactory,
    StoryFactory,
    approved_claim,
    approved_fact,
    ready_claim,
    ready_fact,
)

SEEDED_IDS = ["1", "2", "3"]
SEEDED_SLUGS = ["behemoth", "draft-story"]


def seed_desk(*, fact_checker, editor, other_editor) -> None:
    """An article from no outlet, a claim through review with a comment and a source, a draft
    claim with its unapproved verdict, a story with a published dossier and a draft fact, a story
    with none, an import batch that no one started (a command-line import)."""
    ArticleFactory(outlet=None, title="An article from no outlet")
    story = StoryFactory(title="Llama 4 Behemoth", slug="behemoth", lead_editor=editor)
    StoryFactory(title="Not published yet", slug="draft-story", lead_editor=editor)
    claim = approved_claim(fact_checker, editor)
    Comment.objects.create(claim=claim, author=editor, body="Checked against Meta's post.")
    ready_claim(fact_checker)
    approved_fact(story, editor, other_editor, [claim])
    dossier_publish(story=story, by=other_editor)
    ready_fact(story, editor)
    batch = ImportBatch.objects.create(source=ImportBatch.Source.COMMAND, total_files=1)
    ImportItem.objects.create(batch=batch, name="a.txt", file="a.txt", outcome="rejected", message="Empty.")


def token_for(user) -> str:
    """An API token of the user's (the API authenticates tokens with django-rest-knox)."""
    return AuthToken.objects.create(user=user)[1]
