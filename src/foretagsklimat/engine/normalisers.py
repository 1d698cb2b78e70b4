"""Interchangeable normalisers and aggregators, registered by name.

A normaliser turns one indicator's raw values (NaN = missing) into comparable scores,
with ``direction`` +1 (higher is better) or -1 (lower is better); missing stays NaN.
An aggregator combines several normalised columns with weights. Registries let an
uncertainty analysis vary the method by name.

Examples
--------
>>> import numpy as np
>>> NORMALISERS["minmax"](np.array([1.0, 2.0, 3.0]), 1).tolist()
[0.0, 50.0, 100.0]
>>> NORMALISERS["rank_points"](np.array([5.0, 7.0, np.nan]), -1).tolist()
[2.0, 1.0, nan]
>>> AGGREGATORS["geometric"](np.array([[1.0, 4.0]]), np.array([0.5, 0.5])).tolist()
[2.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.stats import rankdata

__all__ = [
    "AGGREGATORS",
    "NORMALISERS",
    "aggregate_arithmetic",
    "aggregate_geometric",
    "factor_rank",
    "normalise_minmax",
    "normalise_rank_points",
    "normalise_zscore",
]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Normaliser = Callable[..., FloatArray]
Aggregator = Callable[[FloatArray, FloatArray], FloatArray]


def factor_rank(values: FloatArray, direction: int, tie_rule: str = "average") -> FloatArray:
    """Rank among the present values, 1 = best; NaN stays NaN.

    Examples
    --------
    >>> factor_rank(np.array([3.0, 5.0, 5.0, np.nan]), 1).tolist()
    [3.0, 1.5, 1.5, nan]
    """
    values = np.asarray(values, dtype="float64")
    out = np.full(values.shape, np.nan)
    present = ~np.isnan(values)
    if present.any():
        # Negating makes "best" the smallest value for rankdata, whose rank 1 is the smallest.
        out[present] = rankdata(-direction * values[present], method=tie_rule)
    return out


def normalise_rank_points(
    values: FloatArray, direction: int, tie_rule: str = "average"
) -> FloatArray:
    """SN's rank points: the best of N gets N points, the worst 1 (``N + 1 - rank``).

    N counts the municipalities with a value, so points always span 1..N.
    """
    ranks = factor_rank(values, direction, tie_rule)
    return np.count_nonzero(~np.isnan(ranks)) + 1 - ranks


def normalise_minmax(
    values: FloatArray, direction: int, lower: float = 0.0, upper: float = 100.0
) -> FloatArray:
    """Linear rescaling so the best is ``upper`` and the worst ``lower``.

    All-equal values get the midpoint, since no one is better than anyone else.
    Use ``lower > 0`` before geometric aggregation.
    """
    values = np.asarray(values, dtype="float64")
    if np.isnan(values).all():
        return values.copy()
    low, high = np.nanmin(values), np.nanmax(values)
    if high == low:
        return np.where(np.isnan(values), np.nan, (lower + upper) / 2)
    share = (values - low) / (high - low)
    if direction < 0:
        share = 1.0 - share
    return lower + (upper - lower) * share


def normalise_zscore(
    values: FloatArray, direction: int, mean: float = 10.0, sd: float = 2.0
) -> FloatArray:
    """Standardise with the sample sd (ddof=1), then rescale to ``mean`` and ``sd``.

    The defaults (10, 2) keep nearly all scores positive, which geometric aggregation
    needs. With fewer than two values or no spread every score is ``mean``.
    """
    values = np.asarray(values, dtype="float64")
    present = ~np.isnan(values)
    if present.sum() < 2:
        return np.where(present, mean, np.nan)
    spread = np.std(values[present], ddof=1)
    if spread == 0:
        return np.where(present, mean, np.nan)
    z = direction * (values - np.mean(values[present])) / spread
    return mean + sd * z


def aggregate_arithmetic(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted arithmetic mean per row, ignoring NaN (weights rescaled over present).

    Parameters
    ----------
    columns : ndarray, shape (units, indicators)
    weights : ndarray, shape (indicators,)
    """
    present = ~np.isnan(columns)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            total > 0, (np.where(present, columns, 0.0) * w).sum(axis=1) / total, np.nan
        )


def aggregate_geometric(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted geometric mean per row, ignoring NaN; every value must be positive.

    Raises
    ------
    ValueError
        When a present value is zero or negative (minmax's 0 is: use ``lower=1``).
    """
    present = ~np.isnan(columns)
    if (columns[present] <= 0).any():
        raise ValueError(
            "geometric aggregation needs positive values; normalise with e.g. "
            "minmax lower=1 or zscore, not to a scale that includes 0"
        )
    logs = np.log(np.where(present, columns, 1.0))
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.exp((logs * w).sum(axis=1) / total), np.nan)


#: Normalisers by name; each is ``f(values, direction, **options) -> scores``.
NORMALISERS: dict[str, Normaliser] = {
    "minmax": normalise_minmax,
    "zscore": normalise_zscore,
    "rank_points": normalise_rank_points,
}

#: Aggregators by name; each is ``f(columns, weights) -> one score per row``.
AGGREGATORS: dict[str, Aggregator] = {
    "arithmetic": aggregate_arithmetic,
    "geometric": aggregate_geometric,
}
