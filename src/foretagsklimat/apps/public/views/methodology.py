from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foretagsklimat.engine.methodology import builtin_methodologies


@require_GET
def methodologies(request: HttpRequest) -> HttpResponse:
    """Each methodology rendered from its file, weights shown, inferred parts marked."""
    ordered = sorted(builtin_methodologies().values(), key=lambda m: (m.first_year, m.name))
    return render(request, "public/methodologies.html", {"methodologies": ordered})
