"""One municipality: rank, history, every factor against its peers, map and comparison."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foretagsklimat.apps.public.maps import legend, sweden_map
from foretagsklimat.apps.ranking.highlights import municipality_highlight
from foretagsklimat.apps.ranking.queries import (
    YearResults,
    municipality_history,
    published_years,
    year_results,
)
from foretagsklimat.apps.statistics.services import statistic_sources
from foretagsklimat.reference.search import search_key
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from ..presentation import (
    factor_table,
    indicator_label,
    optional_number,
    rank_chart,
    records,
)
from .common import results_or_404, year_not_published
from .municipality_analysis import analysis_context

#: How many municipalities the comparison box takes at most, and how many inputs it shows.
MAX_COMPARED = 6
COMPARE_INPUTS = 3
#: How many strengths and weaknesses are named.
STRENGTHS = 3


@require_GET
def municipality(request: HttpRequest, kommunkod: str) -> HttpResponse:
    """Rank, history chart, factors against means, strengths, map, comparison box."""
    years = published_years()
    year = chosen_year(request, years)
    results = results_or_404(year)
    if kommunkod not in set(results.totals["kommunkod"]):
        raise Http404(_("Okänd kommunkod."))
    row = results.municipality(kommunkod)
    previous = year_results(year - 1) if year - 1 in years else None

    factors = factor_table(results, kommunkod)
    # A statistic from an open data service is shown with its source ("Källa: Kolada"),
    # as the service's terms ask; on the page and in the download alike.
    statistic_of = {i.code: i.source for i in results.methodology.indicators}
    shown = statistic_sources(year, kommunkod)
    factors.insert(
        list(factors.columns).index("suppressed"),
        "source",
        [shown.get(statistic_of.get(code, ""), "") for code in factors["indicator"]],
    )
    history = municipality_history(kommunkod)
    compared = compared_codes(request, results, kommunkod)
    tables = {"faktorer": factors_download(factors), "historik": history}
    comparison = comparison_table(results, [kommunkod, *compared]) if compared else None
    if comparison is not None:
        tables["jamforelse"] = comparison
    download = download_response(
        request,
        tables,
        f"{kommunkod}-{year}",
        synthetic=results.synthetic,
        labels={**downloads.LABELS, **downloads.factor_labels(results.methodology)},
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=results.methodology.name,
    )
    if download:
        return download

    state: dict[str, Any] = {"ar": year}
    if compared:
        state["jamfor"] = compared
    ranks = dict(zip(results.totals["kommunkod"], results.totals["rank"].astype(int), strict=True))
    strengths, weaknesses = strengths_and_weaknesses(factors, int(row["rank"]))
    context: dict[str, Any] = {
        "year": year,
        "years": years,
        "year_links": [
            {"year": y, "query": "?" + urlencode({**state, "ar": y}, doseq=True)} for y in years
        ],
        "summary": summary(results, row),
        "methodology": results.methodology,
        "synthetic_table": results.synthetic,
        "min_answers": settings.MIN_ANSWERS,
        "highlight": municipality_highlight(
            results, previous, kommunkod, "en" if get_language() == "en" else "sv"
        ),
        "history": records(history),
        "chart": rank_chart(history, len(results.totals), str(row["kommun"])),
        "factors": records(factors),
        "strengths": strengths,
        "weaknesses": weaknesses,
        "map": sweden_map(
            ranks,
            highlight=kommunkod,
            label=_("Karta över Sverige där %(name)s är markerad") % {"name": row["kommun"]},
        ),
        "legend": legend(),
        "names": sorted(results.totals["kommun"]),
        "compare_values": compare_inputs(results, compared),
        "comparison": None if comparison is None else comparison_context(comparison, results),
        "downloads": {
            name: download_links(state, name) for name in ("faktorer", "historik", "jamforelse")
        },
    }
    context.update(analysis_context(request, results, kommunkod, row))
    return render(request, "public/municipality.html", context)


def summary(results: YearResults, row: pd.Series) -> dict[str, Any]:
    """The headline figures, with missing changes as None rather than NaN."""
    totals = results.totals
    return {
        "kommunkod": row["kommunkod"],
        "kommun": row["kommun"],
        "lanskod": row["lanskod"],
        "lansnamn": row["lansnamn"],
        "kommungrupp": row["kommungrupp"],
        "kommungrupp_kod": row["kommungrupp_kod"],
        "rank": int(row["rank"]),
        "count": len(totals),
        "change": None if pd.isna(row["change"]) else int(row["change"]),
        "previous_rank": None if pd.isna(row["previous_rank"]) else int(row["previous_rank"]),
        "points": float(row["points"]),
        "county_rank": int(row["county_rank"]),
        "county_count": int((totals["lanskod"] == row["lanskod"]).sum()),
        "group_rank": int(row["group_rank"]),
        "group_count": int((totals["kommungrupp_kod"] == row["kommungrupp_kod"]).sum()),
    }


def chosen_year(request: HttpRequest, years: list[int]) -> int:
    """``?ar=YYYY`` when it is a published year; the latest when absent; else 404."""
    if not years:
        raise Http404(_("Ingen ranking är publicerad."))
    raw = request.GET.get("ar")
    if raw is None or raw == "":
        return years[-1]
    try:
        year = int(raw)
    except ValueError:
        raise Http404(_("Okänt år.")) from None
    if year not in years:
        raise year_not_published(year)
    return year


def download_links(state: dict[str, Any], table: str) -> dict[str, str]:
    """Query strings for a table's CSV (for Excel, and for scripts) and the page's Excel
    file, keeping the page state."""
    return {
        "csv": "?" + urlencode({**state, "format": "csv", "table": table}, doseq=True),
        "csv_machine": "?"
        + urlencode({**state, "format": "csv", "table": table, "dialect": "machine"}, doseq=True),
        "xlsx": "?" + urlencode({**state, "format": "xlsx"}, doseq=True),
    }


def factors_download(factors: pd.DataFrame) -> pd.DataFrame:
    return factors.drop(columns=["label"]).rename(columns={"indicator": "faktor"})


def strengths_and_weaknesses(
    factors: pd.DataFrame, total_rank: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The factors ranked best and worst relative to the municipality's own total rank.

    ``total_rank - factor rank``: positive when the municipality does better on the factor
    than overall. The three largest are strengths, the three smallest weaknesses;
    suppressed factors are left out. Equal differences keep the methodology's order.
    """
    usable = factors.assign(order=range(len(factors)))
    usable = usable[~usable["suppressed"] & usable["rank"].notna()]
    if usable.empty:
        return [], []
    usable = usable.assign(relative=total_rank - usable["rank"].astype(float))
    ordered = usable.sort_values(["relative", "order"], ascending=[False, True])
    strengths = ordered.head(STRENGTHS)
    rest = ordered.drop(strengths.index)
    weaknesses = rest.sort_values(["relative", "order"], ascending=[True, True]).head(STRENGTHS)
    return records(strengths), records(weaknesses)


def compared_codes(request: HttpRequest, results: YearResults, own: str) -> list[str]:
    """``?jamfor=`` values as municipality codes: a code or a name, unknown ones ignored."""
    by_name = {
        search_key(str(n)): str(c)
        for c, n in zip(results.totals["kommunkod"], results.totals["kommun"], strict=True)
    }
    known = set(by_name.values())
    codes: list[str] = []
    for raw in request.GET.getlist("jamfor"):
        value = raw.strip()
        code = value if value in known else by_name.get(search_key(value))
        if code and code != own and code not in codes:
            codes.append(code)
    return codes[:MAX_COMPARED]


def compare_inputs(results: YearResults, compared: list[str]) -> list[str]:
    """Prefilled values of the comparison inputs: the names chosen, then empty boxes."""
    names = dict(zip(results.totals["kommunkod"], results.totals["kommun"], strict=True))
    values = [str(names[c]) for c in compared]
    return values + [""] * max(COMPARE_INPUTS - len(values), 1)


def comparison_table(results: YearResults, codes: list[str]) -> pd.DataFrame:
    """Long table for the chosen municipalities: total rank, then each factor's value/rank."""
    totals = results.totals.set_index("kommunkod")
    indicators = results.indicators[results.indicators["kommunkod"].isin(codes)]
    rows = []
    for code in codes:
        rows.append(
            {
                "kommunkod": code,
                "kommun": totals.loc[code, "kommun"],
                "faktor": "total",
                "value": optional_number(totals.loc[code, "points"]),
                "rank": optional_number(totals.loc[code, "rank"]),
                "suppressed": False,
            }
        )
    for indicator in results.methodology.indicators:
        chosen = indicators[indicators["indicator"] == indicator.code].set_index("kommunkod")
        for code in codes:
            if code not in chosen.index:
                continue
            suppressed = bool(chosen.loc[code, "suppressed"])
            rows.append(
                {
                    "kommunkod": code,
                    "kommun": totals.loc[code, "kommun"],
                    "faktor": indicator.code,
                    "value": None if suppressed else optional_number(chosen.loc[code, "value"]),
                    "rank": None if suppressed else optional_number(chosen.loc[code, "rank"]),
                    "suppressed": suppressed,
                }
            )
    return pd.DataFrame.from_records(
        rows, columns=["kommunkod", "kommun", "faktor", "value", "rank", "suppressed"]
    )


def comparison_context(comparison: pd.DataFrame, results: YearResults) -> dict[str, Any]:
    """The long comparison table as rows of cells, one column per municipality."""
    codes = list(dict.fromkeys(comparison["kommunkod"]))
    names = dict(zip(comparison["kommunkod"], comparison["kommun"], strict=True))
    cells = {(r["faktor"], r["kommunkod"]): r for r in records(comparison)}
    rows = [
        {
            "label": _("Placering totalt"),
            "total": True,
            "cells": [cells[("total", c)] for c in codes],
        }
    ]
    for indicator in results.methodology.indicators:
        rows.append(
            {
                "label": indicator_label(indicator),
                "total": False,
                "cells": [cells.get((indicator.code, c)) for c in codes],
            }
        )
    return {"columns": [{"code": c, "name": names[c]} for c in codes], "rows": rows}
