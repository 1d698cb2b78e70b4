from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "foretagsklimat.apps.ranking"
    label = "ranking"
