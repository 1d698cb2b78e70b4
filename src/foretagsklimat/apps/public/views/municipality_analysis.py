"""The "understand this rank" sections of a municipality page.

How certain the rank is and whether last year's move is real (stored bootstrap), what-if
sliders (server-computed through the API, and through this page without JavaScript),
the levers and a plan to reach a target rank, and structurally similar municipalities.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from foretagsklimat.apps.ranking.analysis import (
    levers_for,
    peers_for,
    plan_for,
    published_inputs,
    uncertainty_of,
    what_if_for,
)
from foretagsklimat.apps.ranking.queries import YearResults
from foretagsklimat.engine.uncertainty import describe_change
from foretagsklimat.engine.whatif import STATISTIC_STEPS, describe_plan
from foretagsklimat.web.frames import records

from ..presentation import indicator_label

#: Slider resolution for survey grades (the published means have two decimals).
GRADE_STEP = 0.05


def analysis_context(
    request: HttpRequest, results: YearResults, code: str, row: pd.Series
) -> dict[str, Any]:
    language = "en" if get_language() == "en" else "sv"
    year = results.year
    methodology, values = published_inputs(year)
    own = results.indicators[results.indicators["kommunkod"] == code].set_index("indicator")
    rank = int(row["rank"])
    return {
        "uncertainty": _uncertainty(year, code, row, language),
        "sliders": _sliders(methodology, values, own, code, request),
        "whatif": _what_if_from_form(request, year, code, methodology, own),
        "levers": _levers(year, code, methodology, own),
        "plan": _plan(request, year, code, rank, language, str(row["kommun"])),
        "peers": _peers(results, year, code, methodology, own),
        "whatif_api": f"/api/v1/municipalities/{code}/whatif/{year}",
    }


def _uncertainty(year: int, kommunkod: str, row: pd.Series, language: str) -> dict[str, Any] | None:
    stored = uncertainty_of(year, kommunkod)
    if stored is None:
        return None
    sentence = ""
    if stored["change_low"] is not None and not pd.isna(row["change"]):
        sentence = describe_change(
            {
                "change": int(row["change"]),
                "change_low": stored["change_low"],
                "change_high": stored["change_high"],
                "verdict": stored["verdict"],
            },
            language,
            confidence=0.95,
        )
    return {
        "low": round(stored["rank_low"]),
        "high": round(stored["rank_high"]),
        "median": round(stored["rank_median"]),
        "sentence": sentence,
        "verdict": stored["verdict"],
        "method_low": None if stored["method_low"] is None else round(stored["method_low"]),
        "method_high": None if stored["method_high"] is None else round(stored["method_high"]),
    }


def _suppressed(own: pd.DataFrame, indicator: str) -> bool:
    return indicator in own.index and bool(own.loc[indicator, "suppressed"])


def _sliders(
    methodology: Any, values: pd.DataFrame, own: pd.DataFrame, code: str, request: HttpRequest
) -> list[dict[str, Any]]:
    sliders = []
    for indicator in methodology.indicators:
        if indicator.code not in own.index or _suppressed(own, indicator.code):
            continue  # a slider would publish a value resting on too few answers
        current = float(own.loc[indicator.code, "value"])
        step = slider_step(indicator)
        if indicator.kind == "survey":
            low, high = 1.0, 6.0
        else:
            column = values.loc[values["source"] == indicator.source, "value"]
            low, high = float(column.min()), float(column.max())
        # The grid runs through the published value, so the slider starts exactly on it
        # and an untouched slider sends it back unchanged.
        low = current - math.floor((current - low) / step + 1e-9) * step
        high = current + math.floor((high - current) / step + 1e-9) * step
        asked = request.GET.get(indicator.code)
        sliders.append(
            {
                "code": indicator.code,
                "label": indicator_label(indicator),
                "kind": indicator.kind,
                "direction": indicator.direction,
                "value": current,
                "shown": _float(asked, current),
                "min": round(low, 6),
                "max": round(high, 6),
                "step": step,
            }
        )
    return sliders


def slider_step(indicator: Any) -> float:
    """Survey grades move by 0.05; a statistic by half its lever step."""
    if indicator.kind == "survey":
        return GRADE_STEP
    return STATISTIC_STEPS.get(indicator.source, 1.0) / 2


def _float(text: str | None, default: float) -> float:
    try:
        return float(text.replace(",", ".")) if text else default
    except ValueError:
        return default


def _what_if_from_form(
    request: HttpRequest, year: int, code: str, methodology: Any, own: pd.DataFrame
) -> dict[str, Any] | None:
    """The no-JavaScript path: the slider form submitted to this page.

    A value no slider can give (a grade outside 1–6, a number that is not one) gives the
    page with a message saying so, never an error.
    """
    changes = {}
    wrong = []
    for indicator in methodology.indicators:
        asked = request.GET.get(indicator.code)
        if asked is None or _suppressed(own, indicator.code):
            continue
        value = _float(asked, math.nan)
        survey = indicator.kind == "survey"
        if not math.isfinite(value) or (survey and not 1.0 <= value <= 6.0):
            wrong.append(indicator_label(indicator))
        elif not math.isclose(value, float(own.loc[indicator.code, "value"])):
            changes[indicator.code] = value
    if wrong:
        return {
            "error": _(
                "Räknades inte om: %(factors)s fick ett värde som inte går att välja "
                "(ett betyg ligger mellan 1 och 6)."
            )
            % {"factors": ", ".join(wrong)}
        }
    if not changes:
        return None
    try:
        result = what_if_for(year, code, changes)
    except ValueError:
        return {"error": _("Räknades inte om: värdena går inte att räkna med.")}
    return {
        "rank_before": result.rank_before,
        "rank": result.rank,
        "points": result.points,
        "points_before": result.points_before,
    }


def _levers(year: int, kommunkod: str, methodology: Any, own: pd.DataFrame) -> list[dict[str, Any]]:
    frame = levers_for(year, kommunkod)
    frame = frame[frame["feasible"] & ~frame["indicator"].map(lambda c: _suppressed(own, c))]
    frame = frame.sort_values(["places_gained", "points_gained"], ascending=False).head(6)
    rows = []
    for lever in records(frame):
        indicator = methodology.indicator(lever["indicator"])
        rows.append(
            {
                "label": indicator_label(indicator),
                "kind": indicator.kind,
                "step": float(lever["step"]),
                "places": int(lever["places_gained"]),
                "new_rank": int(lever["new_rank"]),
            }
        )
    return rows


def default_target(rank: int) -> int:
    """A target worth showing: the top 100, 50, 10 or first place, whichever is next."""
    for target in (100, 50, 10, 1):
        if rank > target:
            return target
    return 1


def _plan(
    request: HttpRequest, year: int, code: str, rank: int, language: str, name: str
) -> dict[str, Any]:
    try:
        target = int(request.GET.get("mal", ""))
    except ValueError:
        target = default_target(rank)
    target = min(max(target, 1), 290)
    plan = plan_for(year, code, target)
    return {
        "target": target,
        "sentence": describe_plan(plan, language, name=name),
        "reachable": plan.reachable,
    }


def _peers(
    results: YearResults, year: int, code: str, methodology: Any, own: pd.DataFrame
) -> dict[str, Any]:
    similar, comparison = peers_for(year, code)
    totals = results.totals.set_index("kommunkod")
    peer_rows = [
        {"kommunkod": c, "kommun": totals.loc[c, "kommun"], "rank": int(totals.loc[c, "rank"])}
        for c in similar["kommunkod"]
        if c in totals.index
    ]
    factors = []
    survey = {i.code for i in methodology.indicators if i.kind == "survey"}
    for item in records(comparison):
        if item["indicator"] not in methodology.codes:
            continue
        hidden = _suppressed(own, item["indicator"])
        factors.append(
            {
                "label": indicator_label(methodology.indicator(item["indicator"])),
                "value": None if hidden else item["value"],
                "peer_mean": item["peer_mean"],
                "advantage": None if hidden else item["advantage"],
                "rank_among": None if hidden else item["rank_among_peers"],
                "n": int(item["n_peers"]) + 1,
                "decimals": 2 if item["indicator"] in survey else 1,
            }
        )
    return {"municipalities": peer_rows, "factors": factors, "min_answers": settings.MIN_ANSWERS}
