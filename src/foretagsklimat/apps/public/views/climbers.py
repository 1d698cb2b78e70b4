"""Climbers and fallers: the largest moves in total rank since the previous year."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from foretagsklimat.apps.ranking.queries import published_years
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from .common import results_or_404
from .municipality import download_links, records

#: How many climbers and fallers are listed nationally.
TOP = 10
COLUMNS = ["kommunkod", "kommun", "lansnamn", "rank", "previous_rank", "change", "points"]


@require_GET
def climbers(request: HttpRequest, year: int) -> HttpResponse:
    """Top climbers and fallers nationally, and each county's biggest climber."""
    results = results_or_404(year, "public:climbers")
    moved = results.totals.dropna(subset=["change"])
    up = moved[moved["change"] > 0].sort_values(["change", "rank"], ascending=[False, True])
    down = moved[moved["change"] < 0].sort_values(["change", "rank"], ascending=[True, True])
    up, down = up.head(TOP), down.head(TOP)
    per_county = county_climbers(moved)
    download = download_response(
        request,
        {
            "klattrare": up[COLUMNS],
            "fallare": down[COLUMNS],
            "per-lan": per_county[["lanskod", *COLUMNS]],
        },
        f"klattrare-{year}",
        synthetic=results.synthetic,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=results.methodology.name,
    )
    if download:
        return download

    years = published_years()
    state: dict[str, Any] = {}
    context: dict[str, Any] = {
        "year": year,
        "years": years,
        "year_links": [{"year": y, "query": reverse("public:climbers", args=[y])} for y in years],
        "methodology": results.methodology,
        "has_previous": not moved.empty,
        "climbers": records(up),
        "fallers": records(down),
        "per_county": records(per_county),
        "top_climber": records(up.head(1))[0] if not up.empty else None,
        "top_places": int(up["change"].iloc[0]) if not up.empty else 0,
        "count": len(results.totals),
        "downloads": {
            name.replace("-", "_"): download_links(state, name)
            for name in ("klattrare", "fallare", "per-lan")
        },
    }
    return render(request, "public/climbers.html", context)


def county_climbers(moved: pd.DataFrame) -> pd.DataFrame:
    """Each county's largest rise in rank (ties: the better rank), in county code order.

    A county where no municipality rose still shows its best move, which may be zero or a
    fall; the change column says which.
    """
    return (
        moved.sort_values(["change", "rank"], ascending=[False, True])
        .drop_duplicates("lanskod")
        .sort_values("lanskod")
        .reset_index(drop=True)
    )
