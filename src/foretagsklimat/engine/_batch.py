"""Array versions of the ranking steps, for many replications at once (private).

The uncertainty analyses rerun the ranking hundreds of times; calling :func:`rank` per
replication would be a Python loop per replication. These functions apply the same rules
as :mod:`.normalisers` and :mod:`.ranking` along one axis of a stacked array, so a whole
block of replications is one numpy/scipy call. ``tests/engine/test_uncertainty.py``
checks that each agrees with its one-dimensional twin in :data:`.normalisers.NORMALISERS`
and with :func:`.ranking.rank`, so the points rule keeps a single meaning.

Shapes: values are ``(replications, units, columns)``; ranking is along ``units``
(axis 1); ``directions`` has one entry per column.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from scipy.stats import rankdata

from .ranking import _TOTAL_DECIMALS

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

__all__ = [
    "BATCH_AGGREGATORS",
    "BATCH_NORMALISERS",
    "batch_final_rank",
    "batch_rank",
    "fill_neutral",
]


def batch_rank(values: FloatArray, directions: FloatArray, tie_rule: str = "average") -> FloatArray:
    """Rank along axis 1 (1 = best, ``directions`` respected); NaN stays NaN.

    Examples
    --------
    >>> batch_rank(np.array([[[3.0], [5.0], [5.0], [np.nan]]]), np.array([1])).ravel().tolist()
    [3.0, 1.5, 1.5, nan]
    """
    # As in factor_rank: negating makes the best the smallest, which rankdata ranks 1.
    oriented = -np.asarray(directions, dtype="float64") * values
    return np.asarray(rankdata(oriented, method=tie_rule, axis=1, nan_policy="omit"))


def _present_count(values: FloatArray) -> FloatArray:
    return np.count_nonzero(~np.isnan(values), axis=1, keepdims=True).astype("float64")


def batch_rank_points(
    values: FloatArray, directions: FloatArray, tie_rule: str = "average"
) -> FloatArray:
    """SN's points N + 1 - rank along axis 1, N = units with a value (see normalisers)."""
    ranks = batch_rank(values, directions, tie_rule)
    return _present_count(values) + 1.0 - ranks


def batch_minmax(
    values: FloatArray, directions: FloatArray, lower: float = 0.0, upper: float = 100.0
) -> FloatArray:
    """Min-max along axis 1 to [lower, upper]; all-equal columns get the midpoint."""
    with np.errstate(invalid="ignore"), _quiet_nan_warnings():
        low = np.nanmin(values, axis=1, keepdims=True)
        high = np.nanmax(values, axis=1, keepdims=True)
    spread = high - low
    share = np.divide(values - low, spread, out=np.full(values.shape, 0.5), where=spread > 0)
    share = np.where(np.asarray(directions) < 0, 1.0 - share, share)
    return np.where(np.isnan(values), np.nan, lower + (upper - lower) * share)


def batch_zscore(
    values: FloatArray, directions: FloatArray, mean: float = 10.0, sd: float = 2.0
) -> FloatArray:
    """Z-scores along axis 1 with the sample sd, rescaled to ``mean`` and ``sd``."""
    count = _present_count(values)
    with _quiet_nan_warnings():
        centre = np.nanmean(values, axis=1, keepdims=True)
        spread = np.nanstd(values, axis=1, ddof=1, keepdims=True)
    usable = (count >= 2) & (spread > 0)
    z = np.divide(values - centre, spread, out=np.zeros(values.shape), where=usable)
    return np.where(np.isnan(values), np.nan, mean + sd * np.asarray(directions) * z)


def fill_neutral(points: FloatArray) -> FloatArray:
    """Missing points become the mean of the points given in that column (as rank())."""
    with _quiet_nan_warnings():
        neutral = np.nanmean(points, axis=1, keepdims=True)
    return np.where(np.isnan(points), neutral, points)


def batch_final_rank(
    total: FloatArray,
    ranks: FloatArray,
    names: Sequence[str],
    tie_break: Sequence[str],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Strict ranks 1..N per replication (axis 1), same keys as ranking._final_rank.

    ``total`` is ``(replications, units)``, ``ranks`` the factor ranks
    ``(replications, units, columns)``; units are in municipality-code order, so the
    position is the code key.
    """
    keys: list[FloatArray] = []
    for key in tie_break:
        if key == "points":
            keys.append(-np.round(total, _TOTAL_DECIMALS))
        elif key == "kommunkod":
            keys.append(np.broadcast_to(np.arange(total.shape[1], dtype="float64"), total.shape))
        else:
            factor = ranks[:, :, list(names).index(key)]
            keys.append(np.where(np.isnan(factor), np.inf, factor))
    order = np.lexsort(np.stack(keys[::-1]), axis=-1)
    final = np.empty(total.shape, dtype="int64")
    positions = np.broadcast_to(np.arange(1, total.shape[1] + 1), total.shape)
    np.put_along_axis(final, order, positions, axis=1)
    return final


def batch_arithmetic(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted mean over the last axis ignoring NaN; ``weights`` broadcast to columns.

    ``columns`` ``(replications, units, parts)``, ``weights`` ``(replications, parts)``.
    """
    present = ~np.isnan(columns)
    w = np.where(present, weights[:, None, :], 0.0)
    total = w.sum(axis=-1)
    sums = (np.where(present, columns, 0.0) * w).sum(axis=-1)
    return np.divide(sums, total, out=np.full(total.shape, np.nan), where=total > 0)


def batch_geometric(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted geometric mean over the last axis ignoring NaN; values must be > 0."""
    present = ~np.isnan(columns)
    if (columns[present] <= 0).any():
        raise ValueError(
            "geometric aggregation needs positive values; normalise with minmax to "
            "[1, 100] or zscore, not to a scale that includes 0"
        )
    w = np.where(present, weights[:, None, :], 0.0)
    total = w.sum(axis=-1)
    logs = (np.log(np.where(present, columns, 1.0)) * w).sum(axis=-1)
    mean_log = np.divide(logs, total, out=np.full(total.shape, np.nan), where=total > 0)
    return np.exp(mean_log)


@contextmanager
def _quiet_nan_warnings() -> Iterator[None]:
    """All-NaN slices are expected (a factor nobody answered); NaN is the right answer."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


#: Same names as :data:`.normalisers.NORMALISERS`; ``f(values, directions, **options)``.
BATCH_NORMALISERS: dict[str, Callable[..., FloatArray]] = {
    "minmax": batch_minmax,
    "zscore": batch_zscore,
    "rank_points": batch_rank_points,
}

#: Same names as :data:`.normalisers.AGGREGATORS`; ``f(columns, weights)``.
BATCH_AGGREGATORS: dict[str, Callable[[FloatArray, FloatArray], FloatArray]] = {
    "arithmetic": batch_arithmetic,
    "geometric": batch_geometric,
}
