from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "foretagsklimat.apps.accounts"
    label = "accounts"
    verbose_name = "Konton"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
