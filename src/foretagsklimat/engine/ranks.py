"""Ranks with ties, as :func:`scipy.stats.rankdata` gives them, in numpy alone.

Importing ``scipy.stats`` costs about a second, more than the rest of the engine
together; the engine needs only its ``rankdata``. This is the same algorithm as SciPy's
(``scipy/stats/_stats_py.py``, BSD licence): a stable sort, the first index of each run
of equal values, the run lengths, and the ranks put back in input order. It gives the
same numbers and dtypes (float for ``average`` or when a NaN is left out, integer
otherwise), which ``tests/engine/test_ranks.py`` checks against SciPy.

Examples
--------
>>> rankdata([0, 2, 3, 2]).tolist()
[1.0, 2.5, 4.0, 2.5]
>>> rankdata([0, 2, 3, 2], method="min").tolist()
[1, 2, 4, 2]
>>> rankdata([0, 2, 3, 2], method="dense").tolist()
[1, 2, 3, 2]
>>> rankdata([0, 2, 3, 2], method="ordinal").tolist()
[1, 2, 4, 3]
>>> rankdata([[0, 2, 2], [3, 2, 5]], axis=1).tolist()
[[1.0, 2.5, 2.5], [2.0, 1.0, 3.0]]
>>> rankdata([0, 2, 3, np.nan, -2, np.nan], nan_policy="omit").tolist()
[2.0, 3.0, 4.0, nan, 1.0, nan]
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["METHODS", "rankdata"]

#: The tie rules, by SciPy's names.
METHODS = ("average", "min", "max", "dense", "ordinal")


def _contains_nan(x: np.ndarray, nan_policy: str) -> bool:
    if nan_policy not in {"propagate", "raise", "omit"}:
        raise ValueError("nan_policy must be one of {'propagate', 'raise', 'omit'}.")
    if x.size == 0:
        return False
    if np.issubdtype(x.dtype, np.floating):
        contains = bool(np.isnan(np.max(x)))
    elif np.issubdtype(x.dtype, np.complexfloating):
        contains = bool(np.isnan(np.max(x.real)) | np.isnan(np.max(x.imag)))
    elif np.issubdtype(x.dtype, np.object_):
        contains = any(np.issubdtype(type(el), np.number) and np.isnan(el) for el in x.ravel())
    else:
        return False
    if nan_policy == "raise" and contains:
        raise ValueError("The input contains nan values")
    return contains


def _order_ranks(ranks: np.ndarray, order: np.ndarray) -> np.ndarray:
    ordered = np.empty(order.shape, dtype=ranks.dtype)
    np.put_along_axis(ordered, order, ranks, axis=-1)
    return ordered


def _rankdata(x: np.ndarray, method: str) -> np.ndarray:
    shape = x.shape
    dtype = np.asarray(1.0).dtype if method == "average" else np.asarray(1).dtype
    order = np.argsort(x, axis=-1, stable=True)
    ordinal = np.broadcast_to(np.arange(1, shape[-1] + 1, dtype=dtype), shape)
    if method == "ordinal":
        return _order_ranks(ordinal, order)
    y = np.take_along_axis(x, order, axis=-1)
    first = np.concatenate(
        [np.ones((*shape[:-1], 1), dtype=bool), y[..., :-1] != y[..., 1:]], axis=-1
    )
    indices = np.arange(y.size)[first.reshape(-1)]
    counts = np.diff(indices, append=np.asarray([y.size], dtype=indices.dtype))
    if method == "min":
        ranks = ordinal[first]
    elif method == "max":
        ranks = ordinal[first] + counts - 1
    elif method == "average":
        ranks = ordinal[first] + (np.asarray(counts, dtype=dtype) - 1) / 2
    else:  # dense
        ranks = np.cumsum(first.astype(dtype, copy=False), axis=-1)[first]
    ranks = np.repeat(ranks, counts).reshape(shape)
    return _order_ranks(ranks, order)


def rankdata(
    a: Any, method: str = "average", *, axis: int | None = None, nan_policy: str = "propagate"
) -> np.ndarray:
    """Ranks of ``a`` along ``axis`` (flattened when None), 1 = smallest, ties by ``method``.

    ``nan_policy``: ``propagate`` makes every rank of a slice with a NaN NaN, ``omit``
    ranks the other values and leaves NaN at the NaN, ``raise`` refuses a NaN.
    """
    if method not in METHODS:
        raise ValueError(f'unknown method "{method}"')
    x = np.asarray(a)
    if axis is None:
        x = x.ravel()
        axis = -1
    if x.size == 0:
        dtype = np.asarray(1.0).dtype if method == "average" else np.asarray(1).dtype
        return np.empty(x.shape, dtype=dtype)
    contains_nan = _contains_nan(x, nan_policy)
    x = np.swapaxes(x, axis, -1)
    ranks = _rankdata(x, method)
    if contains_nan:
        missing = np.isnan(x) if nan_policy == "omit" else np.any(np.isnan(x), axis=-1)
        ranks = np.asarray(ranks, dtype=np.float64)
        ranks[missing] = np.nan
    return np.swapaxes(ranks, axis, -1)
