"""A choropleth map of Sweden as inline SVG, drawn on the server from the shipped boundaries.

No map library and no tiles: municipal networks are often closed, and 290 simplified
outlines make a small SVG. Each municipality is a link to its page with a title for
screen readers and hover.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from foretagsklimat import reference

#: Width of the drawing in SVG units; the height follows from Sweden's shape.
WIDTH = 400
#: Projection: longitude scaled by cos(62°), the middle of Sweden, so shapes look right.
_LAT0 = math.radians(62.0)

#: Rank bins and colours (colour-blind safe, dark = good). Upper bounds are inclusive.
RANK_BINS: tuple[tuple[int, str], ...] = (
    (29, "#08306b"),
    (72, "#2171b5"),
    (145, "#6baed6"),
    (218, "#c6dbef"),
    (261, "#fdd0a2"),
    (290, "#e6550d"),
)
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class _Projected:
    width: int
    height: int
    paths: dict[str, str]  # kommunkod -> SVG path data
    names: dict[str, str]


@cache
def _projected() -> _Projected:
    features = reference.municipality_boundaries()["features"]
    cos0 = math.cos(_LAT0)
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                for lon, lat in ring:
                    xs.append(lon * cos0)
                    ys.append(lat)
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = WIDTH / (max_x - min_x)
    height = math.ceil((max_y - min_y) * scale)
    paths: dict[str, str] = {}
    names: dict[str, str] = {}
    for feature in features:
        code = feature["properties"]["kommunkod"]
        names[code] = feature["properties"]["namn"]
        parts = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points = [
                    f"{(lon * cos0 - min_x) * scale:.1f},{(max_y - lat) * scale:.1f}"
                    for lon, lat in ring
                ]
                parts.append("M" + "L".join(points) + "Z")
        paths[code] = "".join(parts)
    return _Projected(WIDTH, height, paths, names)


def rank_colour(rank: int | None) -> str:
    if rank is None:
        return NO_DATA
    for upper, colour in RANK_BINS:
        if rank <= upper:
            return colour
    return NO_DATA


def legend() -> list[dict[str, object]]:
    """Bins for a legend: ``low``, ``high``, ``colour``."""
    bins, low = [], 1
    for upper, colour in RANK_BINS:
        bins.append({"low": low, "high": upper, "colour": colour})
        low = upper + 1
    return bins


def sweden_map(
    ranks: Mapping[str, int],
    *,
    highlight: str | None = None,
    label: str = "",
    title_format: str = "{name}: {rank}",
) -> SafeString:
    """The SVG map, coloured by rank; ``highlight`` outlines one municipality."""
    projected = _projected()
    shapes = []
    for code, path in projected.paths.items():
        rank = ranks.get(code)
        name = projected.names[code]
        title = title_format.format(name=name, rank=rank if rank is not None else "–")
        css = "m hl" if code == highlight else "m"
        shapes.append(
            format_html(
                '<a href="{}" data-kommunkod="{}"><path class="{}" d="{}" fill="{}">'
                "<title>{}</title></path></a>",
                reverse("public:municipality", args=[code]),
                code,
                css,
                path,
                rank_colour(rank),
                title,
            )
        )
    if highlight and highlight in projected.paths:
        # Drawn last so that its outline is not covered by its neighbours.
        shapes.append(
            format_html(
                '<path class="outline" d="{}" fill="none" aria-hidden="true"/>',
                projected.paths[highlight],
            )
        )
    return mark_safe(
        f'<svg class="sweden-map" viewBox="0 0 {projected.width} {projected.height}" '
        f'role="img" aria-label="{escape(label)}" data-testid="sweden-map">'
        + "".join(shapes)
        + "</svg>"
    )
