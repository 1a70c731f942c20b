from django.db import migrations


def create_roles(apps, schema_editor):
    from claims.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_review_workflow"),
        ("articles", "0002_alter_article_content_hash_articlebodyversion"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
