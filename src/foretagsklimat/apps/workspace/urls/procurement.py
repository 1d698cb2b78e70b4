"""The procurement dialogue."""

from ..views import procurement
from .converters import workspace_path

urlpatterns = [
    workspace_path("upphandling/", procurement.item_list, name="procurement"),
    workspace_path("upphandling/ny/", procurement.item_create, name="procurement_create"),
    workspace_path(
        "upphandling/<int:item_id>/andra/", procurement.item_edit, name="procurement_edit"
    ),
]
