"""The five seed articles, end to end through the import command."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, ImportBatch

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NBSP = "\u00a0"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("import_articles", str(SEEDS))
    capsys.readouterr()
    return {a.source_name.rsplit("/", 1)[-1][:3]: a for a in Article.objects.all()}


def test_seeds_import_as_five_articles_in_their_languages(seeded):
    assert [seeded[key].language for key in sorted(seeded)] == ["it", "it", "it", "fr", "en"]


def test_seed_001_is_dated_may_2025_with_month_precision(seeded):
    article = seeded["001"]
    assert article.published_on == datetime.date(2025, 5, 1)
    assert article.published_precision == "month"
    assert article.published_display == "2025-05"
    assert article.body.startswith("Meta ha deciso di rinviare il lancio")
    assert "date 2025-05" in article.raw_text


def test_seed_000_byline_is_read_and_dropped_from_the_body(seeded):
    article = seeded["000"]
    assert article.byline == "Fantasy"
    assert not article.body.rstrip().endswith("Di Fantasy")
    assert article.raw_text.rstrip().endswith("Di Fantasy")


def test_seed_002_promotional_plug_is_dropped_from_body_and_kept_in_raw_text(seeded):
    article = seeded["002"]
    plug = "Le tue notizie crittografiche meritano l'attenzione"
    assert plug not in article.body
    assert plug in article.raw_text
    assert article.body.endswith("le piattaforme più dinamiche e aperte.")


def test_seed_003_keeps_nbsp_and_emoji_and_drops_read_next(seeded):
    article = seeded["003"]
    assert (
        article.title
        == f"Meta reporte le lancement de son modèle Llama 4 «{NBSP}Behemoth{NBSP}» : un délai possiblement à l’automne"
    )
    assert f"«{NBSP}Behemoth{NBSP}»" in article.body
    assert "A lire ensuite" not in article.body
    assert article.body.endswith("intelligence artificielle multimodale.\n\n👉 Source ici")
    assert article.raw_text.rstrip().endswith("A lire ensuite")


def test_seed_004_has_no_headline_and_a_derived_title(seeded):
    article = seeded["004"]
    assert article.body.startswith("The best members of The new Superintelligence laboratory")
    assert article.title.startswith("The best members of The new Superintelligence laboratory")


def test_importing_the_seeds_again_creates_nothing(seeded, capsys):
    call_command("import_articles", str(SEEDS))
    out = capsys.readouterr().out
    assert Article.objects.count() == 5
    batch = ImportBatch.objects.first()
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (0, 5, 0)
    assert out.count("duplicate of #") == 5
    assert out.strip().endswith("0 created, 5 duplicate, 0 rejected.")


def test_a_dry_run_reports_the_seeds_and_writes_nothing(capsys):
    call_command("import_articles", str(SEEDS), "--dry-run")
    out = capsys.readouterr().out
    assert out.count("created ") == 5
    assert out.strip().endswith("Dry run, nothing written: 5 created, 0 duplicate, 0 rejected.")
    assert not Article.objects.exists()
    assert not ImportBatch.objects.exists()
