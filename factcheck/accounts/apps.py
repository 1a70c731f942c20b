from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "factcheck.accounts"
    label = "desk_accounts"
    verbose_name = "Desk accounts"

    def ready(self) -> None:
        from factcheck.accounts import signals  # noqa: F401 (connects the receivers)
