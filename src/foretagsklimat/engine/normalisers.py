"""The interchangeable methods, registered by name: normalisers, aggregators, tie rules.

These registries are the one place a method is named. A methodology's ``aggregation``
and ``tie_rule``, the COINr index's ``normalise`` and ``aggregate`` and the
uncertainty analyses all look methods up here, so that an analysis can vary them by
name and a new method added here is available to all of them.

A normaliser turns raw values (NaN = missing) into comparable scores, with
``direction`` +1 (higher is better) or -1 (lower is better); missing stays NaN. It
accepts one indicator's values over the units, shape ``(units,)``, or one column per
indicator, ``(units, indicators)``, optionally stacked over replications,
``(replications, units, indicators)``; it works along the units axis (axis 0 of a
column, axis -2 otherwise) and ``direction`` may then give one entry per indicator.

An aggregator combines the columns of ``(..., units, parts)`` into one score per unit
with weights ``(parts,)``, or one weight vector per replication ``(replications,
parts)``; a missing value is left out and the weights rescaled over those present.

Examples
--------
>>> import numpy as np
>>> NORMALISERS["minmax"](np.array([1.0, 2.0, 3.0]), 1).tolist()
[0.0, 50.0, 100.0]
>>> NORMALISERS["rank_points"](np.array([5.0, 7.0, np.nan]), -1).tolist()
[2.0, 1.0, nan]
>>> NORMALISERS["zscore"](np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]), 1).tolist()
[[8.0, 10.0], [10.0, 10.0], [12.0, 10.0]]
>>> AGGREGATORS["geometric"](np.array([[1.0, 4.0]]), np.array([0.5, 0.5])).tolist()
[2.0]
>>> TIE_RULES
('average', 'min', 'max', 'dense', 'ordinal')
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from .ranks import rankdata

__all__ = [
    "AGGREGATORS",
    "NORMALISERS",
    "TIE_RULES",
    "aggregate_arithmetic",
    "aggregate_geometric",
    "factor_rank",
    "normalise_minmax",
    "normalise_rank_points",
    "normalise_zscore",
    "points_from_ranks",
    "quiet_nan_warnings",
]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
#: ``f(values, direction, **options) -> scores``.
Normaliser = Callable[..., FloatArray]
#: ``f(columns, weights) -> one score per unit``.
Aggregator = Callable[[FloatArray, FloatArray], FloatArray]

#: Tie rules by name: how :func:`factor_rank` ranks equal values, as
#: :func:`.ranks.rankdata`'s (SciPy's) ``method`` (``ordinal`` breaks ties by position).
TIE_RULES = ("average", "min", "max", "dense", "ordinal")


@contextmanager
def quiet_nan_warnings() -> Iterator[None]:
    """Silence numpy's warnings about all-NaN slices, where NaN is the right answer."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _units_axis(values: FloatArray) -> int:
    return 0 if values.ndim == 1 else -2


def _present_count(values: FloatArray) -> FloatArray:
    """Units with a value, per indicator, shaped to broadcast against ``values``."""
    axis = _units_axis(values)
    return np.count_nonzero(~np.isnan(values), axis=axis, keepdims=values.ndim > 1).astype(
        "float64"
    )


def factor_rank(values: FloatArray, direction: Any, tie_rule: str = "average") -> FloatArray:
    """Rank along the units axis among the present values, 1 = best; NaN stays NaN.

    Examples
    --------
    >>> factor_rank(np.array([3.0, 5.0, 5.0, np.nan]), 1).tolist()
    [3.0, 1.5, 1.5, nan]
    >>> factor_rank(np.array([[3.0, 1.0], [5.0, 2.0]]), np.array([1, -1]), "min").tolist()
    [[2.0, 1.0], [1.0, 2.0]]
    """
    values = np.asarray(values, dtype="float64")
    # Negating makes "best" the smallest value for rankdata, whose rank 1 is the smallest.
    oriented = -np.asarray(direction, dtype="float64") * values
    if values.ndim == 1:
        out = np.full(values.shape, np.nan)
        present = ~np.isnan(values)
        if present.any():
            out[present] = rankdata(oriented[present], method=tie_rule)
        return out
    ranks = rankdata(oriented, method=tie_rule, axis=-2, nan_policy="omit")
    return np.asarray(ranks, dtype="float64")


def points_from_ranks(values: FloatArray, ranks: FloatArray) -> FloatArray:
    """``N + 1 - rank``, N the units with a value: rank points from :func:`factor_rank`.

    Examples
    --------
    >>> values = np.array([3.0, 5.0, np.nan])
    >>> points_from_ranks(values, factor_rank(values, 1)).tolist()
    [1.0, 2.0, nan]
    """
    return _present_count(values) + 1.0 - ranks


def normalise_rank_points(
    values: FloatArray, direction: Any, tie_rule: str = "average"
) -> FloatArray:
    """SN's rank points: the best of N gets N points, the worst 1 (``N + 1 - rank``).

    N counts the units with a value, so points always span 1..N.

    Examples
    --------
    >>> normalise_rank_points(np.array([3.0, 5.0, 5.0, 1.0]), 1).tolist()
    [2.0, 3.5, 3.5, 1.0]
    """
    values = np.asarray(values, dtype="float64")
    return points_from_ranks(values, factor_rank(values, direction, tie_rule))


def normalise_minmax(
    values: FloatArray, direction: Any, lower: float = 0.0, upper: float = 100.0
) -> FloatArray:
    """Linear rescaling so the best is ``upper`` and the worst ``lower``.

    All-equal values get the midpoint, since no one is better than anyone else.
    Use ``lower > 0`` before geometric aggregation.

    Examples
    --------
    >>> normalise_minmax(np.array([20.0, 10.0, np.nan, 15.0]), -1, lower=1).tolist()
    [1.0, 100.0, nan, 50.5]
    >>> normalise_minmax(np.array([4.0, 4.0]), 1).tolist()
    [50.0, 50.0]
    """
    values = np.asarray(values, dtype="float64")
    axis = _units_axis(values)
    with np.errstate(invalid="ignore"), quiet_nan_warnings():
        low = np.nanmin(values, axis=axis, keepdims=True)
        high = np.nanmax(values, axis=axis, keepdims=True)
    spread = high - low
    share = np.divide(values - low, spread, out=np.full(values.shape, 0.5), where=spread > 0)
    share = np.where(np.asarray(direction) < 0, 1.0 - share, share)
    scaled = np.where(spread > 0, lower + (upper - lower) * share, (lower + upper) / 2)
    return np.where(np.isnan(values), np.nan, scaled)


def _centre_and_spread(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and sample sd (ddof=1) of the present values along the units axis.

    One indicator (or each column of one matrix) is summed over its present values
    alone, a stack of replications along its units axis. The two round differently in
    the last bit, and both are kept so that every stored result is reproduced exactly.
    """
    if values.ndim <= 2:
        columns = values[:, None] if values.ndim == 1 else values
        centre = np.full(columns.shape[1], np.nan)
        spread = np.full(columns.shape[1], np.nan)
        for j in range(columns.shape[1]):
            present = columns[~np.isnan(columns[:, j]), j]
            if len(present) >= 2:
                centre[j] = np.mean(present)
                spread[j] = np.std(present, ddof=1)
        return (centre[0], spread[0]) if values.ndim == 1 else (centre, spread)
    with quiet_nan_warnings():
        return (
            np.nanmean(values, axis=-2, keepdims=True),
            np.nanstd(values, axis=-2, ddof=1, keepdims=True),
        )


def normalise_zscore(
    values: FloatArray, direction: Any, mean: float = 10.0, sd: float = 2.0
) -> FloatArray:
    """Standardise with the sample sd (ddof=1), then rescale to ``mean`` and ``sd``.

    The defaults (10, 2) keep nearly all scores positive, which geometric aggregation
    needs. With fewer than two values or no spread every score is ``mean``.

    Examples
    --------
    >>> normalise_zscore(np.array([1.0, 2.0, 3.0, np.nan]), -1).tolist()
    [12.0, 10.0, 8.0, nan]
    """
    values = np.asarray(values, dtype="float64")
    centre, spread = _centre_and_spread(values)
    usable = (_present_count(values) >= 2) & (spread > 0)
    z = np.divide(values - centre, spread, out=np.zeros(values.shape), where=usable)
    return np.where(np.isnan(values), np.nan, mean + sd * np.asarray(direction) * z)


def _present_weights(columns: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Where each value is present, and its weight there (0 where missing)."""
    present = ~np.isnan(columns)
    # (parts,) applies to every unit; (replications, parts) to each unit of a replication.
    return present, np.where(present, np.expand_dims(np.asarray(weights), -2), 0.0)


def aggregate_arithmetic(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted arithmetic mean over the last axis, ignoring NaN (weights rescaled).

    Parameters
    ----------
    columns : ndarray, shape (..., units, parts)
    weights : ndarray, shape (parts,) or (replications, parts)

    Examples
    --------
    >>> aggregate_arithmetic(np.array([[1.0, 3.0], [np.nan, 3.0]]), np.array([3.0, 1.0]))
    array([1.5, 3. ])
    """
    present, w = _present_weights(columns, weights)
    total = w.sum(axis=-1)
    sums = (np.where(present, columns, 0.0) * w).sum(axis=-1)
    return np.divide(sums, total, out=np.full(total.shape, np.nan), where=total > 0)


def aggregate_geometric(columns: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted geometric mean over the last axis, ignoring NaN; values must be positive.

    Raises
    ------
    ValueError
        When a present value is zero or negative (minmax's 0 is: use ``lower=1``).

    Examples
    --------
    >>> aggregate_geometric(np.array([[1.0, 100.0]]), np.array([1.0, 1.0]))
    array([10.])
    """
    present, w = _present_weights(columns, weights)
    if (columns[present] <= 0).any():
        raise ValueError(
            "geometric aggregation needs positive values; normalise with e.g. "
            "minmax lower=1 or zscore, not to a scale that includes 0"
        )
    total = w.sum(axis=-1)
    logs = (np.log(np.where(present, columns, 1.0)) * w).sum(axis=-1)
    mean_log = np.divide(logs, total, out=np.full(total.shape, np.nan), where=total > 0)
    return np.exp(mean_log)


#: Normalisers by name; each is ``f(values, direction, **options) -> scores``.
NORMALISERS: dict[str, Normaliser] = {
    "minmax": normalise_minmax,
    "zscore": normalise_zscore,
    "rank_points": normalise_rank_points,
}

#: Aggregators by name; each is ``f(columns, weights) -> one score per unit``.
AGGREGATORS: dict[str, Aggregator] = {
    "arithmetic": aggregate_arithmetic,
    "geometric": aggregate_geometric,
}
