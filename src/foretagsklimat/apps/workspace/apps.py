from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "foretagsklimat.apps.workspace"
    label = "workspace"
    verbose_name = "Arbetsyta"
