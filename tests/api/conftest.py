import pytest

from tests.api.seed import seed_desk, token_for


@pytest.fixture
def seeded(fact_checker, editor, other_editor) -> None:
    seed_desk(fact_checker=fact_checker, editor=editor, other_editor=other_editor)


@pytest.fixture
def editor_token(editor) -> str:
    return token_for(editor)
