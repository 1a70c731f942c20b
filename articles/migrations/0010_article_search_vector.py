"""A stored, per-language full-text vector of each article (title weighted above body) and its GIN
index, on PostgreSQL: a generated column, so no code path can leave it stale (a save, a body
correction, a bulk update, SQL by hand). Each row uses its own language's configuration among
constant ones (immutable, hence indexable); languages PostgreSQL has no stemmer for use `simple`.
SQLite (the embedded default) keeps the substring search: nothing to do there."""

from django.db import migrations

# The same table as articles.selectors.SEARCH_CONFIGS, frozen here as a migration must be.
CONFIGS = {
    "it": "italian",
    "fr": "french",
    "en": "english",
    "de": "german",
    "es": "spanish",
    "pt": "portuguese",
    "nl": "dutch",
}
CONFIG = (
    "CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items())
    + " ELSE 'simple'::regconfig END"
)
ADD = f"""
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector({CONFIG}, coalesce(title, '')), 'A')
    || setweight(to_tsvector({CONFIG}, coalesce(body, '')), 'B')
) STORED;
CREATE INDEX articles_article_search_vector ON articles_article USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS articles_article_search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_outlet_details_and_originals")]

    operations = [migrations.RunPython(forwards, backwards)]
