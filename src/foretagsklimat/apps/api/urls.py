from django.urls import path

from .api import api
from .views import index

app_name = "api"

urlpatterns = [
    path("", index, name="index"),
    *api.urls[0],
]
