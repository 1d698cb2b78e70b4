"""Computing an index: normalise the indicators, aggregate level by level, rank.

:func:`composite` is the one computation: it normalises each indicator by name from
:data:`~foretagsklimat.engine.normalisers.NORMALISERS`, aggregates every level by name
from :data:`~foretagsklimat.engine.normalisers.AGGREGATORS`, ranks the index and keeps
every stage. :func:`build_index` is its table of results, :func:`recompute` re-runs a
recorded configuration, :func:`compare_ranks` sets a composite beside SN's ranking.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..normalisers import AGGREGATORS, NORMALISERS, FloatArray
from ..ranking import ENGINE_VERSION, InputMismatchError, RankingResult
from ..scoring import fill_neutral, index_rank
from .index import CoinrIndex

__all__ = [
    "AGGREGATES",
    "COMPOSITE_STAGES",
    "NORMALISATIONS",
    "CompositeResult",
    "build_index",
    "compare_ranks",
    "composite",
    "normalisation_options",
    "normalised_indicators",
    "recompute",
    "scores_below_index",
    "write_index",
]

#: Normalisations an index accepts: the names of :data:`NORMALISERS`.
NORMALISATIONS = tuple(NORMALISERS)
#: Aggregations an index accepts: the names of :data:`AGGREGATORS`.
AGGREGATES = tuple(AGGREGATORS)
#: The stages kept in :attr:`CompositeResult.stages`, in pipeline order.
COMPOSITE_STAGES = ("values", "normalised", "aggregated", "index", "rank")


def _check_methods(normalise: str, aggregate: str) -> None:
    if normalise not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {normalise!r}; choose from {NORMALISATIONS}")
    if aggregate not in AGGREGATES:
        raise ValueError(f"unknown aggregation {aggregate!r}; choose from {AGGREGATES}")


def normalisation_options(
    index: CoinrIndex,
    normalise: str,
    aggregate: str,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The options a normaliser gets: ``options`` as given, else COINr's defaults.

    The defaults: min-max to [1, 100] instead of [0, 100] under geometric aggregation
    (a geometric mean is undefined at 0); rank points with the index's tie rule.

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import read_long
    >>> index = read_long(pd.DataFrame({"unit": ["a"], "indicator": ["x"], "value": [1.0]}),
    ...                   pd.DataFrame({"indicator": ["x"], "weight": [1], "direction": [1]}))
    >>> normalisation_options(index, "minmax", "geometric")
    {'lower': 1.0}
    >>> normalisation_options(index, "rank_points", "arithmetic", {"tie_rule": "min"})
    {'tie_rule': 'min'}
    """
    if options is not None:
        return dict(options)
    if normalise == "minmax" and aggregate == "geometric":
        return {"lower": 1.0}
    if normalise == "rank_points":
        return {"tie_rule": index.tie_rule}
    return {}


def normalised_indicators(
    index: CoinrIndex,
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
    *,
    options: Mapping[str, Any] | None = None,
    neutral_gaps: bool | None = None,
) -> FloatArray:
    """Each indicator normalised by name from :data:`NORMALISERS` (units × indicators).

    Parameters
    ----------
    index : CoinrIndex
    normalise, aggregate : str
        Method names; the aggregation chooses the default options.
    options : mapping, optional
        The normaliser's options (see :func:`normalisation_options`).
    neutral_gaps : bool, optional
        Give a unit without a value the mean of the others' normalised values (the
        neutral points of :func:`~foretagsklimat.engine.ranking.rank`). Default: for
        ``rank_points`` only, as SN does; otherwise a unit is aggregated over the
        children it has, as COINr does.

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import read_long
    >>> index = read_long(pd.DataFrame({"unit": list("abc"), "indicator": "x",
    ...                                 "value": [1.0, np.nan, 3.0]}),
    ...                   pd.DataFrame({"indicator": ["x"], "weight": [1], "direction": [1]}))
    >>> normalised_indicators(index, "rank_points").ravel().tolist()
    [1.0, 1.5, 2.0]
    >>> normalised_indicators(index, "minmax").ravel().tolist()
    [0.0, nan, 100.0]
    """
    _check_methods(normalise, aggregate)
    chosen = normalisation_options(index, normalise, aggregate, options)
    out = NORMALISERS[normalise](index.values, index.directions, **chosen)
    if normalise == "rank_points" if neutral_gaps is None else neutral_gaps:
        out = fill_neutral(out)
    # C order, so that the aggregators' row sums add in the same order for every index.
    return np.ascontiguousarray(out)


def _aggregated_levels(
    index: CoinrIndex, normalised: FloatArray, aggregate: str
) -> list[FloatArray]:
    """Scores of every level between the indicators and the index, from the bottom."""
    combine = AGGREGATORS[aggregate]
    scores, out = normalised, []
    for level in index.levels[:-1]:
        scores = np.column_stack(
            [
                combine(scores[:, level.matrix[:, j] > 0], level.matrix[level.matrix[:, j] > 0, j])
                for j in range(len(level.codes))
            ]
        )
        out.append(scores)
    return out


def scores_below_index(
    index: CoinrIndex,
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
    *,
    options: Mapping[str, Any] | None = None,
    neutral_gaps: bool | None = None,
) -> FloatArray:
    """Scores of the level just below the index (units × its children).

    Everything up to there is fixed for a given normalisation and aggregation, so an
    uncertainty analysis that perturbs only the top weights computes it once.

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import read_long
    >>> index = read_long(pd.DataFrame({"unit": list("ab"), "indicator": ["x", "x"],
    ...                                 "value": [1.0, 3.0]}),
    ...                   pd.DataFrame({"indicator": ["x"], "group": ["g"], "weight": [1],
    ...                                 "direction": [1]}))
    >>> scores_below_index(index).tolist()
    [[0.0], [100.0]]
    """
    normalised = normalised_indicators(
        index, normalise, aggregate, options=options, neutral_gaps=neutral_gaps
    )
    levels = _aggregated_levels(index, normalised, aggregate)
    return levels[-1] if levels else normalised


@dataclass
class CompositeResult:
    """A composite index, stage by stage.

    Attributes
    ----------
    units : DataFrame
        ``uCode``, ``Index``, ``Rank`` (1 = best, equal indexes share the best rank;
        int unless an index is missing), sorted by rank then code.
    stages : dict of DataFrame
        Indexed by ``uCode``: ``values`` and ``normalised`` (one column per indicator),
        ``aggregated`` (one column per aggregate below the index, level by level),
        ``index`` (``Index``) and ``rank`` (``Index``, ``Rank``).
    config : dict
        JSON-serialisable; ``recompute(config, index)`` reproduces the result.
    """

    units: pd.DataFrame
    stages: dict[str, pd.DataFrame]
    config: dict[str, Any]

    def equals(self, other: CompositeResult) -> bool:
        """Whether two results are identical frame by frame and in configuration."""
        return (
            self.config == other.config
            and self.units.equals(other.units)
            and all(self.stages[k].equals(other.stages[k]) for k in COMPOSITE_STAGES)
        )


def composite(
    index: CoinrIndex,
    *,
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
    normalise_options: Mapping[str, Any] | None = None,
    neutral_gaps: bool | None = None,
    weights: FloatArray | None = None,
) -> CompositeResult:
    """Normalise the indicators, aggregate level by level up to the index, and rank.

    Parameters
    ----------
    index : CoinrIndex
        From :func:`~.tables.read_coinr`, :func:`~.tables.read_long` or
        :func:`~.index.index_from_methodology`.
    normalise : {"minmax", "zscore", "rank_points"}
        ``minmax`` to [0, 100] (options ``lower``, ``upper``; [1, 100] by default under
        geometric aggregation); ``zscore`` to mean 10, sd 2 with the sample sd (options
        ``mean``, ``sd``); ``rank_points`` N + 1 - rank (option ``tie_rule``).
    aggregate : {"arithmetic", "geometric"}
        Weighted means, used at every level. Geometric needs every value > 0: a
        z-score at or below 0 (more than 5 sd below the mean) raises ``ValueError``.
    normalise_options : mapping, optional
        Passed to the normaliser instead of the defaults.
    neutral_gaps : bool, optional
        See :func:`normalised_indicators`.
    weights : ndarray, optional
        Weights of the level just below the index (rescaled to sum to 1); default the
        index's.

    Returns
    -------
    CompositeResult

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import read_long
    >>> values = pd.DataFrame({"unit": list("abab"), "indicator": list("xxyy"),
    ...                        "value": [1.0, 4.0, 2.0, 1.0]})
    >>> meta = pd.DataFrame({"indicator": ["x", "y"], "weight": [0.5, 0.5],
    ...                      "direction": [1, 1]})
    >>> result = composite(read_long(values, meta), aggregate="geometric")
    >>> result.units
      uCode  Index  Rank
    0     a   10.0     1
    1     b   10.0     1
    >>> list(result.stages)
    ['values', 'normalised', 'aggregated', 'index', 'rank']
    """
    options = normalisation_options(index, normalise, aggregate, normalise_options)
    normalised = normalised_indicators(
        index, normalise, aggregate, options=options, neutral_gaps=neutral_gaps
    )
    levels = _aggregated_levels(index, normalised, aggregate)
    below = levels[-1] if levels else normalised
    top = index.top_weights if weights is None else np.asarray(weights, dtype="float64")
    if top.shape != index.top_weights.shape or (top < 0).any() or top.sum() <= 0:
        raise ValueError(f"weights: need {len(index.top_weights)} non-negative numbers, not all 0")
    score = AGGREGATORS[aggregate](below, top / top.sum())
    ranks = index_rank(score)

    units = pd.Index(index.codes.astype(object), name="uCode")

    def frame(array: FloatArray, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
        return pd.DataFrame(array, index=units, columns=pd.Index(list(columns), name="iCode"))

    aggregated = [frame(s, level.codes) for s, level in zip(levels, index.levels, strict=False)]
    table = pd.DataFrame({"uCode": units.to_numpy(), "Index": score, "Rank": ranks})
    if not np.isnan(ranks).any():
        table["Rank"] = table["Rank"].astype("int64")
    stages = {
        "values": frame(index.values, index.indicators),
        "normalised": frame(normalised, index.indicators),
        "aggregated": (
            pd.concat(aggregated, axis=1) if aggregated else frame(np.empty((len(units), 0)), [])
        ),
        "index": pd.DataFrame({"Index": score}, index=units),
        "rank": table.set_index("uCode"),
    }
    config = {
        "engine_version": ENGINE_VERSION,
        "function": "foretagsklimat.engine.coinr.composite",
        "normalise": normalise,
        "aggregate": aggregate,
        "normalise_options": options,
        "neutral_gaps": neutral_gaps,
        "weights": None if weights is None else top.tolist(),
        "index": index.index_code,
        "tree": index.tree(),
        "units": len(index.codes),
        "indicators": list(index.indicators),
        "input_digest": index.digest(),
    }
    ordered = table.sort_values(["Rank", "uCode"], kind="stable").reset_index(drop=True)
    return CompositeResult(ordered, stages, config)


def build_index(
    index: CoinrIndex,
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
    *,
    weights: FloatArray | None = None,
) -> pd.DataFrame:
    """The table of :func:`composite`: ``uCode``, ``Index``, ``Rank``, best first.

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import read_coinr
    >>> data = pd.DataFrame({"uCode": ["A", "B"], "x": [1.0, 4.0], "y": [2.0, 1.0]})
    >>> meta = pd.DataFrame({"iCode": ["x", "y", "I"], "Level": [1, 1, 2],
    ...     "Parent": ["I", "I", None], "Direction": [1, 1, None], "Weight": [1, 1, 1],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> build_index(read_coinr(data, meta), "minmax", "geometric")["Index"].round(6).tolist()
    [10.0, 10.0]
    """
    return composite(index, normalise=normalise, aggregate=aggregate, weights=weights).units


def recompute(config: Mapping[str, Any], index: CoinrIndex) -> CompositeResult:
    """Re-run a recorded :func:`composite` configuration on an index.

    Raises
    ------
    InputMismatchError
        When the index's values or tree are not the recorded ones (digest mismatch).

    Examples
    --------
    >>> import json
    >>> from foretagsklimat.engine.coinr import read_long
    >>> index = read_long(pd.DataFrame({"unit": list("ab"), "indicator": "x",
    ...                                 "value": [1.0, 2.0]}),
    ...                   pd.DataFrame({"indicator": ["x"], "weight": [1], "direction": [-1]}))
    >>> result = composite(index, normalise="zscore")
    >>> recompute(json.loads(json.dumps(result.config)), index).equals(result)
    True
    """
    result = composite(
        index,
        normalise=config["normalise"],
        aggregate=config["aggregate"],
        normalise_options=config["normalise_options"],
        neutral_gaps=config["neutral_gaps"],
        weights=None if config["weights"] is None else np.asarray(config["weights"]),
    )
    if result.config["input_digest"] != config["input_digest"]:
        raise InputMismatchError(
            f"index differs from the recorded one: digest {result.config['input_digest']} "
            f"!= recorded {config['input_digest']}"
        )
    return result


def write_index(
    index: CoinrIndex,
    out: str | os.PathLike[str],
    normalise: str = "minmax",
    aggregate: str = "arithmetic",
) -> Path:
    """Write ``out/index.csv`` (``uCode``, ``Index``, ``Rank``); returns its path.

    Examples
    --------
    >>> import tempfile
    >>> from foretagsklimat.engine.coinr import read_long
    >>> index = read_long(pd.DataFrame({"unit": list("ab"), "indicator": "x",
    ...                                 "value": [1.0, 2.0]}),
    ...                   pd.DataFrame({"indicator": ["x"], "weight": [1], "direction": [1]}))
    >>> path = write_index(index, tempfile.mkdtemp())
    >>> path.name, path.read_text().splitlines()
    ('index.csv', ['uCode,Index,Rank', 'b,100.0,1', 'a,0.0,2'])
    """
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.csv"
    build_index(index, normalise, aggregate).to_csv(path, index=False)
    return path


def compare_ranks(ranking: RankingResult, other: CompositeResult) -> pd.DataFrame:
    """SN's rank beside a composite's rank, per municipality.

    Returns
    -------
    DataFrame
        ``kommunkod``, ``rank`` (rank points), ``composite_rank``, ``difference``
        (composite minus rank points; positive = worse under the composite). The
        Spearman correlation of the two is in ``frame.attrs["spearman"]``.

    Examples
    --------
    >>> from foretagsklimat.engine.coinr import from_methodology, read_long
    >>> from foretagsklimat.engine.methodology import Methodology
    >>> from foretagsklimat.engine.ranking import rank
    >>> m = Methodology.from_dict({"name": "toy", "title_sv": "L", "title_en": "T",
    ...     "first_year": 2020, "indicators": [
    ...     {"code": c, "kind": "survey", "source": c, "weight": "1/2", "direction": 1,
    ...      "status": "inferred", "note": "toy"} for c in ("overall_grade", "service")]})
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["service"] * 3,
    ...     "value": [3.0, 3.5, 4.0, 3.0, 4.9, 3.9]})
    >>> other = composite(read_long(*from_methodology(values, m)), normalise="minmax")
    >>> compare_ranks(rank(values, m), other)
      kommunkod  rank  composite_rank  difference
    0      0117     1               2           1
    1      0115     2               1          -1
    2      0114     3               3           0
    """
    left = ranking.municipalities[["kommunkod", "rank"]]
    right = other.units.rename(columns={"uCode": "kommunkod", "Rank": "composite_rank"})
    merged = left.merge(right[["kommunkod", "composite_rank"]], on="kommunkod", how="inner")
    merged["difference"] = merged["composite_rank"] - merged["rank"]
    # scipy.stats is imported here, not at the top: it takes longer to import than the
    # rest of the engine, and only this comparison needs it.
    from scipy.stats import spearmanr

    merged.attrs["spearman"] = (
        float(spearmanr(merged["rank"], merged["composite_rank"]).statistic)
        if len(merged) > 1
        else float("nan")
    )
    return merged
