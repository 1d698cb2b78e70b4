"""The evaluation kiosk at ``/u/``: the short links the company opens (no login)."""

from django.urls import path

from ..views import evaluation

app_name = "kiosk"

urlpatterns = [
    path("", evaluation.start, name="start"),
    path("<str:code>/", evaluation.kiosk_evaluate, name="evaluate"),
]
