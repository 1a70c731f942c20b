from django.db import migrations, models


def fill_file(apps, schema_editor):
    """Items written before the field: the file is the name without its record number."""
    item_model = apps.get_model("articles", "ImportItem")
    for item in item_model.objects.all().iterator():
        item.file = item.name.split("#", 1)[0]
        item.save(update_fields=["file"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_article_version")]

    operations = [
        migrations.AddField(
            model_name="importitem",
            name="file",
            field=models.CharField(
                default="", help_text="The file (or zip entry) the item came from.", max_length=1000
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_file, migrations.RunPython.noop),
    ]
