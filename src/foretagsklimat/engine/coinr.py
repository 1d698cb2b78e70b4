"""Composite indicators from COINr's two tables: a data table and an indicator metadata table.

The EU JRC's R package COINr describes an index by ``iData`` (``uCode``, ``uName``, one
column per indicator) and ``iMeta`` (``iCode``, ``iName``, ``Level``, ``Parent``,
``Direction``, ``Weight``, ``Type``). Level 1 holds the indicators; each higher level
aggregates the level below; the one aggregate at the top level is the index. Weights
are rescaled to sum to 1 among siblings (children of one parent), so only their ratios
matter. :func:`read_coinr` validates the tables once; :func:`build_index` normalises and
aggregates; :func:`index_from_methodology` turns a ranking year into the same structure.

Conventions (checked against COINr's documentation, see docs/uncertainty.md):

* ``minmax``: best 100, worst 0 (COINr's ``n_minmax`` default ``l_u = c(0, 100)``);
  under geometric aggregation to [1, 100] instead, COINr's usual workaround for a
  geometric mean, which is undefined at 0.
* ``zscore``: mean 10, sd 2 with the sample sd (COINr's normalisation vignette; the bare
  ``n_zscore`` default is mean 0, sd 1, which a geometric mean cannot use).
* ``rank_points``: SN's N + 1 - rank (average ties); a unit without a value gets the
  neutral (mean) points, as in :func:`foretagsklimat.engine.ranking.rank`.
* Missing values otherwise: a unit is aggregated over the children it has (weights
  rescaled over those present), as COINr's ``a_amean``/``a_gmean``.
* ``Rank``: 1 = highest index; equal indexes share the best rank (R's ``ties = "min"``).

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "uName": ["a", "b", "c"],
...                      "x": [1.0, 2.0, 3.0], "y": [30.0, 10.0, 20.0]})
>>> meta = pd.DataFrame({
...     "iCode": ["x", "y", "Index"], "iName": ["X", "Y", "Index"], "Level": [1, 1, 2],
...     "Parent": ["Index", "Index", None], "Direction": [1, -1, None],
...     "Weight": [1, 1, 1], "Type": ["Indicator", "Indicator", "Aggregate"]})
>>> build_index(read_coinr(data, meta))
  uCode  Index  Rank
0     B   75.0     1
1     C   75.0     1
2     A    0.0     3
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .methodology import Methodology
from .normalisers import AGGREGATORS, NORMALISERS
from .ranking import _TOTAL_DECIMALS, _ranked_columns, rank

__all__ = [
    "AGGREGATES",
    "NORMALISATIONS",
    "CoinrError",
    "CoinrIndex",
    "build_index",
    "index_from_methodology",
    "normalised_indicators",
    "read_coinr",
    "read_coinr_csv",
    "scores_below_index",
    "write_index",
]

#: Normalisations :func:`build_index` accepts (names of :data:`NORMALISERS`).
NORMALISATIONS = ("minmax", "zscore", "rank_points")
#: Aggregations :func:`build_index` accepts (names of :data:`AGGREGATORS`).
AGGREGATES = ("arithmetic", "geometric")
_DATA_REQUIRED = ("uCode",)
_META_REQUIRED = ("iCode", "Level", "Parent", "Weight", "Type")


class CoinrError(ValueError):
    """The data or metadata table is not a valid COINr index description.

    The message names the table, the spreadsheet row (header = row 1) and the column.
    """


@dataclass(frozen=True)
class _Level:
    """One aggregation step: children (previous level) → parents (this level)."""

    codes: tuple[str, ...]
    children: tuple[str, ...]
    #: (children, parents); each column sums to 1 (weights rescaled among siblings).
    matrix: np.ndarray


@dataclass(frozen=True)
class CoinrIndex:
    """A validated index: unit × indicator values and the aggregation tree.

    Attributes
    ----------
    codes, names : ndarray of str
        ``uCode`` and ``uName`` per unit, in data-table order.
    indicators : tuple of str
        Level-1 ``iCode`` in metadata order; the columns of ``values``.
    values : ndarray, shape (units, indicators)
        Raw values, NaN = missing.
    directions : ndarray of int
        +1 higher is better, -1 lower is better, per indicator.
    levels : tuple
        Aggregation steps from level 2 to the index; ``levels[-1]`` has one parent, the
        index, whose children are "the level just below the index".
    index_code : str
    tie_rule : str
        Tie rule of ``rank_points`` (default "average").
    """

    codes: np.ndarray
    names: np.ndarray
    indicators: tuple[str, ...]
    values: np.ndarray
    directions: np.ndarray
    levels: tuple[_Level, ...]
    index_code: str
    tie_rule: str = "average"

    @property
    def top_children(self) -> tuple[str, ...]:
        """Codes of the level just below the index (whose weights the noise perturbs)."""
        return self.levels[-1].children

    @property
    def top_weights(self) -> np.ndarray:
        """Their weights, summing to 1."""
        return np.asarray(self.levels[-1].matrix[:, 0], dtype="float64")


def _row(i: int) -> int:
    return int(i) + 2  # as a person sees it in a spreadsheet: header is row 1


def read_coinr(data: pd.DataFrame, meta: pd.DataFrame) -> CoinrIndex:
    """Validate COINr's ``iData`` and ``iMeta`` tables and build a :class:`CoinrIndex`.

    Rows of ``meta`` whose ``Type`` is neither ``Indicator`` nor ``Aggregate`` (COINr's
    ``Group``, ``Denominator``, ``Other``) are ignored, as are data columns they name.

    Parameters
    ----------
    data : DataFrame
        ``uCode`` (unique), optional ``uName``, one numeric column per indicator.
    meta : DataFrame
        ``iCode``, ``iName`` (optional), ``Level`` (1 = indicator), ``Parent`` (empty
        for the index only), ``Direction`` (1 or -1, indicators), ``Weight`` (>= 0,
        siblings not all 0), ``Type`` (``Indicator`` | ``Aggregate``).

    Returns
    -------
    CoinrIndex

    Raises
    ------
    CoinrError
        Naming the table, row and column of the first fault found.
    """
    missing = [c for c in _DATA_REQUIRED if c not in data.columns]
    if missing:
        raise CoinrError(f"data: missing column(s) {missing}")
    missing = [c for c in _META_REQUIRED if c not in meta.columns]
    if missing:
        raise CoinrError(f"meta: missing column(s) {missing}")
    if "Direction" not in meta.columns:
        raise CoinrError("meta: missing column(s) ['Direction']")

    rows = meta.reset_index(drop=True)
    kinds = rows["Type"].astype(str).str.strip()
    rows = rows.loc[kinds.isin(["Indicator", "Aggregate"])].copy()
    rows["Type"] = kinds[rows.index]
    rows["iCode"] = rows["iCode"].astype(str).str.strip()
    duplicated = rows["iCode"].duplicated()
    if duplicated.any():
        i = rows.index[duplicated][0]
        raise CoinrError(f"meta row {_row(i)}, column iCode: {rows.at[i, 'iCode']!r} appears twice")
    level = pd.to_numeric(rows["Level"], errors="coerce")
    for i in rows.index:
        lv = level[i]
        if not np.isfinite(lv) or lv < 1 or lv != int(lv):
            raise CoinrError(
                f"meta row {_row(i)}, column Level: {rows.at[i, 'Level']!r} is not a whole "
                "number >= 1"
            )
        expected = "Indicator" if lv == 1 else "Aggregate"
        if rows.at[i, "Type"] != expected:
            raise CoinrError(
                f"meta row {_row(i)}, column Type: level {int(lv)} must be {expected!r}, "
                f"not {rows.at[i, 'Type']!r}"
            )
    rows["Level"] = level.astype("int64")
    top_level = int(rows["Level"].max()) if len(rows) else 0
    if top_level < 2:
        raise CoinrError("meta: needs indicators (Level 1) and an index aggregate above them")
    tops = rows.loc[rows["Level"] == top_level]
    if len(tops) != 1:
        raise CoinrError(
            f"meta: exactly one aggregate (the index) must have the top level {top_level}; "
            f"found {sorted(tops['iCode'])}"
        )
    index_code = str(tops["iCode"].iloc[0])
    parent = rows["Parent"].where(rows["Parent"].notna(), None)
    by_code = rows.set_index("iCode")
    weight = pd.to_numeric(rows["Weight"], errors="coerce")
    for i in rows.index:
        code, lv = rows.at[i, "iCode"], rows.at[i, "Level"]
        if code == index_code:
            continue
        p = parent[i]
        if p is None or str(p).strip() == "" or str(p).strip() not in by_code.index:
            raise CoinrError(
                f"meta row {_row(i)}, column Parent: {p!r} is not an iCode of an aggregate"
            )
        if by_code.at[str(p).strip(), "Level"] != lv + 1:
            raise CoinrError(f"meta row {_row(i)}, column Parent: {p!r} must be at level {lv + 1}")
        if not np.isfinite(weight[i]) or weight[i] < 0:
            raise CoinrError(
                f"meta row {_row(i)}, column Weight: {rows.at[i, 'Weight']!r} is not a number >= 0"
            )
    rows["Parent"] = parent.map(lambda p: None if p is None else str(p).strip())
    rows["Weight"] = weight

    indicators = rows.loc[rows["Level"] == 1]
    direction = pd.to_numeric(indicators["Direction"], errors="coerce")
    bad = ~direction.isin([1, -1])
    if bad.any():
        i = indicators.index[bad][0]
        raise CoinrError(
            f"meta row {_row(i)}, column Direction: {rows.at[i, 'Direction']!r} must be 1 or -1"
        )

    levels: list[_Level] = []
    children = list(indicators["iCode"])
    for lv in range(2, top_level + 1):
        parents = list(rows.loc[rows["Level"] == lv, "iCode"])
        matrix = np.zeros((len(children), len(parents)))
        child_rows = rows.set_index("iCode").loc[children]
        for j, p in enumerate(parents):
            mine = (child_rows["Parent"] == p).to_numpy()
            total = child_rows["Weight"].to_numpy()[mine].sum()
            if not mine.any() or total <= 0:
                raise CoinrError(f"meta: aggregate {p!r} has no children with a positive weight")
            matrix[mine, j] = child_rows["Weight"].to_numpy()[mine] / total
        levels.append(_Level(tuple(parents), tuple(children), matrix))
        children = parents

    codes = data["uCode"]
    if codes.isna().any():
        i = int(np.flatnonzero(codes.isna().to_numpy())[0])
        raise CoinrError(f"data row {_row(i)}, column uCode: empty")
    codes = codes.astype(str)
    if codes.duplicated().any():
        i = int(np.flatnonzero(codes.duplicated().to_numpy())[0])
        raise CoinrError(f"data row {_row(i)}, column uCode: {codes.iloc[i]!r} appears twice")
    names = data["uName"].astype(str) if "uName" in data.columns else codes
    columns = list(indicators["iCode"])
    absent = [c for c in columns if c not in data.columns]
    if absent:
        raise CoinrError(f"data: no column for indicator(s) {absent} named in meta")
    values = np.empty((len(data), len(columns)))
    for j, column in enumerate(columns):
        raw = data[column]
        numeric = pd.to_numeric(raw, errors="coerce")
        bad_value = numeric.isna().to_numpy() & raw.notna().to_numpy()
        if bad_value.any():
            i = int(np.flatnonzero(bad_value)[0])
            raise CoinrError(
                f"data row {_row(i)}, column {column}: {raw.iloc[i]!r} is not a number"
            )
        values[:, j] = numeric.to_numpy(dtype="float64")
    return CoinrIndex(
        codes=codes.to_numpy(dtype=str),
        names=names.to_numpy(dtype=str),
        indicators=tuple(columns),
        values=values,
        directions=direction.to_numpy(dtype="int64"),
        levels=tuple(levels),
        index_code=index_code,
    )


def read_coinr_csv(data: str | os.PathLike[str], meta: str | os.PathLike[str]) -> CoinrIndex:
    """:func:`read_coinr` on two CSV files; ``uCode`` and ``iCode`` are read as text.

    Errors name the file as well as the row and column.
    """
    try:
        return read_coinr(
            pd.read_csv(data, dtype={"uCode": str, "uName": str}),
            pd.read_csv(meta, dtype={"iCode": str, "Parent": str}),
        )
    except CoinrError as error:
        message = str(error)
        file = data if message.startswith("data") else meta
        raise CoinrError(f"{os.fspath(file)}: {message}") from error


def normalised_indicators(
    index: CoinrIndex, normalise: str = "minmax", aggregate: str = "arithmetic"
) -> np.ndarray:
    """Each indicator normalised by name from :data:`NORMALISERS` (units × indicators).

    Min-max goes to [1, 100] instead of [0, 100] when the aggregation is geometric.
    """
    if normalise not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {normalise!r}; choose from {NORMALISATIONS}")
    if aggregate not in AGGREGATES:
        raise ValueError(f"unknown aggregation {aggregate!r}; choose from {AGGREGATES}")
    options: dict[str, Any] = {}
    if normalise == "minmax" and aggregate == "geometric":
        options = {"lower": 1.0}
    elif normalise == "rank_points":
        options = {"tie_rule": index.tie_rule}
    out = np.column_stack(
        [
            NORMALISERS[normalise](index.values[:, j], int(index.directions[j]), **options)
            for j in range(len(index.indicators))
        ]
    )
    if normalise == "rank_points":
        # Neutral points for a gap, as rank() gives: neither reward nor punishment.
        with np.errstate(all="ignore"):
            neutral = np.nanmean(np.where(np.isnan(out), np.nan, out), axis=0)
        out = np.where(np.isnan(out), neutral, out)
    return out


def scores_below_index(
    index: CoinrIndex, normalise: str = "minmax", aggregate: str = "arithmetic"
) -> np.ndarray:
    """Scores of the level just below the index (units × its children).

    Everything up to there is fixed for a given normalisation and aggregation, so an
    uncertainty analysis that perturbs only the top weights computes it once.
    """
    scores = normalised_indicators(index, normalise, aggregate)
    combine = AGGREGATORS[aggregate]
    for level in index.levels[:-1]:
        scores = np.column_stack(
            [
                combine(scores[:, level.matrix[:, j] > 0], level.matrix[level.matrix[:, j] > 0, j])
                for j in range(len(level.codes))
            ]
        )
    return scores


def _rank_desc(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """1 = highest; equal scores share the best rank; NaN stays NaN.

    Scores are compared after rounding (as rank() compares totals), so that weights
    like 3/4 and 1/3 multiplied in floating point cannot split genuinely equal scores.
    """
    rounded = np.round(scores, _TOTAL_DECIMALS)
    return np.asarray(rankdata(-rounded, method="min", axis=axis, nan_policy="omit"))


def build_index(
    index: CoinrIndex,
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
    *,
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """Normalise the indicators and aggregate level by level up to the index.

    Parameters
    ----------
    index : CoinrIndex
    normalise : {"minmax", "zscore", "rank_points"}
    aggregate : {"arithmetic", "geometric"}
        Used at every level. Geometric needs positive values: min-max then maps to
        [1, 100]; a z-score at or below 0 (more than 5 sd below the mean) raises.
    weights : ndarray, optional
        Weights of the level just below the index (rescaled to sum to 1); default the
        metadata's.

    Returns
    -------
    DataFrame
        ``uCode``, ``Index``, ``Rank`` (1 = best, ties share the best rank), sorted by
        rank then code.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"uCode": ["A", "B"], "x": [1.0, 4.0], "y": [2.0, 1.0]})
    >>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
    ...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> build_index(read_coinr(data, meta), "minmax", "geometric")["Index"].round(6).tolist()
    [10.0, 10.0]
    """
    below = scores_below_index(index, normalise, aggregate)
    top = index.top_weights if weights is None else np.asarray(weights, dtype="float64")
    if top.shape != index.top_weights.shape or (top < 0).any() or top.sum() <= 0:
        raise ValueError(f"weights: need {len(index.top_weights)} non-negative numbers, not all 0")
    score = AGGREGATORS[aggregate](below, top / top.sum())
    ranks = _rank_desc(score)
    frame = pd.DataFrame({"uCode": index.codes.astype(object), "Index": score, "Rank": ranks})
    if not np.isnan(ranks).any():
        frame["Rank"] = frame["Rank"].astype("int64")
    return frame.sort_values(["Rank", "uCode"], kind="stable").reset_index(drop=True)


def write_index(
    index: CoinrIndex,
    out: str | os.PathLike[str],
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
) -> Path:
    """Write ``out/index.csv`` (``uCode``, ``Index``, ``Rank``); returns its path."""
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.csv"
    build_index(index, normalise, aggregate).to_csv(path, index=False)
    return path


def index_from_methodology(indicator_values: pd.DataFrame, methodology: Methodology) -> CoinrIndex:
    """One ranking year as a :class:`CoinrIndex`: the ranked factors under one index.

    The indicators are the methodology's ranked columns (sub-question groups averaged
    as :func:`rank` does), weighted as the methodology says; ``tie_rule`` is the
    methodology's. With ``normalise="rank_points"`` and arithmetic aggregation, the
    index equals :func:`rank`'s total points (its final rank may differ only where the
    totals tie, since ``rank`` breaks ties).

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
    >>> import pandas as pd
    >>> m = get_methodology("sn-2020")
    >>> sources = [i.source for i in m.indicators]
    >>> values = pd.DataFrame({"kommunkod": ["0114"] * 17 + ["0115"] * 17,
    ...                        "source": sources * 2, "value": [1.0] * 17 + [2.0] * 17})
    >>> idx = index_from_methodology(values, m)
    >>> len(idx.indicators), idx.index_code, round(float(idx.top_weights.sum()), 9)
    (17, 'Index', 1.0)
    """
    nominal = rank(indicator_values, methodology)
    wide = nominal.stages["values"]
    columns = _ranked_columns(nominal.methodology)
    weights = np.array([c.weight for c in columns])
    return CoinrIndex(
        codes=wide.index.to_numpy(dtype=str),
        names=wide.index.to_numpy(dtype=str),
        indicators=tuple(c.code for c in columns),
        values=wide.to_numpy(dtype="float64"),
        directions=np.array([c.direction for c in columns], dtype="int64"),
        levels=(
            _Level(("Index",), tuple(c.code for c in columns), (weights / weights.sum())[:, None]),
        ),
        index_code="Index",
        tie_rule=nominal.methodology.tie_rule,
    )
