"""Members of the workspace (admin)."""

from ..views import members
from .converters import workspace_path

urlpatterns = [
    workspace_path("medlemmar/", members.member_list, name="members"),
    workspace_path("medlemmar/bjud-in/", members.member_invite, name="member_invite"),
    workspace_path(
        "medlemmar/<int:membership_id>/skicka-inbjudan/",
        members.member_resend,
        name="member_resend",
    ),
    workspace_path(
        "medlemmar/<int:membership_id>/aterstall-atkomst/",
        members.member_reset,
        name="member_reset",
    ),
    workspace_path("medlemmar/<int:membership_id>/roll/", members.member_role, name="member_role"),
    workspace_path(
        "medlemmar/<int:membership_id>/ta-bort/", members.member_remove, name="member_remove"
    ),
]
