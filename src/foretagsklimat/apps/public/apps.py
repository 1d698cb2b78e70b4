from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "foretagsklimat.apps.public"
    label = "public"
