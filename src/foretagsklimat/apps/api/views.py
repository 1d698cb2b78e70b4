from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .api import CACHE_CONTROL
from .examples import EXAMPLES


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The API's own page: every endpoint with an example, no assets from elsewhere."""
    base = request.build_absolute_uri().rstrip("/")
    endpoints = [
        {
            "path": example.path,
            "about": example.about_sv,
            "curl": f"curl '{base}{example.request}'",
            "response": json.dumps(example.response, indent=2, ensure_ascii=False),
        }
        for example in EXAMPLES
    ]
    response = render(request, "api/index.html", {"endpoints": endpoints, "base": base})
    response["Cache-Control"] = CACHE_CONTROL
    return response
