from django.urls import path

from foretagsklimat.apps.ranking.queries import cached_until_published

from . import views
from .views.comparison import comparison, latest_comparison

app_name = "public"
urlpatterns = [
    path("", cached_until_published(views.home), name="home"),
    path("sok/", views.search, name="search"),
    path("ranking/<int:year>/", cached_until_published(views.ranking), name="ranking"),
    path(
        "kommun/<str:kommunkod>/", cached_until_published(views.municipality), name="municipality"
    ),
    path(
        "kommun/<str:kommunkod>/jamforelse/",
        latest_comparison,
        name="comparison_latest",
    ),
    path(
        "kommun/<str:kommunkod>/jamforelse/<int:year>/",
        cached_until_published(comparison),
        name="comparison",
    ),
    path("klattrare/<int:year>/", cached_until_published(views.climbers), name="climbers"),
    path("lan/<str:lanskod>/", cached_until_published(views.county), name="county"),
    path("drivare/<int:year>/", cached_until_published(views.drivers), name="drivers"),
    path("metod/", cached_until_published(views.methodologies), name="methodologies"),
    path("halsa/", views.health, name="health"),
]
