from __future__ import annotations

from typing import Any

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.ranking.analysis import drivers_for
from foretagsklimat.apps.ranking.queries import published_years
from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response
from foretagsklimat.web.frames import records

from .. import downloads
from .common import results_or_404

LEVELS = ("respondents", "municipalities")


@require_GET
def drivers(request: HttpRequest, year: int) -> HttpResponse:
    """Which survey questions explain the overall grade, nationally and per SKR group."""
    results = results_or_404(year, "public:drivers")
    level = request.GET.get("niva", "respondents")
    if level not in LEVELS:
        level = "respondents"
    groups = (
        reference.municipalities()
        .drop_duplicates("kommungrupp_kod")
        .sort_values("kommungrupp_kod")[["kommungrupp_kod", "kommungrupp"]]
    )
    group = request.GET.get("grupp", "")
    if group not in set(groups["kommungrupp_kod"]):
        group = ""
    frame = drivers_for(year, level=level, by="kommungrupp_kod" if group else None)
    if group and not frame.empty:
        frame = frame[frame["group"] == group]
    download = download_response(
        request,
        {"drivare": frame},
        f"drivare-{year}-{level}",
        synthetic=results.synthetic,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=results.methodology.name,
    )
    if download:
        return download
    labels = {
        code: (q["label_en"] if request.LANGUAGE_CODE == "en" else q["label_sv"])
        for code, q in load_catalogue()["questions"].items()
    }
    rows = _rows(frame, labels)
    context: dict[str, Any] = {
        "year": year,
        "years": published_years(),
        "level": level,
        "group": group,
        "groups": groups.to_dict("records"),
        "rows": rows,
        "r2": float(frame["r2"].iloc[0]) if len(frame) else None,
        "n": int(frame["n"].iloc[0]) if len(frame) else None,
        "synthetic_table": results.synthetic,
    }
    return render(request, "public/drivers.html", context)


def _rows(frame: pd.DataFrame, labels: dict[str, str]) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    ordered = frame.sort_values("coefficient", ascending=False)
    widest = max(float(ordered["high"].abs().max()), float(ordered["low"].abs().max()), 1e-9)
    return [
        {
            "question": labels.get(row["question"], row["question"]),
            "coefficient": float(row["coefficient"]),
            "low": float(row["low"]),
            "high": float(row["high"]),
            "correlation": float(row["correlation"]),
            "vif": float(row["vif"]),
            # Bar geometry in percent of the cell, for the inline interval chart.
            "bar_left": 50 + 50 * min(float(row["low"]), 0) / widest,
            "bar_width": 50 * (float(row["high"]) - float(row["low"])) / widest,
            "dot": 50 + 50 * float(row["coefficient"]) / widest,
            "clear": float(row["low"]) > 0 or float(row["high"]) < 0,
        }
        for row in records(ordered)
    ]
