"""The published facts the demo data is calibrated to, as tidy frames.

The raw transcription lives in :mod:`foretagsklimat.demo._published`; this module resolves
municipality names to codes, removes duplicates and separates the facts that the demo must
reproduce exactly from those it reproduces as closely as it can.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foretagsklimat.demo._published import MEAN_FACTS, RANK_FACTS
from foretagsklimat.reference import code_by_name

SANDVIKEN = "2181"

#: Facts the demo reproduces exactly: Sandviken's path 2019-2023 and the 2023 top five.
EXACT_RANKS: tuple[tuple[str, int, int], ...] = (
    ("2181", 2019, 279),
    ("2181", 2020, 268),
    ("2181", 2021, 189),
    ("2181", 2022, 209),
    ("2181", 2023, 128),
    ("1442", 2023, 1),  # Vårgårda
    ("0162", 2023, 2),  # Danderyd
    ("0184", 2023, 3),  # Solna
    ("1230", 2023, 4),  # Staffanstorp
    ("1284", 2023, 5),  # Höganäs
)

#: Firms' national mean of the overall grade per survey year. Published values: 2016 3.3,
#: 2019 3.42, 2021 and 2022 3.43, 2023 3.46; 2020 follows from Sandviken's 2021 article
#: (national change +0.06 to 3.43). The other years are interpolated (synthetic).
NATIONAL_OVERALL: dict[int, float] = {
    2014: 3.26,
    2015: 3.28,
    2016: 3.30,
    2017: 3.34,
    2018: 3.38,
    2019: 3.42,
    2020: 3.37,
    2021: 3.43,
    2022: 3.43,
    2023: 3.46,
    2024: 3.47,
}

#: Firms' national mean procurement grade: 2.69 (2015), 2.63 (2020), 2.66 (2021) published;
#: 2.66 (2016 or 2017) quoted without a sure year; other years synthetic.
NATIONAL_PROCUREMENT: dict[int, float] = {2015: 2.69, 2020: 2.63, 2021: 2.66}

# Which source wins when several give a rank for the same municipality and year.
_PRIORITY = {"table": 0, "toplist": 1, "article": 1, "article_inferred": 2, "derived": 3}


@cache
def _rank_facts() -> pd.DataFrame:
    codes = code_by_name()
    frame = pd.DataFrame(RANK_FACTS, columns=["kommun", "year", "rank", "kind"])
    frame["kommunkod"] = frame["kommun"].map(codes)
    frame["priority"] = frame["kind"].map(_PRIORITY)
    frame = frame.sort_values(["priority", "year", "kommunkod"], kind="stable")
    frame = frame.drop_duplicates(["kommunkod", "year"], keep="first")
    exact = {(k, y) for k, y, _ in EXACT_RANKS}
    pairs = zip(frame["kommunkod"], frame["year"], strict=True)
    frame["exact"] = [(k, int(y)) in exact for k, y in pairs]
    columns = ["kommunkod", "kommun", "year", "rank", "kind", "priority", "exact"]
    return frame[columns].reset_index(drop=True)


def rank_facts(years: object = None) -> pd.DataFrame:
    """Published total ranks, one row per municipality and year.

    Parameters
    ----------
    years : iterable of int, optional
        Keep only these years (default: all years found in the sources).

    Returns
    -------
    pandas.DataFrame
        ``kommunkod``, ``kommun``, ``year``, ``rank``, ``kind`` (``table``, ``toplist``,
        ``article``, ``article_inferred``, ``derived``), ``priority`` (lower wins a
        conflict) and ``exact`` (whether the demo must reproduce it exactly).
        Where sources disagree on a municipality-year, the higher-priority one is kept.
    """
    frame = _rank_facts().copy()
    if years is not None:
        frame = frame[frame["year"].isin(list(years))]  # type: ignore[call-overload]
    return frame.reset_index(drop=True)


@cache
def _mean_facts() -> pd.DataFrame:
    codes = code_by_name()
    frame = pd.DataFrame(MEAN_FACTS, columns=["kommun", "year", "question", "mean"])
    frame["kommunkod"] = frame["kommun"].map(codes)
    frame = frame.drop_duplicates(["kommunkod", "year", "question"], keep="first")
    return frame[["kommunkod", "kommun", "year", "question", "mean"]].reset_index(drop=True)


def mean_facts(years: object = None) -> pd.DataFrame:
    """Published municipality survey means (firms), one row per municipality, year, question.

    Returns
    -------
    pandas.DataFrame
        ``kommunkod``, ``kommun``, ``year``, ``question`` (catalogue code), ``mean``.
    """
    frame = _mean_facts().copy()
    if years is not None:
        frame = frame[frame["year"].isin(list(years))]  # type: ignore[call-overload]
    return frame.reset_index(drop=True)
