from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def climbers(request: HttpRequest, year: int) -> HttpResponse:
    raise Http404("Not built yet.")
