from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, verdicts and dossiers"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender, apps=None, **kwargs) -> None:
    """Keep the role groups after every migrate, and after a flush (tests, `manage.py flush`,
    which sends the signal without the migration's apps)."""
    from django.apps import apps as global_apps

    from claims.roles import sync_roles

    sync_roles(apps or global_apps)
