from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "factcheck.accounts"
    label = "desk_accounts"
    verbose_name = _("Desk accounts")

    def ready(self) -> None:
        from factcheck.accounts import signals  # noqa: F401 (connects the receivers)
