from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "foretagsklimat.apps.reference"
    label = "reference"
