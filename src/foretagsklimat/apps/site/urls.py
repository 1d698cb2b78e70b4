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

# The site's own error pages (web/errors.py); Django uses them when DEBUG is off.
handler403 = "foretagsklimat.web.errors.permission_denied"
handler404 = "foretagsklimat.web.errors.page_not_found"
handler500 = "foretagsklimat.web.errors.server_error"
