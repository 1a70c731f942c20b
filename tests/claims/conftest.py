"""Fixtures of the claims tests: a story, its first published dossier, and the Behemoth dossier
that ships with the desk (built from the seeds)."""

import re
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import pytest
from django.core.management import call_command

from articles.services.import_ import import_paths
from claims.dossiers.publish import dossier_publish
from claims.models import Claim, DossierRevision, Fact
from claims.roles import EDITOR, FACT_CHECKER
from tests.factories import StoryFactory, approved_claim, approved_fact, user_in_role

ROOT = Path(__file__).resolve().parents[2]
BEHEMOTH_DATA = ROOT / "claims" / "data" / "behemoth.json"


@pytest.fixture
def story(editor):
    """The story `editor` leads, at /dossiers/behemoth/ once published."""
    return StoryFactory(
        title="Llama 4 Behemoth", slug="behemoth", summary="Meta's largest model.", lead_editor=editor
    )


class Published(NamedTuple):
    revision: DossierRevision
    fact: Fact
    claim: Claim


@pytest.fixture
def published(story, fact_checker, editor, other_editor) -> Published:
    """Revision 1 of the story's dossier: one fact (written by `editor`, approved by
    `other_editor`) holding one claim (by `fact_checker`, approved by `editor`), published by
    `other_editor`."""
    claim = approved_claim(fact_checker, editor)
    fact = approved_fact(story, editor, other_editor, [claim])
    revision = dossier_publish(story=story, by=other_editor)
    return Published(revision, fact, claim)


@pytest.fixture
def demo_desk():
    """The seed articles imported, and the demo desk's users that `load_dossier` expects."""
    import_paths(paths=[ROOT / "seeds"])
    return {
        "checker": user_in_role("demo-checker", FACT_CHECKER),
        "editor": user_in_role("demo-editor", EDITOR),
        "editor2": user_in_role("demo-editor-2", EDITOR),
    }


@pytest.fixture
def behemoth_dossier(demo_desk) -> DossierRevision:
    """The Behemoth dossier, loaded from claims/data/behemoth.json as `make run` does: revision 1,
    then revision 2 correcting its wording through the workflow (the latest is returned)."""
    out = StringIO()
    call_command("load_dossier", str(BEHEMOTH_DATA), stdout=out)
    assert re.match(r"Published .* revision 2: 11 facts, 29 claims", out.getvalue())
    return DossierRevision.objects.latest()
