"""Follow-up actions."""

from ..views import followups
from .converters import workspace_path

urlpatterns = [
    workspace_path("uppfoljning/", followups.follow_up_list, name="followups"),
    workspace_path("uppfoljning/ny/", followups.follow_up_create, name="followup_create"),
    workspace_path(
        "uppfoljning/<int:follow_up_id>/ta-bort/",
        followups.follow_up_delete,
        name="followup_delete",
    ),
    workspace_path(
        "uppfoljning/<int:follow_up_id>/klar/", followups.follow_up_done, name="followup_done"
    ),
]
