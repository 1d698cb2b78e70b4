"""How a goal's values look: the number format of each measure, and the trend's sparkline
(a small SVG drawn on the server; no chart library)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..models import Goal, GoalKind
from .goal_measures import Point


def format_value(kind: str, value: float | None) -> str:
    """A goal's value as the interface shows it: shares in per cent, grades with a decimal."""
    if value is None:
        return "–"
    if kind in (GoalKind.COVERAGE, GoalKind.FOLLOW_UPS_ON_TIME):
        return f"{number_format(round(value * 100), 0)} %"
    if kind in (GoalKind.OVERALL_GRADE, GoalKind.EVALUATION):
        return str(number_format(value, 1))
    if kind == GoalKind.KOLADA:  # a key figure: NKI 0–100, a share in per cent, kronor
        return str(number_format(value, 1 if abs(value) < 100 else 0))
    return str(number_format(round(value), 0))


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 160, 44, 6


def sparkline(goal: Goal, trend: Mapping[int, Point]) -> SafeString:
    """A small SVG line of the measure over the years, better upwards (rank 1 on top),
    with the target as a dashed line. Years without a value leave a gap."""
    years = sorted(trend)
    known = [(y, trend[y].value) for y in years if trend[y].value is not None]
    if not known:
        return format_html('<span class="muted">{}</span>', _("Ingen tidsserie"))
    values = [v for _y, v in known if v is not None] + [goal.target]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def x(year: int) -> float:
        if len(years) < 2:
            return SPARK_WIDTH / 2
        return SPARK_PAD + (year - years[0]) / (years[-1] - years[0]) * inner_w

    def y(value: float) -> float:
        position = (value - low) / span  # 0 at the worst end for higher-is-better
        if goal.lower_is_better:
            position = 1 - position
        return SPARK_PAD + (1 - position) * inner_h

    points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in known if v is not None)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.5"><title>{}: {}</title></circle>',
        (
            (f"{x(yr):.1f}", f"{y(v):.1f}", yr, format_value(goal.kind, v))
            for yr, v in known
            if v is not None
        ),
    )
    label = _("%(kind)s per år %(first)d–%(last)d: %(values)s") % {
        "kind": goal.get_kind_display(),
        "first": years[0],
        "last": years[-1],
        "values": ", ".join(f"{yr} {format_value(goal.kind, trend[yr].value)}" for yr in years),
    }
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}" data-testid="sparkline">'
        '<line class="goal-line" x1="{pad}" x2="{x2}" y1="{ty}" y2="{ty}"/>'
        '<polyline points="{points}"/>{dots}</svg>',
        w=SPARK_WIDTH,
        h=SPARK_HEIGHT,
        label=label,
        pad=SPARK_PAD,
        x2=SPARK_WIDTH - SPARK_PAD,
        ty=f"{y(goal.target):.1f}",
        points=points,
        dots=dots,
    )
