from django.db import migrations

# The roles as they were when this migration was written: a later change of claims/roles.py
# comes with a migration of its own (and post_migrate keeps the groups in step).
ROLES = {
    "Fact-checkers": [
        "articles.view_article",
        "articles.view_outlet",
        "claims.view_claim",
        "claims.add_claim",
        "claims.change_claim",
        "claims.view_verdict",
        "claims.add_verdict",
        "claims.change_verdict",
        "claims.view_source",
        "claims.add_source",
        "claims.change_source",
        "claims.view_claimsource",
        "claims.add_claimsource",
        "claims.change_claimsource",
        "claims.delete_claimsource",
        "claims.view_comment",
        "claims.add_comment",
    ],
    "Editors": [
        "articles.view_article",
        "articles.view_outlet",
        "claims.view_claim",
        "claims.add_claim",
        "claims.change_claim",
        "claims.view_verdict",
        "claims.add_verdict",
        "claims.change_verdict",
        "claims.view_source",
        "claims.add_source",
        "claims.change_source",
        "claims.view_claimsource",
        "claims.add_claimsource",
        "claims.change_claimsource",
        "claims.delete_claimsource",
        "claims.view_comment",
        "claims.add_comment",
        "claims.review_claim",
        "claims.publish_claim",
        "articles.change_article",
        "articles.view_importbatch",
    ],
    "Admins": [
        "articles.view_article",
        "articles.view_outlet",
        "claims.view_claim",
        "claims.add_claim",
        "claims.change_claim",
        "claims.view_verdict",
        "claims.add_verdict",
        "claims.change_verdict",
        "claims.view_source",
        "claims.add_source",
        "claims.change_source",
        "claims.view_claimsource",
        "claims.add_claimsource",
        "claims.change_claimsource",
        "claims.delete_claimsource",
        "claims.view_comment",
        "claims.add_comment",
        "claims.review_claim",
        "claims.publish_claim",
        "articles.change_article",
        "articles.view_importbatch",
        "articles.add_article",
        "articles.delete_article",
        "articles.add_outlet",
        "articles.change_outlet",
        "articles.add_importbatch",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}


def create_roles(apps, schema_editor):
    from claims.roles import sync_roles

    sync_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_review_workflow"),
        ("articles", "0002_alter_article_content_hash_articlebodyversion"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
