"""Plain-dict views of the rank analyses ("understanding a rank") for the API.

Everything goes through ``foretagsklimat.apps.ranking.analysis`` (the stored rank
intervals, what-if, levers, plans, peers and drivers over the published inputs). Those
work on the unsuppressed values a ranking was computed from, so this module masks what
the public may not see: a survey value from fewer answers than the minimum never appears
(``value`` null), never enters a peer mean, and a plan never starts from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from foretagsklimat.apps.ranking import analysis
from foretagsklimat.apps.ranking.queries import YearResults
from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.engine.peers import compare_with_peers
from foretagsklimat.engine.uncertainty import describe_change
from foretagsklimat.engine.whatif import describe_plan
from foretagsklimat.web.frames import records

from .data import NotFound, check_filters, get_municipality, integer, number, year_results


class Invalid(ValueError):
    """A parameter the analysis cannot use (unknown indicator, grade outside 1..6 …)."""


def _ranked(code: str, year: int) -> tuple[Any, YearResults, pd.Series]:
    unit = get_municipality(code)
    results = year_results(year)
    try:
        total = results.municipality(unit.code)
    except KeyError:
        raise NotFound(f"{unit.name} is not ranked in {year}.") from None
    return unit, results, total


def suppressed_indicators(results: YearResults, code: str) -> set[str]:
    """Indicator codes (and their sources) whose value of ``code`` must not be shown."""
    rows = results.indicators
    hidden = set(rows.loc[(rows["kommunkod"] == code) & rows["suppressed"], "indicator"])
    sources = {i.code: i.source for i in results.methodology.indicators}
    return hidden | {sources[c] for c in hidden if c in sources}


def _masked_values(results: YearResults, values: pd.DataFrame) -> pd.DataFrame:
    """The published inputs without any suppressed (municipality, indicator) value."""
    rows = results.indicators
    sources = {i.code: i.source for i in results.methodology.indicators}
    hidden = rows.loc[rows["suppressed"], ["kommunkod", "indicator"]]
    pairs = {(k, sources.get(i, i)) for k, i in hidden.itertuples(index=False)}
    if not pairs:
        return values
    keys = pd.Series(list(zip(values["kommunkod"], values["source"], strict=True)))
    return values.loc[~keys.isin(pairs).to_numpy()].reset_index(drop=True)


def _header(unit: Any, results: YearResults) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "year": results.year,
        "methodology": results.methodology.name,
        "synthetic": results.synthetic,
    }


# -- uncertainty -------------------------------------------------------------------------
def uncertainty(code: str, year: int) -> dict[str, Any]:
    unit, results, total = _ranked(code, year)
    try:
        stored = analysis.uncertainty_of(results.year, unit.code)
    except analysis.NoAnalysis as exc:
        raise NotFound(str(exc)) from None
    if stored is None:
        raise NotFound(f"No rank interval has been computed for {year}.")
    change = integer(total["change"])
    verdict = stored["verdict"] or None
    sentence_sv = sentence_en = None
    if verdict and change is not None and stored["change_low"] is not None:
        row = {
            "change": change,
            "change_low": stored["change_low"],
            "change_high": stored["change_high"],
            "verdict": verdict,
            "confidence": analysis.CHANGE_CONFIDENCE,
        }
        sentence_sv, sentence_en = describe_change(row, "sv"), describe_change(row, "en")
    return {
        **_header(unit, results),
        "rank": int(total["rank"]),
        "points": number(total["points"]),
        "confidence": analysis.RANK_CONFIDENCE,
        "rank_median": number(stored["rank_median"]),
        "rank_low": number(stored["rank_low"]),
        "rank_high": number(stored["rank_high"]),
        "points_low": number(stored["points_low"]),
        "points_high": number(stored["points_high"]),
        "change": change,
        "change_confidence": analysis.CHANGE_CONFIDENCE,
        "change_low": integer(stored["change_low"]),
        "change_high": integer(stored["change_high"]),
        "verdict": verdict,
        "sentence_sv": sentence_sv,
        "sentence_en": sentence_en,
        "method_median": number(stored["method_median"]),
        "method_low": number(stored["method_low"]),
        "method_high": number(stored["method_high"]),
    }


# -- what-if -----------------------------------------------------------------------------
def parse_changes(params: Mapping[str, list[str]]) -> dict[str, float]:
    """Query parameters ``indicator=value`` as numbers; one value per indicator."""
    changes: dict[str, float] = {}
    for key, raw in params.items():
        if len(raw) != 1:
            raise Invalid(f"Give {key!r} once, not {len(raw)} times.")
        try:
            changes[key] = float(raw[0])
        except ValueError:
            raise Invalid(f"{key!r}: {raw[0]!r} is not a number.") from None
    return changes


def what_if(code: str, year: int, changes: Mapping[str, float]) -> dict[str, Any]:
    unit, results, _ = _ranked(code, year)
    known = {i.code for i in results.methodology.indicators} | {
        i.source for i in results.methodology.indicators
    }
    unknown = sorted(set(changes) - known)
    if unknown:
        raise Invalid(
            f"Unknown indicator(s) {', '.join(map(repr, unknown))} for {year}; use codes of "
            f"methodology {results.methodology.name}: "
            f"{', '.join(i.code for i in results.methodology.indicators)}."
        )
    try:
        result = analysis.what_if_for(results.year, unit.code, changes)
    except ValueError as exc:
        raise Invalid(str(exc).removeprefix("what-if: ")) from None
    hidden = suppressed_indicators(results, unit.code)
    indicators = [
        {
            "indicator": str(row["indicator"]),
            "value_before": None if row["indicator"] in hidden else number(row["value_before"]),
            "value_after": number(row["value_after"]),
            "factor_rank_before": number(row["factor_rank_before"]),
            "factor_rank_after": number(row["factor_rank_after"]),
            "points_before": number(row["points_before"]),
            "points_after": number(row["points_after"]),
        }
        for row in records(result.indicators)
    ]
    return {
        "year": results.year,
        "code": unit.code,
        "synthetic": results.synthetic,
        "rank_before": result.rank_before,
        "rank": result.rank,
        "points_before": number(result.points_before),
        "points": number(result.points),
        "change": result.change,
        "indicators": indicators,
    }


# -- levers and plan ---------------------------------------------------------------------
def _plan(results: YearResults, code: str, target: int, hidden: set[str]) -> Any:
    """``analysis.plan_for``, unless a survey value of ``code`` is hidden: then the plan
    is searched over the visible grades only, so it cannot reveal the hidden one."""
    if not hidden:
        return analysis.plan_for(results.year, code, target)
    visible = [
        i.code
        for i in results.methodology.indicators
        if i.kind == "survey" and i.code not in hidden
    ]
    return analysis.plan_for(results.year, code, target, indicators=visible)


def levers(code: str, year: int, target: int | None) -> dict[str, Any]:
    unit, results, total = _ranked(code, year)
    hidden = suppressed_indicators(results, unit.code)
    table = analysis.levers_for(results.year, unit.code)
    items = [
        {
            "indicator": str(row["indicator"]),
            "label_sv": str(row["label_sv"]),
            "label_en": str(row["label_en"]),
            "kind": str(row["kind"]),
            "value": None if row["indicator"] in hidden else number(row["value"]),
            "step": number(row["step"]),
            "new_value": None if row["indicator"] in hidden else number(row["new_value"]),
            "places_gained": int(row["places_gained"]),
            "points_gained": number(row["points_gained"]),
            "new_rank": int(row["new_rank"]),
            "feasible": bool(row["feasible"]),
        }
        for row in records(table)
    ]
    plan = None
    if target is not None:
        count = len(results.totals)
        if not 1 <= target <= count:
            raise Invalid(f"target must lie in 1..{count}, not {target}.")
        found = _plan(results, unit.code, target, hidden)
        plan = {
            "target": target,
            "reachable": bool(found.reachable),
            "rank_before": int(found.rank_before),
            "final_rank": int(found.final_rank),
            "steps": [
                {
                    "indicator": str(step["indicator"]),
                    "label_sv": str(step["label_sv"]),
                    "label_en": str(step["label_en"]),
                    "from_value": number(step["from_value"]),
                    "to_value": number(step["to_value"]),
                    "change": number(step["change"]),
                    "n_steps": int(step["n_steps"]),
                }
                for step in records(found.steps)
            ],
            "sentence_sv": describe_plan(found, "sv", name=unit.name),
            "sentence_en": describe_plan(found, "en", name=unit.name),
        }
    return {
        **_header(unit, results),
        "rank": int(total["rank"]),
        "points": number(total["points"]),
        "levers": items,
        "plan": plan,
    }


# -- peers -------------------------------------------------------------------------------
def peers(code: str, year: int, k: int) -> dict[str, Any]:
    unit, results, total = _ranked(code, year)
    similar, _ = analysis.peers_for(results.year, unit.code, k)
    methodology, values = analysis.published_inputs(results.year)
    comparison = compare_with_peers(
        _masked_values(results, values), unit.code, list(similar["kommunkod"]), methodology
    )
    totals = results.totals.set_index("kommunkod")
    labels = {i.code: (i.label_sv, i.label_en) for i in methodology.indicators}
    return {
        **_header(unit, results),
        "rank": int(total["rank"]),
        "peers": [
            {
                "code": str(row["kommunkod"]),
                "name": str(totals.at[row["kommunkod"], "kommun"])
                if row["kommunkod"] in totals.index
                else str(row["kommunkod"]),
                "group_code": str(row["kommungrupp_kod"]),
                "same_group": bool(row["same_group"]),
                "distance": number(row["distance"]),
                "rank": integer(totals.at[row["kommunkod"], "rank"])
                if row["kommunkod"] in totals.index
                else None,
            }
            for row in records(similar)
        ],
        "comparison": [
            {
                "indicator": str(row["indicator"]),
                "label_sv": labels.get(str(row["indicator"]), (str(row["indicator"]),) * 2)[0],
                "label_en": labels.get(str(row["indicator"]), (str(row["indicator"]),) * 2)[1],
                "value": number(row["value"]),
                "peer_mean": number(row["peer_mean"]),
                "difference": number(row["difference"]),
                "advantage": number(row["advantage"]),
                "rank_among_peers": None
                if pd.isna(row["rank_among_peers"])
                else int(row["rank_among_peers"]),
                "n_peers": int(row["n_peers"]),
            }
            for row in records(comparison)
        ],
    }


# -- drivers -----------------------------------------------------------------------------
def drivers(year: int, level: str, group: str | None) -> dict[str, Any]:
    results = year_results(year)
    check_filters(None, group)
    table = analysis.drivers_for(
        results.year, level=level, by="kommungrupp_kod" if group is not None else None
    )
    if table.empty:
        raise NotFound(f"No survey answers are stored for {year}.")
    if group is not None:
        table = table[table["group"] == group]
    questions = load_catalogue()["questions"]
    items = [
        {
            "question": str(row["question"]),
            "label_sv": questions.get(row["question"], {}).get("label_sv", str(row["question"])),
            "label_en": questions.get(row["question"], {}).get("label_en", str(row["question"])),
            "coefficient": number(row["coefficient"]),
            "low": number(row["low"]),
            "high": number(row["high"]),
            "correlation": number(row["correlation"]),
            "vif": number(row["vif"]),
        }
        for row in records(table)
    ]
    first = table.iloc[0] if len(table) else None
    return {
        "year": results.year,
        "methodology": results.methodology.name,
        "synthetic": results.synthetic,
        "level": level,
        "group": group,
        "r2": None if first is None else number(first["r2"]),
        "n": 0 if first is None else int(first["n"]),
        "items": items,
    }
