"""Stored full-text vectors for claims and sources, under GIN indexes, on PostgreSQL.

A claim is searched in its article's language (stemming: "rinviato" finds "rinviare"), but a
generated column cannot read another table, so the claim's vector (statement weighted above the
quote) is kept by triggers, not by application code that a bulk update or SQL by hand would
bypass: one on the claim when its texts or article change, one on the article when its language
changes (it rewrites its claims' vectors). A copied `language` column would need the same
trigger to stay true, and the `simple` configuration would lose the stemming articles have.

A source has no language (its title may be in any), so its vector is a generated column in the
`simple` configuration: words as written, lower-cased, no stemmer guessing at the wrong language.

SQLite (the embedded default) keeps the substring search: nothing to do there. Both databases
get the index of the desk's claim list order (newest first)."""

from django.db import migrations, models

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
    "CASE a.language "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items())
    + " ELSE 'simple'::regconfig END"
)
ADD = f"""
ALTER TABLE claims_claim ADD COLUMN search_vector tsvector;

CREATE FUNCTION claims_claim_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE config regconfig;
BEGIN
    SELECT {CONFIG} INTO config FROM articles_article a WHERE a.id = NEW.article_id;
    config := coalesce(config, 'simple'::regconfig);
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.statement, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.exact, '')), 'B');
    RETURN NEW;
END $$;
CREATE TRIGGER claims_claim_search_vector BEFORE INSERT OR UPDATE OF statement, exact, article_id
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector();

CREATE FUNCTION claims_article_language_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_claim SET article_id = article_id WHERE article_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_article_language_search_vector AFTER UPDATE OF language ON articles_article
    FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION claims_article_language_search_vector();

UPDATE claims_claim SET article_id = article_id;
CREATE INDEX claims_claim_search_vector ON claims_claim USING gin (search_vector);

ALTER TABLE claims_source ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(title, ''))) STORED;
CREATE INDEX claims_source_search_vector ON claims_source USING gin (search_vector);
"""  # noqa: S608 — only constants (CONFIGS) go into it
DROP = """
DROP INDEX IF EXISTS claims_source_search_vector;
ALTER TABLE claims_source DROP COLUMN IF EXISTS search_vector;
DROP TRIGGER IF EXISTS claims_article_language_search_vector ON articles_article;
DROP FUNCTION IF EXISTS claims_article_language_search_vector();
DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_vector();
DROP INDEX IF EXISTS claims_claim_search_vector;
ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_assignment"), ("articles", "0010_article_search_vector")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-created_at", "-id"], name="claim_newest_first"),
        ),
    ]
