"""Sample sizes per municipality by the published rules (METHODOLOGY.md §2).

* fewer than 50,000 inhabitants **and** fewer than 1,200 companies and workplaces in the
  frame: 200 questionnaires;
* otherwise 400;
* Malmö (1280) and Göteborg (1480): 600; Stockholm (0180): 1,200;
* a census (the whole frame) where the frame is smaller than that size.

Population is ``folkmangd_2024`` from :func:`foretagsklimat.reference.municipalities`
for every survey round: the package ships the 2024 figures only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from foretagsklimat.reference import municipalities

SMALL_POPULATION = 50_000
SMALL_FRAME = 1_200
SMALL, LARGE = 200, 400
#: Municipalities with a fixed size whatever their population and frame.
FIXED_SIZES: Mapping[str, int] = {"0180": 1_200, "1280": 600, "1480": 600}


def size_class(kommunkod: str, population: int, frame_count: int) -> int:
    """The nominal sample size (200, 400, 600 or 1,200) before a census applies.

    Examples
    --------
    >>> size_class("2181", 38_360, 900), size_class("2181", 38_360, 1_200)
    (200, 400)
    >>> size_class("0180", 995_574, 80_000)
    1200
    """
    if kommunkod in FIXED_SIZES:
        return FIXED_SIZES[kommunkod]
    small = population < SMALL_POPULATION and frame_count < SMALL_FRAME
    return SMALL if small else LARGE


def sample_size(kommunkod: str, population: int, frame_count: int) -> int:
    """How many questionnaires a municipality gets: its size class, or the whole frame.

    Parameters
    ----------
    kommunkod : str
        4-digit municipality code.
    population : int
        Inhabitants.
    frame_count : int
        Companies and workplaces in the municipality's sampling frame.

    Returns
    -------
    int
        ``min(size_class, frame_count)``: a census where the frame is smaller.

    Examples
    --------
    >>> sample_size("2181", 38_360, 150)
    150
    >>> sample_size("1280", 365_644, 20_000)
    600
    """
    return min(size_class(kommunkod, population, frame_count), int(frame_count))


def sample_sizes(frame: pd.DataFrame) -> pd.DataFrame:
    """Sample sizes for every municipality with rows in ``frame`` (vectorised).

    Parameters
    ----------
    frame : pandas.DataFrame
        A sampling frame (at least a ``kommunkod`` column).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``kommunkod`` (sorted): ``population`` (2024), ``frame_count``,
        ``size_class``, ``sample_size`` and ``census`` (True where the whole frame is
        taken because it is no larger than the size class).
    """
    counts = frame.groupby("kommunkod").size().rename("frame_count")
    population = municipalities().set_index("kommunkod")["folkmangd_2024"]
    sizes = pd.DataFrame({"population": population.reindex(counts.index), "frame_count": counts})
    codes = sizes.index.to_series()
    fixed = codes.map(FIXED_SIZES)
    small = (sizes["population"] < SMALL_POPULATION) & (sizes["frame_count"] < SMALL_FRAME)
    by_size = pd.Series(np.where(small, SMALL, LARGE), index=sizes.index, dtype="int64")
    nominal = fixed.where(fixed.notna(), by_size)
    sizes["size_class"] = nominal.astype("int64")
    sizes["sample_size"] = np.minimum(sizes["size_class"], sizes["frame_count"]).astype("int64")
    sizes["census"] = sizes["frame_count"] <= sizes["size_class"]
    sizes.index.name = "kommunkod"
    return sizes
