from django.db import migrations, models

# Each claim not retracted holds the key "" (claims.models.features.EVERY_CLAIM), and a retracted
# claim no key at all, so that the counts of "" are the claims' and no count reads claims' states.
_KEY_ROWS = [
    """DELETE FROM claims_claimfeaturekey WHERE claim_id IN
       (SELECT id FROM claims_claim WHERE status = 'retracted')""",
    """INSERT INTO claims_claimfeaturekey (claim_id, article_id, "key", in_quote)
       SELECT c.id, c.article_id, '', TRUE FROM claims_claim c
       JOIN claims_claimfeatures f ON f.claim_id = c.id WHERE c.status <> 'retracted'""",
    """INSERT INTO claims_claimkeycount ("key", claims, quote_claims)
       SELECT "key", COUNT(*), SUM(CASE WHEN in_quote THEN 1 ELSE 0 END)
       FROM claims_claimfeaturekey GROUP BY "key"
    """,
]

# One statement-level trigger per kind of write: a refresh of thousands of claims adds its rows'
# counts in one upsert per statement.
_POSTGRESQL = [
    """CREATE FUNCTION claims_count_feature_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            INSERT INTO claims_claimkeycount ("key", claims, quote_claims)
            SELECT "key", -COUNT(*), -COUNT(*) FILTER (WHERE in_quote) FROM old_rows
            GROUP BY "key" ORDER BY "key"
            ON CONFLICT ("key") DO UPDATE SET claims = claims_claimkeycount.claims + EXCLUDED.claims,
                quote_claims = claims_claimkeycount.quote_claims + EXCLUDED.quote_claims;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO claims_claimkeycount ("key", claims, quote_claims)
            SELECT "key", COUNT(*), COUNT(*) FILTER (WHERE in_quote) FROM new_rows
            GROUP BY "key" ORDER BY "key"
            ON CONFLICT ("key") DO UPDATE SET claims = claims_claimkeycount.claims + EXCLUDED.claims,
                quote_claims = claims_claimkeycount.quote_claims + EXCLUDED.quote_claims;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claims_feature_key_insert AFTER INSERT ON claims_claimfeaturekey
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_count_feature_keys()""",
    """CREATE TRIGGER claims_feature_key_delete AFTER DELETE ON claims_claimfeaturekey
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_count_feature_keys()""",
    """CREATE TRIGGER claims_feature_key_update AFTER UPDATE ON claims_claimfeaturekey
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION claims_count_feature_keys()""",
]
_POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_feature_key_insert ON claims_claimfeaturekey",
    "DROP TRIGGER IF EXISTS claims_feature_key_delete ON claims_claimfeaturekey",
    "DROP TRIGGER IF EXISTS claims_feature_key_update ON claims_claimfeaturekey",
    "DROP FUNCTION IF EXISTS claims_count_feature_keys()",
]

_SQLITE_ADD = """INSERT INTO claims_claimkeycount ("key", claims, quote_claims)
    VALUES (NEW."key", 1, NEW.in_quote) ON CONFLICT ("key") DO UPDATE
    SET claims = claims + excluded.claims, quote_claims = quote_claims + excluded.quote_claims;"""
_SQLITE_REMOVE = """UPDATE claims_claimkeycount SET claims = claims - 1, quote_claims = quote_claims - OLD.in_quote
    WHERE "key" = OLD."key";"""
_SQLITE = [
    f"CREATE TRIGGER claims_feature_key_insert AFTER INSERT ON claims_claimfeaturekey BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER claims_feature_key_delete AFTER DELETE ON claims_claimfeaturekey BEGIN {_SQLITE_REMOVE} END",
    "CREATE TRIGGER claims_feature_key_update AFTER UPDATE ON claims_claimfeaturekey "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_feature_key_insert",
    "DROP TRIGGER IF EXISTS claims_feature_key_delete",
    "DROP TRIGGER IF EXISTS claims_feature_key_update",
]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def count_keys(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, _KEY_ROWS)
    _run(schema_editor, _POSTGRESQL if postgresql else _SQLITE)


def stop_counting(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, _POSTGRESQL_DROP if postgresql else _SQLITE_DROP)
    schema_editor.execute("DELETE FROM claims_claimfeaturekey WHERE \"key\" = ''", params=None)


class Migration(migrations.Migration):
    """The desk's document frequencies of feature keys (ClaimKeyCount), kept by triggers on the
    key rows, so that match suggestions read a key's count instead of counting its rows; and the
    indexes of the work list's sections, counts and latest activity."""

    dependencies = [("claims", "0014_notification_kinds")]

    operations = [
        migrations.CreateModel(
            name="ClaimKeyCount",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                (
                    "claims",
                    models.IntegerField(
                        default=0, help_text="Claims holding the key in the quote or the statement."
                    ),
                ),
                ("quote_claims", models.IntegerField(default=0, help_text="Claims holding it in the quote.")),
            ],
        ),
        migrations.AddIndex(
            model_name="claimfeaturekey",
            index=models.Index(fields=["article", "key", "in_quote"], name="claims_feature_key_article"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_activity"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["author", "status", "-updated_at", "-id"], name="claim_author_activity"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-updated_at", "-id"], name="claim_latest_activity"),
        ),
        # Last: PostgreSQL builds no index on a table with the key rows' pending checks.
        migrations.RunPython(count_keys, stop_counting),
    ]
