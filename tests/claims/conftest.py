"""Fixtures of the story and dossier tests: a fact-checker and two editors, and a story."""

import pytest

from claims.models import Story
from claims.roles import EDITOR, FACT_CHECKER
from tests.factories import user_in_role


@pytest.fixture
def newsroom():
    """fc1 writes claims; ed1 and ed2 are editors, so that one approves what the other wrote."""
    return {
        "checker": user_in_role("fc1", FACT_CHECKER),
        "editor": user_in_role("ed1", EDITOR),
        "editor2": user_in_role("ed2", EDITOR),
    }


@pytest.fixture
def story(newsroom):
    return Story.objects.create(
        title="Llama 4 Behemoth",
        slug="behemoth",
        summary="Meta's largest model.",
        lead_editor=newsroom["editor"],
    )
