"""URLs of the board's dashboard, its PDF report and the goals."""

from django.urls import path

from .views import goals

urlpatterns = [
    path("<kommunkod:kommunkod>/oversikt/", goals.dashboard, name="dashboard"),
    path("<kommunkod:kommunkod>/oversikt/rapport.pdf", goals.dashboard_pdf, name="dashboard_pdf"),
    path("<kommunkod:kommunkod>/mal/", goals.goal_list, name="goals"),
    path("<kommunkod:kommunkod>/mal/nytt/", goals.goal_create, name="goal_create"),
    path("<kommunkod:kommunkod>/mal/<int:goal_id>/andra/", goals.goal_edit, name="goal_edit"),
    path("<kommunkod:kommunkod>/mal/<int:goal_id>/ta-bort/", goals.goal_delete, name="goal_delete"),
]
