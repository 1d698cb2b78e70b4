from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("ranking/<int:year>/", views.ranking, name="ranking"),
    path("kommun/<str:kommunkod>/", views.municipality, name="municipality"),
    path("klattrare/<int:year>/", views.climbers, name="climbers"),
    path("lan/<str:lanskod>/", views.county, name="county"),
    path("metod/", views.methodologies, name="methodologies"),
    path("halsa/", views.health, name="health"),
]
