"""The dashboard's charts for the board's PDF, as vector drawings (reportlab.graphics):
the rank over the years, and each goal's trend with its target.

They follow the page's charts (``public.presentation.rank_chart`` and the goals'
sparklines): rank 1 at the top on the full 1–N scale; a goal's measure better upwards,
the target dashed. Years without a value are left out of the line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from ..models import Goal
from .goal_display import format_value
from .goal_measures import Point

LINE = colors.HexColor("#1f5f8b")
TARGET = colors.HexColor("#b5651d")
GRID = colors.HexColor("#dde2e6")
FONT = "Helvetica"


def _plot(
    drawing: Drawing,
    series: Sequence[tuple[int, float]],
    *,
    years: Sequence[int],
    low: float,
    high: float,
    steps: Sequence[float] | None,
    label: Callable[[float], str],
    reverse: bool,
    target: float | None = None,
) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y = 48, 30
    plot.width, plot.height = drawing.width - 64, drawing.height - 52
    data: list[list[tuple[float, float]]] = [[(float(x), float(y)) for x, y in series]]
    if target is not None:
        data.append([(years[0] - 0.5, target), (years[-1] + 0.5, target)])
    plot.data = data
    plot.lines[0].strokeColor = LINE
    plot.lines[0].strokeWidth = 1.5
    plot.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=LINE, strokeColor=LINE)
    if target is not None:
        plot.lines[1].strokeColor = TARGET
        plot.lines[1].strokeWidth = 1
        plot.lines[1].strokeDashArray = (4, 3)
    axis = plot.xValueAxis
    axis.valueMin, axis.valueMax = years[0] - 0.5, years[-1] + 0.5
    axis.valueSteps = list(years)
    axis.labelTextFormat = "%d"
    axis.labels.fontName, axis.labels.fontSize = FONT, 7
    axis = plot.yValueAxis
    axis.valueMin, axis.valueMax = low, high
    if steps is not None:  # else reportlab picks round steps between low and high
        axis.valueSteps = list(steps)
    axis.labelTextFormat = label
    axis.labels.fontName, axis.labels.fontSize = FONT, 7
    axis.reverseDirection = 1 if reverse else 0
    axis.visibleGrid = 1
    axis.gridStrokeColor = GRID
    drawing.add(plot)
    return plot


def rank_chart(ranking: Sequence[tuple[int, int]], count: int, width: float) -> Drawing:
    """Rank per year, ``ranking`` as (year, rank) ascending; 1 is best and at the top."""
    drawing = Drawing(width, 190)
    count = max(count, 2)
    years = [year for year, _rank in ranking]
    _plot(
        drawing,
        [(year, float(rank)) for year, rank in ranking],
        years=years,
        low=1,
        high=count,
        steps=sorted({1, *range(50, count, 50), count}),
        label=lambda value: f"{value:.0f}",
        reverse=True,
    )
    drawing.add(
        String(4, drawing.height - 10, _("Placering (1 = bäst)"), fontName=FONT, fontSize=8)
    )
    return drawing


def goal_chart(goal: Goal, trend: dict[int, Point], width: float) -> Drawing | None:
    """A goal's measure per year with its target dashed; None without any value."""
    years = sorted(trend)
    known = [(year, trend[year].value) for year in years]
    series = [(year, value) for year, value in known if value is not None]
    if not series:
        return None
    values = [value for _year, value in series] + [goal.target]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    if not goal.lower_is_better:
        low = max(low, 0.0)
    drawing = Drawing(width, 150)
    _plot(
        drawing,
        series,
        years=years,
        low=low,
        high=high,
        steps=None,
        label=lambda value: format_value(goal.kind, value),
        reverse=goal.lower_is_better,
        target=goal.target,
    )
    drawing.add(String(4, drawing.height - 10, goal.get_kind_display(), fontName=FONT, fontSize=8))
    drawing.add(
        String(
            drawing.width - 4,
            drawing.height - 10,
            _("streckad linje: målvärde %(target)s")
            % {"target": format_value(goal.kind, goal.target)},
            fontName=FONT,
            fontSize=7,
            fillColor=TARGET,
            textAnchor="end",
        )
    )
    return drawing
