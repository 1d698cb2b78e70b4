"""SN's rank-points ranking: rank each indicator, points = N + 1 - rank, weighted sum.

The plain function :func:`rank` and the estimator :class:`RankPointsRanker` do the same
thing; :func:`regenerate` re-runs a recorded configuration. See docs/engine.md.

Examples
--------
>>> import pandas as pd
>>> from foretagsklimat.engine.methodology import Methodology
>>> m = Methodology.from_dict({
...     "name": "toy", "title_sv": "Leksak", "title_en": "Toy", "first_year": 2020,
...     "indicators": [
...         {"code": "overall_grade", "kind": "survey", "source": "overall_grade",
...          "weight": "1/2", "direction": 1, "status": "inferred", "note": "toy"},
...         {"code": "municipal_tax", "kind": "statistic", "source": "municipal_tax",
...          "weight": "1/2", "direction": -1, "status": "inferred", "note": "toy"},
...     ]})
>>> values = pd.DataFrame({
...     "kommunkod": ["0114", "0115", "0114", "0115"],
...     "source": ["overall_grade", "overall_grade", "municipal_tax", "municipal_tax"],
...     "value": [4.0, 3.0, 21.0, 20.0]})
>>> rank(values, m).municipalities
  kommunkod  points  rank
0      0114     1.5     1
1      0115     1.5     2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .methodology import Methodology, resolve_methodology
from .ranking_input import indicator_values, input_digest, validated_input
from .scoring import ScoringRule, mean_of_sources, ranked_columns

__all__ = [
    "ENGINE_VERSION",
    "STAGES",
    "InputMismatchError",
    "RankPointsRanker",
    "RankingResult",
    "indicator_values",
    "rank",
    "regenerate",
]

#: Recorded in every configuration; bump when the same inputs could give other numbers.
ENGINE_VERSION = "1.0"
#: The named stages kept in :attr:`RankingResult.stages`, in pipeline order.
STAGES = ("values", "factor_ranks", "points", "weighted", "total", "rank")


class InputMismatchError(ValueError):
    """The indicator values given to :func:`regenerate` are not the recorded ones."""


@dataclass
class RankingResult:
    """Everything one ranking produced, stage by stage.

    Attributes
    ----------
    municipalities : DataFrame
        ``kommunkod``, ``points`` (weighted total), ``rank`` (int, strict 1..N), sorted
        by rank.
    indicators : DataFrame
        Long: ``kommunkod``, ``indicator``, ``value``, ``n``, ``rank`` (float, ties by
        the tie rule), ``points``, then ``weight``, ``weighted`` and ``imputed`` (True
        where the municipality had no value and got neutral points).
    stages : dict of DataFrame
        Wide frames indexed by ``kommunkod``: ``values``, ``factor_ranks``, ``points``,
        ``weighted`` (one column per indicator), ``total`` (``points``) and ``rank``
        (``points``, ``rank``).
    config : dict
        JSON-serialisable record; ``regenerate(config, values)`` gives the same result.
    methodology : Methodology
        The methodology as applied (tie rule and aggregation overrides included).
    """

    municipalities: pd.DataFrame
    indicators: pd.DataFrame
    stages: dict[str, pd.DataFrame]
    config: dict[str, Any]
    methodology: Methodology = field(repr=False)

    def table(self) -> pd.DataFrame:
        """All stages side by side: columns ``(stage, indicator)``, one row per municipality.

        Rows are ordered by final rank, so the table reads like the published list.
        """
        wide = pd.concat(self.stages, axis=1)
        return wide.sort_values(("rank", "rank"))

    def equals(self, other: RankingResult) -> bool:
        """Whether two results are identical, frame by frame and in their configuration."""
        return (
            self.config == other.config
            and self.municipalities.equals(other.municipalities)
            and self.indicators.equals(other.indicators)
            and self.stages.keys() == other.stages.keys()
            and all(self.stages[k].equals(other.stages[k]) for k in self.stages)
        )


def rank(
    indicator_values: pd.DataFrame,
    methodology: Methodology | str | None = None,
    *,
    year: int | None = None,
    tie_rule: str | None = None,
    aggregation: str | None = None,
) -> RankingResult:
    """Rank the municipalities present in ``indicator_values`` by a methodology.

    For each indicator: rank the municipalities with a value (1 = best, ``direction``
    respected, ties by the tie rule); points = N + 1 - rank where N counts those
    municipalities. A municipality without a value gets the neutral points (N + 1) / 2
    (the mean of the points given) and is flagged ``imputed``; with ``missing =
    "error"`` in the methodology it is an error instead. The total is the weighted sum
    of points; the final rank orders totals with the methodology's tie-break (default:
    higher total, better ``overall_grade`` rank, lower municipality code).

    Parameters
    ----------
    indicator_values : DataFrame
        Long: ``kommunkod``, ``source`` (question or statistic code), ``value``, and
        optionally ``n``. Rows for sources the methodology does not use are ignored.
    methodology : Methodology or str, optional
        The methodology or its name; default the one in force in ``year``.
    year : int, optional
        The survey round; recorded in the configuration.
    tie_rule : {"average", "min", "max", "dense", "ordinal"}, optional
        Overrides the methodology's tie rule (recorded).
    aggregation : {"rank_points", "minmax", "zscore"}, optional
        Overrides how values become points (recorded).

    Returns
    -------
    RankingResult

    Raises
    ------
    ValueError
        Missing columns, duplicate rows, a source with no values at all, or a missing
        value under ``missing = "error"``.

    Examples
    --------
    A municipality without a value gets the neutral points, (N + 1) / 2:

    >>> from foretagsklimat.engine.methodology import Methodology
    >>> m = Methodology.from_dict({"name": "one", "title_sv": "E", "title_en": "O",
    ...     "first_year": 2020, "indicators": [{"code": "overall_grade", "kind": "survey",
    ...     "source": "overall_grade", "weight": 1, "direction": 1, "status": "inferred",
    ...     "note": "doc"}]})
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"],
    ...                        "source": "overall_grade", "value": [4.0, np.nan, 3.0]})
    >>> rank(values, m).indicators[["kommunkod", "rank", "points", "imputed"]]
      kommunkod  rank  points  imputed
    0      0114   1.0     2.0    False
    1      0115   NaN     1.5     True
    2      0117   2.0     1.0    False
    """
    resolved = resolve_methodology(methodology, year)
    changes = {
        key: value
        for key, value in (("tie_rule", tie_rule), ("aggregation", aggregation))
        if value is not None and value != getattr(resolved, key)
    }
    if changes:
        resolved = resolved.replace(**changes)
    columns = ranked_columns(resolved)
    frame = validated_input(indicator_values, {s for col in columns for s in col.sources})
    digest = input_digest(frame)

    wide_value = frame.pivot(index="kommunkod", columns="source", values="value")
    wide_n = frame.pivot(index="kommunkod", columns="source", values="n")
    codes = wide_value.index.to_numpy(dtype=object)
    n_units = len(codes)

    values = np.empty((n_units, len(columns)))
    counts = np.empty((n_units, len(columns)))
    for j, col in enumerate(columns):
        sub = wide_value.reindex(columns=list(col.sources)).to_numpy(dtype="float64")
        sub_n = wide_n.reindex(columns=list(col.sources)).to_numpy(dtype="float64")
        # Averaging sub-questions ("mean" groups) over the ones a municipality has;
        # a single-source column passes through unchanged.
        values[:, j] = mean_of_sources(sub)
        counts[:, j] = mean_of_sources(sub_n)
    imputed = np.isnan(values)
    if resolved.missing == "error" and imputed.any():
        i, j = np.argwhere(imputed)[0]
        raise ValueError(
            f"indicator values: {codes[i]} has no value for {columns[j].code!r} "
            f"and methodology {resolved.name!r} does not allow missing values"
        )

    rule = ScoringRule.from_methodology(resolved)
    scores = rule.score(values)
    ranks, points, total, final = scores.ranks, scores.points, scores.total, scores.rank
    weights = rule.weights
    weighted = points * weights

    index = pd.Index(codes, name="kommunkod", dtype=object)
    names = [col.code for col in columns]

    def wide(array: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(array, index=index, columns=pd.Index(names, name="indicator"))

    stages = {
        "values": wide(values),
        "factor_ranks": wide(ranks),
        "points": wide(points),
        "weighted": wide(weighted),
        "total": pd.DataFrame({"points": total}, index=index),
        "rank": pd.DataFrame({"points": total, "rank": final}, index=index),
    }
    municipalities = (
        pd.DataFrame({"kommunkod": codes, "points": total, "rank": final})
        .sort_values("rank", kind="stable")
        .reset_index(drop=True)
    )
    n_cols = len(columns)
    indicators = pd.DataFrame(
        {
            "kommunkod": np.repeat(codes, n_cols),
            "indicator": np.tile(np.array(names, dtype=object), n_units),
            "value": values.ravel(),
            "n": counts.ravel(),
            "rank": ranks.ravel(),
            "points": points.ravel(),
            "weight": np.tile(weights, n_units),
            "weighted": weighted.ravel(),
            "imputed": imputed.ravel(),
        }
    )
    config = {
        "engine_version": ENGINE_VERSION,
        "function": "foretagsklimat.engine.ranking.rank",
        "methodology": resolved.to_dict(),
        "year": year,
        "aggregation": resolved.aggregation,
        "tie_rule": resolved.tie_rule,
        "tie_break": list(resolved.tie_break),
        "missing": resolved.missing,
        "n_municipalities": n_units,
        "input_rows": len(frame),
        "input_digest": digest,
    }
    return RankingResult(municipalities, indicators, stages, config, resolved)


def regenerate(
    config: dict[str, Any], indicator_values: pd.DataFrame, *, check_digest: bool = True
) -> RankingResult:
    """Re-run a recorded ranking configuration on its indicator values.

    Parameters
    ----------
    config : dict
        ``RankingResult.config``, possibly after a JSON round trip.
    indicator_values : DataFrame
        The same values; row order does not matter.
    check_digest : bool, default True
        Refuse values whose digest differs from the recorded one.

    Returns
    -------
    RankingResult
        Identical to the recorded result (``result.equals(original)``).

    Raises
    ------
    InputMismatchError
        When the values are not the recorded ones.

    Examples
    --------
    >>> import json
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115"], "source": "overall_grade",
    ...                        "value": [4.0, 3.0]})
    >>> m = {"name": "one", "title_sv": "E", "title_en": "O", "first_year": 2020,
    ...      "indicators": [{"code": "overall_grade", "kind": "survey",
    ...      "source": "overall_grade", "weight": 1, "direction": 1,
    ...      "status": "inferred", "note": "doc"}]}
    >>> result = rank(values, Methodology.from_dict(m), year=2020)
    >>> config = json.loads(json.dumps(result.config))
    >>> regenerate(config, values.iloc[::-1]).equals(result)
    True
    >>> regenerate(config, values.assign(value=[4.0, 3.5]))
    Traceback (most recent call last):
    ...
    foretagsklimat.engine.ranking.InputMismatchError: indicator values differ from the ...
    """
    methodology = Methodology.from_dict(config["methodology"])
    result = rank(indicator_values, methodology, year=config.get("year"))
    if check_digest and result.config["input_digest"] != config["input_digest"]:
        raise InputMismatchError(
            f"indicator values differ from the recorded ones: digest "
            f"{result.config['input_digest']} != recorded {config['input_digest']}"
        )
    return result


class RankPointsRanker:
    """Estimator-style twin of :func:`rank` (scikit-learn conventions).

    Parameters
    ----------
    methodology : Methodology or str, optional
        Default: the methodology in force in ``year``.
    year : int, optional
    tie_rule : str, optional
        Overrides the methodology's tie rule.
    aggregation : str, optional
        Overrides the methodology's aggregation.

    Attributes
    ----------
    result_ : RankingResult
        Set by :meth:`fit`.

    Examples
    --------
    >>> import pandas as pd
    >>> ranker = RankPointsRanker(methodology="sn-2014", tie_rule="min")
    >>> ranker.get_params()["tie_rule"]
    'min'
    """

    def __init__(
        self,
        methodology: Methodology | str | None = None,
        *,
        year: int | None = None,
        tie_rule: str | None = None,
        aggregation: str | None = None,
    ) -> None:
        self.methodology = methodology
        self.year = year
        self.tie_rule = tie_rule
        self.aggregation = aggregation

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments."""
        return {
            "methodology": self.methodology,
            "year": self.year,
            "tie_rule": self.tie_rule,
            "aggregation": self.aggregation,
        }

    def set_params(self, **params: Any) -> RankPointsRanker:
        """Change constructor arguments; returns self."""
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    def fit(self, indicator_values: pd.DataFrame, y: None = None) -> RankPointsRanker:
        """Rank; stores :class:`RankingResult` in ``result_`` and returns self."""
        self.result_ = rank(
            indicator_values,
            self.methodology,
            year=self.year,
            tie_rule=self.tie_rule,
            aggregation=self.aggregation,
        )
        return self
