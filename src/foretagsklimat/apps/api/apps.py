from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "foretagsklimat.apps.api"
    label = "api"
    verbose_name = "API"
