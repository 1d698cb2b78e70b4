from django.urls import include, path

from foretagsklimat.web.language import switch_language

urlpatterns = [
    path("sprak/<str:code>/", switch_language, name="switch_language"),
    path("konto/", include("foretagsklimat.apps.accounts.urls")),
    path("arbetsyta/", include("foretagsklimat.apps.workspace.urls")),
    path("u/", include("foretagsklimat.apps.workspace.urls.kiosk")),
    path("api/v1/", include("foretagsklimat.apps.api.urls")),
    path("", include("foretagsklimat.apps.survey.urls")),
    path("", include("foretagsklimat.apps.public.urls")),
]
