from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.ranking.queries import YearResults, published_years
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from ..presentation import indicator_label
from .common import results_or_404

SORT_KEYS = ("rank", "kommun", "change", "points", "factor")


@require_GET
def ranking(request: HttpRequest, year: int) -> HttpResponse:
    """All 290 with rank, change and points; a factor as column or sort key; filters."""
    results = results_or_404(year)
    methodology = results.methodology
    county = request.GET.get("lan", "")
    group = request.GET.get("grupp", "")
    factor = request.GET.get("faktor", "")
    if factor not in methodology.codes:
        factor = ""
    sort = request.GET.get("sort", "rank")
    if sort not in SORT_KEYS or (sort == "factor" and not factor):
        sort = "rank"
    descending = request.GET.get("ordning") == "fallande"

    rows = results.totals
    if county:
        rows = rows[rows["lanskod"] == county]
    if group:
        rows = rows[rows["kommungrupp_kod"] == group]
    if factor:
        chosen = results.indicators[results.indicators["indicator"] == factor][
            ["kommunkod", "value", "rank", "rank_change", "suppressed"]
        ].rename(
            columns={
                "value": "factor_value",
                "rank": "factor_rank",
                "rank_change": "factor_change",
                "suppressed": "factor_suppressed",
            }
        )
        rows = rows.merge(chosen, on="kommunkod", how="left")
    key = {"factor": "factor_rank", "kommun": "kommun"}.get(sort, sort)
    # "Best first" is ascending for ranks but descending for change and points.
    ascending = sort in {"rank", "kommun", "factor"}
    if descending:
        ascending = not ascending
    rows = rows.sort_values([key, "rank"], ascending=[ascending, True], na_position="last")

    columns = ["rank", "kommunkod", "kommun", "lansnamn", "kommungrupp_kod", "points", "change"]
    if factor:
        columns += ["factor_value", "factor_rank", "factor_change"]
    shown = rows[columns].rename(
        columns={
            c: f"{factor}_{c.removeprefix('factor_')}" for c in columns if c.startswith("factor_")
        }
    )
    download = download_response(
        request,
        {"ranking": shown, "alla-faktorer": _all_factors(results, rows["kommunkod"])},
        f"ranking-{year}" + (f"-{factor}" if factor else ""),
        synthetic=results.synthetic,
        labels={**downloads.LABELS, **downloads.factor_labels(methodology)},
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=methodology.name,
    )
    if download:
        return download

    params = {k: v for k, v in {"lan": county, "grupp": group, "faktor": factor}.items() if v}
    ref = reference.municipalities()
    context: dict[str, Any] = {
        "year": year,
        "years": published_years(),
        "methodology": methodology,
        "rows": rows.to_dict("records"),
        "synthetic_table": results.synthetic,
        "counties": reference.counties().to_dict("records"),
        "groups": ref.drop_duplicates("kommungrupp_kod")
        .sort_values("kommungrupp_kod")[["kommungrupp_kod", "kommungrupp"]]
        .to_dict("records"),
        "factors": [{"code": i.code, "label": indicator_label(i)} for i in methodology.indicators],
        "county": county,
        "group": group,
        "factor": factor,
        "factor_label": indicator_label(methodology.indicator(factor)) if factor else "",
        "sort": sort,
        "descending": descending,
        "sort_links": _sort_links(params, sort, descending),
        "query": urlencode(
            {**params, "sort": sort, **({"ordning": "fallande"} if descending else {})}
        ),
        "filtered": bool(county or group),
    }
    return render(request, "public/ranking.html", context)


def _all_factors(results: YearResults, codes: pd.Series) -> pd.DataFrame:
    """Every indicator's value, n, rank and points per municipality, in the shown order."""
    wide = results.indicators.pivot(
        index="kommunkod", columns="indicator", values=["value", "n", "rank", "points"]
    )
    # pivot with several values gives (stage, indicator) pairs as the columns.
    pairs = cast(pd.MultiIndex, wide.columns)
    wide.columns = [f"{indicator}_{stage}" for stage, indicator in pairs]
    ordered = [
        f"{i.code}_{stage}"
        for i in results.methodology.indicators
        for stage in ("value", "n", "rank", "points")
        if f"{i.code}_{stage}" in wide.columns
    ]
    totals = results.totals.set_index("kommunkod")[["kommun", "rank", "points"]]
    return totals.join(wide[ordered]).loc[list(codes)].reset_index()


def _sort_links(params: dict[str, str], sort: str, descending: bool) -> dict[str, str]:
    """Query strings for the column headers: a second click reverses the order."""
    links = {}
    for key in SORT_KEYS:
        query = {**params, "sort": key}
        if key == sort and not descending:
            query["ordning"] = "fallande"
        links[key] = "?" + urlencode(query)
    return links
