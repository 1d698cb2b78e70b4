"""Reference data shipped with the package: municipalities, counties, SKR groups, boundaries.

Plain Python and pandas (no Django), so that the engine, the importers and the demo
generator can use it. Provenance: ``data/PROVENANCE.md`` beside this file.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import pandas as pd

DATA = files(__package__) / "data"

#: Sweden as a whole appears as a row named "Sverige" (or "Riket") in published files.
NATIONAL_NAMES = frozenset({"Sverige", "Riket", "RIKET"})


@cache
def _municipalities() -> pd.DataFrame:
    with (DATA / "kommuner.csv").open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str)
    frame["folkmangd_2024"] = frame["folkmangd_2024"].astype("int64")
    return frame


def municipalities() -> pd.DataFrame:
    """All 290 municipalities, one row each, sorted by municipality code.

    Columns: ``kommunkod`` (4-digit string), ``kommunnamn``, ``kommunnamn_officiellt``,
    ``lanskod``, ``lansnamn``, ``kommungrupp_kod``, ``kommungrupp``, ``huvudgrupp_kod``,
    ``huvudgrupp``, ``folkmangd_2024``.

    Examples
    --------
    >>> len(municipalities())
    290
    >>> municipalities().set_index("kommunkod").loc["2181", "kommunnamn"]
    'Sandviken'
    """
    return _municipalities().copy()


@cache
def _counties() -> pd.DataFrame:
    with (DATA / "lan.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str)


def counties() -> pd.DataFrame:
    """The 21 counties: ``lanskod``, ``lansnamn``, ``lansnamn_kort``."""
    return _counties().copy()


@cache
def municipality_codes() -> frozenset[str]:
    """The set of the 290 valid municipality codes."""
    return frozenset(_municipalities()["kommunkod"])


@cache
def code_by_name() -> dict[str, str]:
    """Municipality code keyed by short name (``Sandviken``) and official name."""
    frame = _municipalities()
    mapping = dict(zip(frame["kommunnamn"], frame["kommunkod"], strict=True))
    mapping.update(zip(frame["kommunnamn_officiellt"], frame["kommunkod"], strict=True))
    return mapping


@cache
def _geojson(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def municipality_boundaries() -> dict[str, Any]:
    """Simplified municipality boundaries as a GeoJSON FeatureCollection (WGS 84).

    Each feature has the properties ``kommunkod``, ``namn`` and ``lanskod``.
    """
    return _geojson("kommuner.geojson")


def county_boundaries() -> dict[str, Any]:
    """Simplified county boundaries as a GeoJSON FeatureCollection (WGS 84)."""
    return _geojson("lan.geojson")
