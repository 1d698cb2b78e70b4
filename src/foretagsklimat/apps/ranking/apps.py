from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "foretagsklimat.apps.ranking"
    label = "ranking"

    def ready(self) -> None:
        # Closing a survey round publishes the year's ranking (survey → ranking by signal).
        from . import receivers  # noqa: F401
