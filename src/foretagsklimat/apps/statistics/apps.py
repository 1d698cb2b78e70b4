from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "foretagsklimat.apps.statistics"
    label = "official_statistics"
