"""`make run` imports the seeds with --skip-known: run again, it records no empty import."""

from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, ImportBatch

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.django_db


def test_importing_the_seeds_again_records_no_batch(capsys):
    call_command("import_articles", "--skip-known", str(SEEDS))
    assert (Article.objects.count(), ImportBatch.objects.count()) == (5, 1)
    capsys.readouterr()
    call_command("import_articles", "--skip-known", str(SEEDS))
    out = capsys.readouterr().out
    assert "Already imported, no import recorded: 0 created, 5 duplicate, 0 rejected." in out
    assert (Article.objects.count(), ImportBatch.objects.count()) == (5, 1)


def test_without_the_flag_a_duplicate_import_is_still_recorded(capsys):
    call_command("import_articles", str(SEEDS))
    call_command("import_articles", str(SEEDS))
    assert ImportBatch.objects.count() == 2


def test_the_make_run_target_imports_with_skip_known():
    makefile = (SEEDS.parent / "Makefile").read_text()
    assert "import_articles --skip-known seeds/" in makefile
