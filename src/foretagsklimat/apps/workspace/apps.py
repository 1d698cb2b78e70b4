from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "foretagsklimat.apps.workspace"
    label = "workspace"
    verbose_name = "Arbetsyta"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .services.members import accept_invitations

        user_logged_in.connect(accept_invitations, dispatch_uid="workspace.accept_invitations")
