from django.urls import URLPattern, URLResolver, path

from foretagsklimat.apps.ranking.queries import cached_until_published

from .api import api
from .views import index

app_name = "api"


def _cached(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    """Serve every API GET from the response cache until a new ranking is published."""
    if isinstance(pattern, URLPattern):
        return URLPattern(
            pattern.pattern,
            cached_until_published(pattern.callback),
            pattern.default_args,
            pattern.name,
        )
    return pattern


urlpatterns = [
    path("", cached_until_published(index), name="index"),
    *(_cached(p) for p in api.urls[0]),
]
