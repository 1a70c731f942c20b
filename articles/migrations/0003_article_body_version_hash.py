import hashlib

from django.db import migrations, models


def hash_existing_versions(apps, schema_editor):
    version_model = apps.get_model("articles", "ArticleBodyVersion")
    for version in version_model.objects.all().iterator():
        version.body_hash = hashlib.sha256(version.body.encode("utf-8")).hexdigest()
        version.save(update_fields=["body_hash"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_alter_article_content_hash_articlebodyversion")]

    operations = [
        migrations.AddField(
            model_name="articlebodyversion",
            name="body_hash",
            field=models.CharField(
                db_index=True,
                default="",
                help_text="SHA-256 of this version: a re-import of it is a duplicate.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(hash_existing_versions, migrations.RunPython.noop),
    ]
