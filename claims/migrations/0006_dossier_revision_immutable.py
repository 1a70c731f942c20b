from django.db import migrations

# A published dossier revision never changes: the model refuses it, and the database too, for
# whatever writes past the model (raw SQL, another service). Deleting one is refused on
# PostgreSQL; SQLite's test flush deletes rows, so there only updates are refused.
_TABLE = "claims_dossierrevision"

_POSTGRES = [
    f"""
    CREATE FUNCTION claims_dossierrevision_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'A published dossier revision cannot change';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER claims_dossierrevision_immutable
        BEFORE UPDATE OR DELETE ON {_TABLE}
        FOR EACH ROW EXECUTE FUNCTION claims_dossierrevision_immutable();
    """,
    f"""
    DROP TRIGGER claims_dossierrevision_immutable ON {_TABLE};
    DROP FUNCTION claims_dossierrevision_immutable();
    """,
]
_SQLITE = [
    f"""
    CREATE TRIGGER claims_dossierrevision_immutable BEFORE UPDATE ON {_TABLE}
    BEGIN SELECT RAISE(ABORT, 'A published dossier revision cannot change'); END;
    """,
    "DROP TRIGGER claims_dossierrevision_immutable;",
]


def _run(index):
    def run(apps, schema_editor):
        statements = {"postgresql": _POSTGRES, "sqlite": _SQLITE}.get(schema_editor.connection.vendor)
        if statements:
            schema_editor.execute(statements[index])

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_roles_for_stories")]

    operations = [migrations.RunPython(_run(0), _run(1))]
