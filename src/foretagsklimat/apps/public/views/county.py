"""One county: its municipalities ranked, its best and biggest climber, a small map."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.public.maps import legend, sweden_map
from foretagsklimat.apps.ranking.queries import published_years
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from .common import results_or_404
from .municipality import chosen_year, download_links, records

COLUMNS = [
    "county_rank",
    "kommunkod",
    "kommun",
    "rank",
    "change",
    "points",
    "kommungrupp_kod",
    "group_rank",
]


@require_GET
def county(request: HttpRequest, lanskod: str) -> HttpResponse:
    """The county's municipalities by county rank, with national rank and change."""
    counties = reference.counties()
    match = counties[counties["lanskod"] == lanskod]
    if match.empty:
        raise Http404(_("Okänd länskod."))
    name = str(match.iloc[0]["lansnamn"])
    years = published_years()
    year = chosen_year(request, years)
    results = results_or_404(year)
    rows = results.totals[results.totals["lanskod"] == lanskod].sort_values(["county_rank", "rank"])
    download = download_response(
        request,
        {"kommuner": rows[COLUMNS]},
        f"lan-{lanskod}-{year}",
        synthetic=results.synthetic,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=results.methodology.name,
    )
    if download:
        return download

    moved = rows.dropna(subset=["change"])
    climber = (
        records(moved.sort_values(["change", "rank"], ascending=[False, True]).head(1))
        if not moved.empty
        else []
    )
    ranks = dict(zip(rows["kommunkod"], rows["rank"].astype(int), strict=True))
    context: dict[str, Any] = {
        "lanskod": lanskod,
        "name": name,
        "year": year,
        "years": years,
        "year_links": [{"year": y, "query": f"?ar={y}"} for y in years],
        "methodology": results.methodology,
        "rows": records(rows),
        "count": len(results.totals),
        "best": records(rows.head(1))[0] if not rows.empty else None,
        "climber": climber[0] if climber else None,
        "mean_points": float(rows["points"].mean()) if not rows.empty else None,
        "map": sweden_map(
            ranks,
            label=_("Karta över Sverige där kommunerna i %(county)s är färgade efter placering")
            % {"county": name},
        ),
        "legend": legend(),
        "counties": counties.to_dict("records"),
        "downloads": download_links({"ar": year}, "kommuner"),
    }
    return render(request, "public/county.html", context)
