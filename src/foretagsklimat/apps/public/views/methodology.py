from __future__ import annotations

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foretagsklimat.engine.methodology import builtin_methodologies
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads


@require_GET
def methodologies(request: HttpRequest) -> HttpResponse:
    """Each methodology rendered from its file, weights shown, inferred parts marked."""
    ordered = sorted(builtin_methodologies().values(), key=lambda m: (m.first_year, m.name))
    tables = {
        m.name: pd.DataFrame([i.to_dict() for i in m.indicators]).assign(
            methodology=m.name, first_year=m.first_year, last_year=m.last_year
        )
        for m in ordered
    }
    download = download_response(
        request,
        tables,
        "metoder",
        synthetic=False,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
    )
    if download:
        return download
    return render(request, "public/methodologies.html", {"methodologies": ordered})
