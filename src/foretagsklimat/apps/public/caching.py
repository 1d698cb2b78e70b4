"""Whole-response caching for public pages.

Published results only change when a ranking is saved, so a rendered page stays valid
until then. The cache key carries a *generation* — the newest published run — so saving a
ranking makes every cached page stale at once, in every process, without explicit
invalidation. Pages with a logged-in user or a POST are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from foretagsklimat.apps.ranking.models import RankingRun

View = Callable[..., HttpResponse]
TIMEOUT = 3600


def generation() -> str:
    """Changes whenever a ranking is saved or replaced."""
    latest = RankingRun.objects.aggregate(pk=Max("pk"), at=Max("created_at"))
    count = RankingRun.objects.filter(is_current=True).count()
    return f"{latest['pk']}-{latest['at']}-{count}"


def cached_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{generation()}|{get_language()}|{request.get_full_path()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        response: HttpResponse | None = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper
