from django.urls import URLPattern, URLResolver, path

from foretagsklimat.apps.public.caching import cached_page

from .api import api
from .views import index

app_name = "api"


def _cached(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    """Serve every API GET from the response cache until a new ranking is published."""
    if isinstance(pattern, URLPattern):
        return URLPattern(
            pattern.pattern, cached_page(pattern.callback), pattern.default_args, pattern.name
        )
    return pattern


urlpatterns = [
    path("", cached_page(index), name="index"),
    *(_cached(p) for p in api.urls[0]),
]
