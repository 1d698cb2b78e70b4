"""Whole-response caching for pages that change only when something is published.

A rendered public page stays valid until the next ranking is saved. The cache key
carries a *generation* that the caller supplies (for the public pages and the API: the
newest published run, :func:`foretagsklimat.apps.ranking.queries.publication_generation`),
so publishing makes every cached page stale at once, in every process, without explicit
invalidation. Pages with a logged-in user or a POST are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

View = Callable[..., HttpResponse]
TIMEOUT = 3600


def page_cache(generation: Callable[[], str]) -> Callable[[View], View]:
    """A view decorator caching anonymous GET responses until ``generation()`` changes."""

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

    return cached_page
