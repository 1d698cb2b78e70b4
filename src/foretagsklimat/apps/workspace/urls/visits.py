"""Visits, visit targets, and the company's evaluation of a visit (by its token)."""

from django.urls import path

from ..views import evaluation, targets, visits
from .converters import workspace_path

urlpatterns = [
    workspace_path("besok/", visits.visit_list, name="visits"),
    workspace_path("besok/nytt/", visits.visit_create, name="visit_create"),
    workspace_path("besok/<int:visit_id>/", visits.visit_detail, name="visit"),
    workspace_path("besok/<int:visit_id>/andra/", visits.visit_edit, name="visit_edit"),
    workspace_path("besok/<int:visit_id>/genomfort/", visits.visit_held, name="visit_held"),
    workspace_path(
        "besok/<int:visit_id>/overlamning/", evaluation.hand_over, name="visit_hand_over"
    ),
    workspace_path("besoksmal/", targets.target_list, name="targets"),
    workspace_path("besoksmal/nytt/", targets.target_create, name="target_create"),
    workspace_path(
        "besoksmal/<int:target_id>/ta-bort/", targets.target_delete, name="target_delete"
    ),
    path("utvardering/<str:token>/", evaluation.evaluate, name="evaluate"),
]
