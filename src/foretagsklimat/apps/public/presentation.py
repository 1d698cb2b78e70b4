"""Published results made ready for templates: a municipality's factor table, its rank
chart and rows without NaN. Shared by the public municipality page and the workspace's
dashboard, which shows the same table to the municipality's own staff."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from foretagsklimat.apps.ranking.queries import YearResults
from foretagsklimat.engine.methodology import Indicator
from foretagsklimat.web import frames

FACTOR_COLUMNS = [
    "indicator",
    "label",
    "kind",
    "weight",
    "value",
    "value_low",
    "value_high",
    "n",
    "rank",
    "rank_change",
    "national_mean",
    "county_mean",
    "group_mean",
    "suppressed",
]


def indicator_label(indicator: Indicator) -> str:
    """The indicator's label in the visitor's language."""
    return indicator.label_en if get_language() == "en" else indicator.label_sv


def factor_table(results: YearResults, kommunkod: str) -> pd.DataFrame:
    """One row per factor: value, answers, rank, change and the three means."""
    row = results.municipality(kommunkod)
    means = results.indicator_means()
    national = means[means["scope"] == "national"].set_index("indicator")["mean"]
    county = means[(means["scope"] == "county") & (means["key"] == row["lanskod"])]
    group = means[(means["scope"] == "group") & (means["key"] == row["kommungrupp_kod"])]
    county_mean = county.set_index("indicator")["mean"]
    group_mean = group.set_index("indicator")["mean"]
    own = results.indicators[results.indicators["kommunkod"] == kommunkod].set_index("indicator")
    rows = []
    for indicator in results.methodology.indicators:
        if indicator.code not in own.index:
            continue
        values = own.loc[indicator.code]
        suppressed = bool(values["suppressed"])
        rows.append(
            {
                "indicator": indicator.code,
                "label": indicator_label(indicator),
                "kind": indicator.kind,
                "weight": indicator.weight,
                "value": None if suppressed else optional_number(values["value"]),
                "value_low": None if suppressed else optional_number(values.get("value_low")),
                "value_high": None if suppressed else optional_number(values.get("value_high")),
                "n": None if suppressed else optional_number(values["n"]),
                # A rank reveals a suppressed value's position, so it is withheld too.
                "rank": None if suppressed else optional_number(values["rank"]),
                "rank_change": None if suppressed else optional_number(values["rank_change"]),
                "national_mean": optional_number(national.get(indicator.code)),
                "county_mean": optional_number(county_mean.get(indicator.code)),
                "group_mean": optional_number(group_mean.get(indicator.code)),
                "suppressed": suppressed,
            }
        )
    return pd.DataFrame.from_records(rows, columns=FACTOR_COLUMNS)


def rank_chart(history: pd.DataFrame, count: int, name: str) -> SafeString:
    """An inline SVG line chart of total rank per year; rank 1 at the top."""
    width, height = 640, 260
    left, right, top, bottom = 48, 20, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(count, 2)
    years = [int(y) for y in history["year"]]

    def x(year: int) -> float:
        if len(years) < 2:
            return left + plot_w / 2
        return left + (year - years[0]) / (years[-1] - years[0]) * plot_w

    def y(rank: float) -> float:
        return top + (rank - 1) / (count - 1) * plot_h

    ticks = sorted({1, *range(50, count, 50), count})
    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (left, left + plot_w, f"{y(t):.1f}", f"{y(t):.1f}", left - 6, f"{y(t) + 4:.1f}", t)
            for t in ticks
        ),
    )
    year_labels = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((f"{x(yr):.1f}", height - bottom + 20, yr) for yr in years),
    )
    points = " ".join(
        f"{x(int(r['year'])):.1f},{y(float(r['rank'])):.1f}" for r in history.to_dict("records")
    )
    line = format_html('<polyline class="line" points="{}"/>', points) if len(years) > 1 else ""
    dots = format_html_join(
        "",
        '<circle class="dot" cx="{}" cy="{}" r="4"><title>{}</title></circle>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (
                f"{x(int(r['year'])):.1f}",
                f"{y(float(r['rank'])):.1f}",
                _("%(year)s: plats %(rank)s") % {"year": r["year"], "rank": r["rank"]},
                f"{x(int(r['year'])):.1f}",
                f"{max(y(float(r['rank'])) - 8, top + 2):.1f}",
                r["rank"],
            )
            for r in history.to_dict("records")
        ),
    )
    label = _("Placering i rankingen per år för %(name)s; plats 1 överst.") % {"name": name}
    return format_html(
        '<svg class="rank-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'data-testid="rank-chart">{}{}{}{}</svg>',
        width,
        height,
        label,
        grid,
        year_labels,
        line,
        dots,
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts for a template, with NaN turned into None (shown as "–")."""
    return [
        {key: (None if _missing(value) else value) for key, value in row.items()}
        for row in frames.records(frame)
    ]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def optional_number(value: object) -> float | None:
    """A float for the template, or None for missing values (NaN, None)."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number
