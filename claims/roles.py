"""The desk's roles, as Django groups, and the permissions each one holds.

A data migration creates the groups; change a role here and add a migration that calls
`sync_roles` again.
"""

FACT_CHECKER = "Fact-checkers"
EDITOR = "Editors"
ADMIN = "Admins"

_FACT_CHECKER_PERMISSIONS = [
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
]
# Editors review claims and facts (the review permission serves both), compose the stories'
# facts and publish their dossiers.
_EDITOR_PERMISSIONS = [
    *_FACT_CHECKER_PERMISSIONS,
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
]
_ADMIN_PERMISSIONS = [
    *_EDITOR_PERMISSIONS,
    "articles.add_article",
    "articles.delete_article",
    "articles.add_importbatch",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    # The audit trail: logins, failures and lockouts (axes), account changes and tokens
    # (auditlog); unlocking an account is deleting its access attempts.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    "auditlog.view_logentry",
]

ROLES = {FACT_CHECKER: _FACT_CHECKER_PERMISSIONS, EDITOR: _EDITOR_PERMISSIONS, ADMIN: _ADMIN_PERMISSIONS}


def sync_roles(apps, roles: dict[str, list[str]] | None = None) -> None:
    """Create or update the role groups with exactly their permissions.

    Called by a data migration (with the historical apps, where permissions may not exist
    yet) and after every migrate or flush (post_migrate), so the groups are always there.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    if apps is not global_apps:
        for app_config in apps.get_app_configs():
            app_config.models_module = True  # historical apps: let create_permissions see them
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codes in (roles or ROLES).items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
