from django.db import migrations

# Editors create and edit outlets from the desk (frozen, as in 0003, 0005 and 0008; the
# fact-checkers' role is unchanged).
ROLES = {
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
        "claims.view_story",
        "claims.view_fact",
        "claims.view_factsource",
        "claims.view_dossierrevision",
        "claims.review_claim",
        "claims.publish_claim",
        "claims.add_story",
        "claims.change_story",
        "claims.publish_story",
        "claims.add_fact",
        "claims.change_fact",
        "claims.add_factsource",
        "claims.change_factsource",
        "claims.delete_factsource",
        "articles.change_article",
        "articles.view_importbatch",
        "articles.add_outlet",
        "articles.change_outlet",
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
        "claims.view_story",
        "claims.view_fact",
        "claims.view_factsource",
        "claims.view_dossierrevision",
        "claims.review_claim",
        "claims.publish_claim",
        "claims.add_story",
        "claims.change_story",
        "claims.publish_story",
        "claims.add_fact",
        "claims.change_fact",
        "claims.add_factsource",
        "claims.change_factsource",
        "claims.delete_factsource",
        "articles.change_article",
        "articles.view_importbatch",
        "articles.add_outlet",
        "articles.change_outlet",
        "articles.add_article",
        "articles.delete_article",
        "articles.add_importbatch",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        "auditlog.view_logentry",
    ],
}


def update_roles(apps, schema_editor):
    from claims.roles import sync_roles

    sync_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_claimant_type_and_date_precision"),
        ("articles", "0009_outlet_details_and_originals"),
    ]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
