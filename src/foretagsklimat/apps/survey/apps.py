from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "foretagsklimat.apps.survey"
    label = "survey"
