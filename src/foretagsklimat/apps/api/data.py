"""Plain-dict views of the stored rankings, built from ``ranking.queries`` only.

Nothing here ranks anything: ``queries`` caches each stored run's frames, and these
functions select, filter and rename. Suppressed survey values are already NaN there;
every NaN becomes ``None`` here, so JSON never carries NaN.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from foretagsklimat.apps.ranking import queries
from foretagsklimat.apps.reference.models import County, Municipality, MunicipalityGroup
from foretagsklimat.engine.methodology import Methodology, builtin_methodologies
from foretagsklimat.engine.movers import biggest_climbers, biggest_fallers, movers
from foretagsklimat.web.frames import records


class NotFound(LookupError):
    """Something named in the request does not exist; the message says what."""


def number(value: Any) -> float | None:
    """A finite float, or None for NaN, infinities and missing values."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def integer(value: Any) -> int | None:
    as_float = number(value)
    return None if as_float is None else round(as_float)


# -- reference ---------------------------------------------------------------------------
def check_filters(county: str | None, group: str | None) -> None:
    """Raise NotFound for a county or group code that does not exist."""
    if county is not None and not County.objects.filter(code=county).exists():
        raise NotFound(f"Unknown county code {county!r}.")
    if group is not None and not MunicipalityGroup.objects.filter(code=group).exists():
        raise NotFound(f"Unknown municipality group {group!r}.")


def _municipality_dict(unit: Municipality) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "official_name": unit.official_name,
        "county_code": unit.county.code,
        "county_name": unit.county.name,
        "group_code": unit.group.code,
        "group_name": unit.group.name,
        "population": unit.population,
    }


def municipalities(county: str | None = None, group: str | None = None) -> list[dict[str, Any]]:
    check_filters(county, group)
    units = Municipality.objects.select_related("county", "group").order_by("code")
    if county is not None:
        units = units.filter(county_id=county)
    if group is not None:
        units = units.filter(group_id=group)
    return [_municipality_dict(unit) for unit in units]


def get_municipality(code: str) -> Municipality:
    unit = Municipality.objects.select_related("county", "group").filter(code=code).first()
    if unit is None:
        raise NotFound(f"Unknown municipality code {code!r}.")
    return unit


def municipality_detail(code: str) -> dict[str, Any]:
    unit = get_municipality(code)
    history = queries.municipality_history(unit.code)
    results = [
        {
            "year": int(row["year"]),
            "rank": int(row["rank"]),
            "points": number(row["points"]),
            "change": integer(row["change"]),
            "methodology": str(row["methodology"]),
            "synthetic": bool(row["synthetic"]),
        }
        for row in records(history)
    ]
    return {
        **_municipality_dict(unit),
        "synthetic": any(r["synthetic"] for r in results),
        "results": results,
    }


# -- methodologies -----------------------------------------------------------------------
def methodology_dict(methodology: Methodology) -> dict[str, Any]:
    return {**methodology.to_dict(), "inferred_parts": methodology.inferred_parts()}


def methodologies() -> list[dict[str, Any]]:
    return [methodology_dict(m) for m in builtin_methodologies().values()]


def methodology(name: str) -> dict[str, Any]:
    found = builtin_methodologies().get(name)
    if found is None:
        raise NotFound(f"Unknown methodology {name!r}.")
    return methodology_dict(found)


# -- rankings ----------------------------------------------------------------------------
def year_results(year: int) -> queries.YearResults:
    results = queries.year_results(year) if year in queries.published_years() else None
    if results is None:
        raise NotFound(f"No published ranking for {year}.")
    return results


def ranking_years() -> dict[str, Any]:
    items = []
    for year in queries.published_years():
        results = queries.year_results(year)
        if results is None:
            continue
        items.append(
            {
                "year": year,
                "methodology": results.methodology.name,
                "synthetic": results.synthetic,
                "count": len(results.totals),
            }
        )
    return {
        "synthetic": any(i["synthetic"] for i in items),
        "count": len(items),
        "items": items,
    }


def _filtered(totals: pd.DataFrame, county: str | None, group: str | None) -> pd.DataFrame:
    check_filters(county, group)
    if county is not None:
        totals = totals[totals["lanskod"] == county]
    if group is not None:
        totals = totals[totals["kommungrupp_kod"] == group]
    return totals


def _header(results: queries.YearResults) -> dict[str, Any]:
    return {
        "year": results.year,
        "methodology": results.methodology.name,
        "synthetic": results.synthetic,
    }


def ranking(
    year: int, county: str | None, group: str | None, limit: int, offset: int
) -> dict[str, Any]:
    results = year_results(year)
    totals = _filtered(results.totals, county, group)
    page = totals.iloc[offset : offset + limit]
    items = [
        {
            "code": row["kommunkod"],
            "name": row["kommun"],
            "county_code": row["lanskod"],
            "group_code": row["kommungrupp_kod"],
            "rank": int(row["rank"]),
            "points": number(row["points"]),
            "change": integer(row["change"]),
            "county_rank": int(row["county_rank"]),
            "group_rank": int(row["group_rank"]),
        }
        for row in records(page)
    ]
    return {
        **_header(results),
        "count": len(totals),
        "limit": limit,
        "offset": offset,
        "items": items,
    }


def _indicator_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "value": number(row["value"]),
        "n": integer(row["n"]),
        "rank": number(row["rank"]),
        "points": number(row["points"]),
        "rank_change": number(row["rank_change"]),
        "suppressed": bool(row["suppressed"]),
    }


def factor_ranking(
    year: int, indicator: str, county: str | None, group: str | None, limit: int, offset: int
) -> dict[str, Any]:
    results = year_results(year)
    if indicator not in results.methodology.codes:
        raise NotFound(f"Indicator {indicator!r} is not ranked in {year}.")
    totals = _filtered(results.totals, county, group)
    rows = results.indicators[results.indicators["indicator"] == indicator].merge(
        totals[["kommunkod", "kommun", "lanskod", "kommungrupp_kod"]], on="kommunkod"
    )
    rows = rows.sort_values(["rank", "kommunkod"], na_position="last", kind="stable")
    page = rows.iloc[offset : offset + limit]
    items = [
        {
            "code": row["kommunkod"],
            "name": row["kommun"],
            "county_code": row["lanskod"],
            "group_code": row["kommungrupp_kod"],
            **_indicator_row(row),
        }
        for row in records(page)
    ]
    return {
        **_header(results),
        "indicator": results.methodology.indicator(indicator).to_dict(),
        "count": len(rows),
        "limit": limit,
        "offset": offset,
        "items": items,
    }


def municipality_year(code: str, year: int) -> dict[str, Any]:
    unit = get_municipality(code)
    results = year_results(year)
    try:
        total = results.municipality(unit.code)
    except KeyError:
        raise NotFound(f"{unit.name} is not ranked in {year}.") from None
    means = results.indicator_means()
    keys = {"national": "", "county": total["lanskod"], "group": total["kommungrupp_kod"]}
    mean_of = {
        (row["indicator"], row["scope"]): number(row["mean"])
        for row in records(means)
        if keys[str(row["scope"])] == row["key"]
    }
    own = results.indicators[results.indicators["kommunkod"] == unit.code].set_index("indicator")
    indicators = []
    for ind in results.methodology.indicators:
        if ind.code not in own.index:
            continue
        row = own.loc[ind.code]
        indicators.append(
            {
                "code": ind.code,
                "label_sv": ind.label_sv,
                "label_en": ind.label_en,
                "kind": ind.kind,
                "weight": ind.weight,
                "value": number(row["value"]),
                "n": integer(row["n"]),
                "rank": number(row["rank"]),
                "points": number(row["points"]),
                "rank_change": number(row["rank_change"]),
                "suppressed": bool(row["suppressed"]),
                "national_mean": mean_of.get((ind.code, "national")),
                "county_mean": mean_of.get((ind.code, "county")),
                "group_mean": mean_of.get((ind.code, "group")),
            }
        )
    return {
        "code": unit.code,
        "name": unit.name,
        **_header(results),
        "rank": int(total["rank"]),
        "points": number(total["points"]),
        "change": integer(total["change"]),
        "county_rank": int(total["county_rank"]),
        "group_rank": int(total["group_rank"]),
        "indicators": indicators,
    }


# -- movers ------------------------------------------------------------------------------
def _mover_rows(frame: pd.DataFrame, names: pd.DataFrame) -> list[dict[str, Any]]:
    frame = frame.merge(names, on="kommunkod", how="left", suffixes=("", "_ref"))
    return [
        {
            "code": row["kommunkod"],
            "name": row["kommun"],
            "county_code": row["lanskod_ref"] if "lanskod_ref" in frame else row["lanskod"],
            "group_code": row["kommungrupp_kod"],
            "previous_rank": int(row["rank_previous"]),
            "rank": int(row["rank"]),
            "change": int(row["change"]),
        }
        for row in records(frame)
    ]


def movers_of_year(year: int, county: str | None, limit: int) -> dict[str, Any]:
    results = year_results(year)
    check_filters(county, None)
    previous = queries.year_results(year - 1) if year - 1 in queries.published_years() else None
    if previous is None:
        raise NotFound(f"No published ranking for {year - 1} to compare {year} with.")
    moves = movers(previous.totals, results.totals)
    names = results.totals[["kommunkod", "kommun", "lanskod", "kommungrupp_kod"]]
    if county is not None:
        moves = moves[moves["kommunkod"].isin(names.loc[names["lanskod"] == county, "kommunkod"])]
    climbers = biggest_climbers(moves, n=limit)
    climbers = climbers[climbers["change"] > 0]
    fallers = biggest_fallers(moves, n=limit)
    fallers = fallers[fallers["change"] < 0]
    per_county = biggest_climbers(moves, by="lanskod", n=1)
    return {
        **_header(results),
        "previous_year": previous.year,
        "climbers": _mover_rows(climbers, names),
        "fallers": _mover_rows(fallers, names),
        "county_climbers": _mover_rows(per_county, names),
    }
