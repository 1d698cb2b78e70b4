from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("ranking/<int:year>/", views.ranking, name="ranking"),
    path(
        "ranking/<int:year>/ranking-<int:same_year>.<str:fmt>",
        views.ranking_download,
        name="ranking_download",
    ),
    path("metod/", views.methodologies, name="methodologies"),
    path("halsa/", views.health, name="health"),
]
