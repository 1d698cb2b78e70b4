"""The board's dashboard, its PDF report, and the goals."""

from ..views import dashboard, goals
from .converters import workspace_path

urlpatterns = [
    workspace_path("oversikt/", dashboard.dashboard, name="dashboard"),
    workspace_path("oversikt/rapport.pdf", dashboard.dashboard_pdf, name="dashboard_pdf"),
    workspace_path(
        "oversikt/publicerade-resultat/", dashboard.published_import, name="published_import"
    ),
    workspace_path("mal/", goals.goal_list, name="goals"),
    workspace_path("mal/nytt/", goals.goal_create, name="goal_create"),
    workspace_path("mal/<int:goal_id>/andra/", goals.goal_edit, name="goal_edit"),
    workspace_path("mal/<int:goal_id>/ta-bort/", goals.goal_delete, name="goal_delete"),
]
