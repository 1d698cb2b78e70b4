"""Methodological uncertainty of a composite index, as the EU JRC's COINr analyses it.

:func:`uncertainty_analysis` reruns the index N times, each time multiplying every
weight of the level just below the index by an independent uniform factor in
[1 - X, 1 + X] (then rescaling them to sum to 1), and drawing the normalisation and the
aggregation with equal probability from the alternatives given; it reports each unit's
nominal rank and the mean, median, 5th and 95th percentile of its rank (COINr's
``get_sensitivity(SA_type = "UA")`` rank statistics). :func:`sensitivity_indices`
estimates first-order and total variance-based sensitivity indices of the three
uncertain choices (Saltelli 2010 design; Saltelli 2010 first-order and Jansen total
estimators), for the mean absolute rank shift from the nominal ranking.

Speed: everything below the index depends only on the (normalisation, aggregation) pair,
of which there are at most six, so those scores are computed once each; a replication
is then one weighted mean per unit, done for all replications in one array operation.

Examples
--------
>>> import pandas as pd
>>> from foretagsklimat.engine.coinr import read_coinr
>>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "x": [1.0, 2.0, 3.0],
...                      "y": [3.0, 1.0, 2.0]})
>>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
...     "Type": ["Indicator", "Indicator", "Aggregate"]})
>>> ua = uncertainty_analysis(read_coinr(data, meta), replications=200, random_state=0)
>>> list(ua.rank_stats.columns)
['uCode', 'Nominal', 'Mean', 'Median', 'Q5', 'Q95']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .coinr import (
    AGGREGATES,
    NORMALISATIONS,
    CoinrIndex,
    build_index,
    index_from_methodology,
    scores_below_index,
)
from .normalisers import AGGREGATORS
from .ranking import ENGINE_VERSION
from .scoring import index_rank

__all__ = [
    "INPUTS",
    "UncertaintyResult",
    "index_from_methodology",
    "noisy_weights",
    "sensitivity_indices",
    "uncertainty_analysis",
    "write_rank_stats",
]

#: The uncertain inputs, in the order of the sensitivity design's columns.
INPUTS = ("weights", "normalisation", "aggregation")


@dataclass
class UncertaintyResult:
    """Ranks of every unit over the replications of an uncertainty analysis.

    Attributes
    ----------
    rank_stats : DataFrame
        ``uCode``, ``Nominal``, ``Mean``, ``Median``, ``Q5``, ``Q95``; sorted by
        nominal rank.
    rank_samples : ndarray, shape (replications, units)
        Rank of each unit (columns in ``codes`` order) in each replication.
    index_samples : ndarray, shape (replications, units)
        Index values.
    choices : DataFrame
        Per replication: ``normalise``, ``aggregate`` and one column per perturbed
        weight.
    codes : ndarray of str
    config : dict
        JSON-serialisable record of the run.
    """

    rank_stats: pd.DataFrame
    rank_samples: np.ndarray
    index_samples: np.ndarray
    choices: pd.DataFrame
    codes: np.ndarray
    config: dict[str, Any] = field(default_factory=dict)


def _options(values: Sequence[str] | str, allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = [values] if isinstance(values, str) else list(values)
    if not chosen:
        raise ValueError(f"{what}: give at least one alternative")
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise ValueError(f"{what}: unknown {unknown}; choose from {allowed}")
    return chosen


def noisy_weights(
    weights: np.ndarray, noise: float, size: int, rng: np.random.Generator
) -> np.ndarray:
    """``size`` weight vectors, each weight × U[1 - noise, 1 + noise], rescaled to sum 1.

    Examples
    --------
    >>> w = noisy_weights(np.array([0.5, 0.5]), 0.25, 3, np.random.default_rng(0))
    >>> w.shape, bool(np.allclose(w.sum(axis=1), 1))
    ((3, 2), True)
    """
    if not 0 <= noise < 1:
        raise ValueError(f"weight noise must lie in [0, 1), not {noise!r}")
    factors = rng.uniform(1.0 - noise, 1.0 + noise, (size, len(weights)))
    drawn = np.asarray(weights, dtype="float64") * factors
    return drawn / drawn.sum(axis=1, keepdims=True)


class _Evaluator:
    """Index scores for many (weights, normalisation, aggregation) triples at once."""

    def __init__(self, index: CoinrIndex, normalise: list[str], aggregate: list[str]) -> None:
        self.normalise = normalise
        self.aggregate = aggregate
        # (normalisations, aggregations, units, children of the index)
        self.below = np.stack(
            [np.stack([scores_below_index(index, n, a) for a in aggregate]) for n in normalise]
        )
        # Fail before the replications if geometric cannot be applied to some choice.
        for a_pos, name in enumerate(aggregate):
            if name == "geometric":
                chosen = self.below[:, a_pos]
                if (chosen[~np.isnan(chosen)] <= 0).any():
                    raise ValueError(
                        "geometric aggregation needs positive values below the index; "
                        "with zscore a value is 5 sd below the mean or lower"
                    )

    def scores(self, weights: np.ndarray, norm_pos: np.ndarray, agg_pos: np.ndarray) -> np.ndarray:
        out = np.empty((len(weights), self.below.shape[2]))
        for a_pos, name in enumerate(self.aggregate):
            # A loop over the (at most two) aggregation methods, not over replications.
            rows = agg_pos == a_pos
            if rows.any():
                out[rows] = AGGREGATORS[name](self.below[norm_pos[rows], a_pos], weights[rows])
        return out


def uncertainty_analysis(
    index: CoinrIndex,
    *,
    replications: int = 1000,
    weight_noise: float = 0.25,
    normalise: Sequence[str] | str = ("minmax",),
    aggregate: Sequence[str] | str = ("arithmetic",),
    random_state: int | np.random.Generator | None = None,
) -> UncertaintyResult:
    """Rank statistics over random weights, normalisations and aggregations.

    Parameters
    ----------
    index : CoinrIndex
        From :func:`~foretagsklimat.engine.coinr.read_coinr` or
        :func:`~foretagsklimat.engine.coinr.index_from_methodology`.
    replications : int, default 1000
    weight_noise : float, default 0.25
        X: each weight of the level just below the index is multiplied by an
        independent U[1 - X, 1 + X], then the weights are rescaled to sum to 1.
    normalise : sequence of {"minmax", "zscore", "rank_points"}
        Alternatives, one drawn per replication with equal probability. The first is
        the nominal choice.
    aggregate : sequence of {"arithmetic", "geometric"}
        Likewise; the first is nominal.
    random_state : int or numpy.random.Generator, optional
        Same seed → identical result.

    Returns
    -------
    UncertaintyResult
        ``Nominal`` is the rank under the first normalisation and aggregation with the
        metadata's weights (as :func:`build_index`); ranks share the best rank on ties.

    Examples
    --------
    >>> import pandas as pd
    >>> from foretagsklimat.engine.coinr import read_coinr
    >>> data = pd.DataFrame({"uCode": list("ABCD"), "x": [1.0, 2, 3, 4],
    ...                      "y": [4.0, 3, 2, 1.5]})
    >>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
    ...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> ua = uncertainty_analysis(read_coinr(data, meta), replications=500,
    ...                           normalise=["minmax", "zscore"], random_state=1)
    >>> ua.rank_stats[["uCode", "Nominal", "Q5", "Q95"]]
      uCode  Nominal   Q5  Q95
    0     A        1  1.0  4.0
    1     D        1  1.0  3.0
    2     B        3  2.0  3.0
    3     C        4  2.0  4.0
    """
    if replications < 1:
        raise ValueError("replications must be at least 1")
    norms = _options(normalise, NORMALISATIONS, "normalise")
    aggs = _options(aggregate, AGGREGATES, "aggregate")
    rng = np.random.default_rng(random_state)
    evaluator = _Evaluator(index, norms, aggs)
    weights = noisy_weights(index.top_weights, weight_noise, replications, rng)
    norm_pos = rng.integers(0, len(norms), replications)
    agg_pos = rng.integers(0, len(aggs), replications)
    scores = evaluator.scores(weights, norm_pos, agg_pos)
    ranks = index_rank(scores, axis=1)

    nominal = build_index(index, norms[0], aggs[0]).set_index("uCode")["Rank"]
    quantiles = np.quantile(ranks, [0.5, 0.05, 0.95], axis=0)
    stats = pd.DataFrame(
        {
            "uCode": index.codes.astype(object),
            "Nominal": nominal.reindex(index.codes).to_numpy(),
            "Mean": ranks.mean(axis=0),
            "Median": quantiles[0],
            "Q5": quantiles[1],
            "Q95": quantiles[2],
        }
    )
    stats = stats.sort_values(["Nominal", "uCode"], kind="stable").reset_index(drop=True)
    choices = pd.DataFrame(
        {
            "normalise": np.array(norms, dtype=object)[norm_pos],
            "aggregate": np.array(aggs, dtype=object)[agg_pos],
            **{f"weight_{c}": weights[:, k] for k, c in enumerate(index.top_children)},
        }
    )
    config = {
        "engine_version": ENGINE_VERSION,
        "function": "foretagsklimat.engine.sensitivity.uncertainty_analysis",
        "replications": replications,
        "weight_noise": weight_noise,
        "normalise": norms,
        "aggregate": aggs,
        "random_state": _seed(random_state),
        "index": index.index_code,
        "perturbed": list(index.top_children),
        "units": len(index.codes),
        "indicators": len(index.indicators),
    }
    return UncertaintyResult(stats, ranks.astype("int64"), scores, choices, index.codes, config)


def _seed(random_state: Any) -> int | None:
    return int(random_state) if isinstance(random_state, (int, np.integer)) else None


def write_rank_stats(result: UncertaintyResult, out: str | os.PathLike[str]) -> Path:
    """Write ``out/rank_stats.csv`` (``uCode``, ``Nominal``, ``Mean``, ``Median``, ``Q5``,
    ``Q95``); returns its path.

    Examples
    --------
    >>> import tempfile
    >>> from foretagsklimat.engine.coinr import read_coinr
    >>> data = pd.DataFrame({"uCode": ["A", "B"], "x": [1.0, 2.0], "y": [2.0, 1.0]})
    >>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
    ...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> ua = uncertainty_analysis(read_coinr(data, meta), replications=10, random_state=0)
    >>> write_rank_stats(ua, tempfile.mkdtemp()).read_text().splitlines()[0]
    'uCode,Nominal,Mean,Median,Q5,Q95'
    """
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "rank_stats.csv"
    result.rank_stats.to_csv(path, index=False)
    return path


def _indices(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> tuple[np.ndarray, ...]:
    """Saltelli 2010 first order and Jansen total; first axis = base samples.

    ``f_a``, ``f_b``: (N, outputs); ``f_ab``: (inputs, N, outputs).
    """
    both = np.concatenate([f_a, f_b])
    variance = np.var(both, axis=0)
    # Centring changes no expectation but removes the mean's share of the estimators'
    # variance, which otherwise dominates for an output far from zero.
    centre = both.mean(axis=0)
    f_a, f_b, f_ab = f_a - centre, f_b - centre, f_ab - centre
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.mean(f_b * (f_ab - f_a), axis=1) / variance
        total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=1) / variance
    return first, total, variance


def sensitivity_indices(
    index: CoinrIndex,
    *,
    base_samples: int = 500,
    weight_noise: float = 0.25,
    normalise: Sequence[str] | str = ("minmax", "zscore"),
    aggregate: Sequence[str] | str = ("arithmetic", "geometric"),
    weight_sets: int = 1000,
    per_unit: bool = False,
    random_state: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Variance-based sensitivity of the ranking to weights, normalisation and aggregation.

    Each uncertain input is driven by one uniform number in [0, 1): for the weights it
    picks one of ``weight_sets`` noisy weight vectors generated beforehand (as COINr's
    ``get_noisy_weights``), for normalisation and aggregation it picks an alternative
    with equal probability. Two independent N × 3 sample matrices A and B and the three
    matrices A_B^i (A with column i from B) give N × 5 runs. The output is the mean
    absolute shift of the units' ranks from the nominal ranking; first-order indices use
    Saltelli (2010), total indices Jansen's estimator. An input with a single
    alternative (or zero weight noise) cannot move the output and gets exactly 0.

    Parameters
    ----------
    index : CoinrIndex
    base_samples : int, default 500
        N; cost N × 5 index evaluations.
    weight_noise, normalise, aggregate
        As in :func:`uncertainty_analysis`; the first alternative is nominal.
    weight_sets : int, default 1000
        Size of the pre-generated set of noisy weight vectors.
    per_unit : bool, default False
        Also report the indices of each unit's rank (rows with that ``uCode``).
    random_state : int or numpy.random.Generator, optional

    Returns
    -------
    DataFrame
        ``input`` (``weights``, ``normalisation``, ``aggregation``), ``first_order``,
        ``total``, ``variance`` (of the output); with ``per_unit`` also ``uCode``
        (None for the mean-shift rows). Indices are NaN when the output does not vary.

    Examples
    --------
    >>> import pandas as pd
    >>> from foretagsklimat.engine.coinr import read_coinr
    >>> data = pd.DataFrame({"uCode": list("ABCD"), "x": [1.0, 2, 3, 4],
    ...                      "y": [4.0, 3, 2, 1.5]})
    >>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
    ...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> si = sensitivity_indices(read_coinr(data, meta), base_samples=2000,
    ...                          normalise=["minmax"], aggregate=["arithmetic"],
    ...                          random_state=0)
    >>> si[["input", "first_order", "total"]].round(1)
               input  first_order  total
    0        weights          1.0    1.0
    1  normalisation          0.0    0.0
    2    aggregation          0.0    0.0
    """
    if base_samples < 2:
        raise ValueError("base_samples must be at least 2")
    if weight_sets < 1:
        raise ValueError("weight_sets must be at least 1")
    norms = _options(normalise, NORMALISATIONS, "normalise")
    aggs = _options(aggregate, AGGREGATES, "aggregate")
    rng = np.random.default_rng(random_state)
    evaluator = _Evaluator(index, norms, aggs)
    weight_pool = noisy_weights(index.top_weights, weight_noise, weight_sets, rng)
    if weight_noise == 0:
        weight_pool[:] = index.top_weights
    a = rng.random((base_samples, len(INPUTS)))
    b = rng.random((base_samples, len(INPUTS)))
    mixed = np.repeat(a[None], len(INPUTS), axis=0)
    for i in range(len(INPUTS)):
        mixed[i, :, i] = b[:, i]
    design = np.concatenate([a, b, mixed.reshape(-1, len(INPUTS))])
    sizes = np.array([weight_sets, len(norms), len(aggs)])
    # Uniform → discrete choice: floor(u × k) is each of k alternatives with prob 1/k.
    picks = np.minimum(np.floor(design * sizes).astype("int64"), sizes - 1)
    scores = evaluator.scores(weight_pool[picks[:, 0]], picks[:, 1], picks[:, 2])
    ranks = index_rank(scores, axis=1)
    nominal = index_rank(
        evaluator.scores(index.top_weights[None, :], np.array([0]), np.array([0])), axis=1
    )
    shift = np.nanmean(np.abs(ranks - nominal), axis=1)
    outputs = shift[:, None] if not per_unit else np.column_stack([shift, ranks])

    n = base_samples
    f_a, f_b = outputs[:n], outputs[n : 2 * n]
    f_ab = outputs[2 * n :].reshape(len(INPUTS), n, -1)
    first, total, variance = _indices(f_a, f_b, f_ab)
    frame = pd.DataFrame(
        {
            "input": np.tile(np.array(INPUTS, dtype=object), outputs.shape[1]),
            "first_order": first.T.ravel(),
            "total": total.T.ravel(),
            "variance": np.repeat(variance, len(INPUTS)),
        }
    )
    if per_unit:
        frame.insert(
            0,
            "uCode",
            np.repeat(np.concatenate([[None], index.codes.astype(object)]), len(INPUTS)),
        )
    return frame
