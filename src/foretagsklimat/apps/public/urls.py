from django.urls import path

from . import views
from .caching import cached_page
from .views.comparison import comparison, latest_comparison

app_name = "public"
urlpatterns = [
    path("", cached_page(views.home), name="home"),
    path("sok/", views.search, name="search"),
    path("ranking/<int:year>/", cached_page(views.ranking), name="ranking"),
    path("kommun/<str:kommunkod>/", cached_page(views.municipality), name="municipality"),
    path(
        "kommun/<str:kommunkod>/jamforelse/",
        latest_comparison,
        name="comparison_latest",
    ),
    path(
        "kommun/<str:kommunkod>/jamforelse/<int:year>/",
        cached_page(comparison),
        name="comparison",
    ),
    path("klattrare/<int:year>/", cached_page(views.climbers), name="climbers"),
    path("lan/<str:lanskod>/", cached_page(views.county), name="county"),
    path("drivare/<int:year>/", cached_page(views.drivers), name="drivers"),
    path("metod/", cached_page(views.methodologies), name="methodologies"),
    path("halsa/", views.health, name="health"),
]
