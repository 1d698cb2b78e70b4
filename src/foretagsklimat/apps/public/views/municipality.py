from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def municipality(request: HttpRequest, kommunkod: str) -> HttpResponse:
    raise Http404("Not built yet.")
