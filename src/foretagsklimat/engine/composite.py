"""Composite indicators in the style of COINr: normalise, then aggregate by group.

Input is generic: a long indicator table (``unit``, ``indicator``, ``value``) and a
metadata table (``indicator``, ``group``, ``weight``, ``direction``). Each indicator is
normalised by a named normaliser; indicators are aggregated within their group, and
groups into the index, by a named aggregator. Weights are rescaled among siblings, so
only their ratios within a group (and between groups) matter. A group's weight defaults
to the sum of its members' weights.

With ``normaliser="rank_points"`` and ``aggregator="arithmetic"`` on a methodology's
indicators (:func:`from_methodology`), the index equals the rank-points total of
:func:`foretagsklimat.engine.ranking.rank` when nobody has a missing value, so other
composites can be compared with SN's method on the same data.

Missing values: a unit without a value for an indicator is aggregated over the
indicators it has (weights rescaled over those present), COINr's default. This differs
from ``rank()``, which gives neutral points.

Examples
--------
>>> import pandas as pd
>>> values = pd.DataFrame({"unit": ["a", "b", "a", "b"], "indicator": ["x", "x", "y", "y"],
...                        "value": [1.0, 3.0, 10.0, 20.0]})
>>> meta = pd.DataFrame({"indicator": ["x", "y"], "group": ["g", "g"],
...                      "weight": [1.0, 1.0], "direction": [1, -1]})
>>> composite(values, meta, normaliser="minmax").units
  unit  score  rank
0    a   50.0   1.0
1    b   50.0   1.0
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata, spearmanr

from .methodology import Methodology
from .normalisers import AGGREGATORS, NORMALISERS
from .ranking import ENGINE_VERSION, RankingResult

__all__ = [
    "AGGREGATORS",
    "NORMALISERS",
    "CompositeResult",
    "compare_ranks",
    "composite",
    "from_methodology",
    "recompute",
]

COMPOSITE_STAGES = ("values", "normalised", "groups", "index", "rank")


@dataclass
class CompositeResult:
    """A composite indicator, stage by stage.

    Attributes
    ----------
    units : DataFrame
        ``unit``, ``score``, ``rank`` (1 = best; equal scores share the best rank),
        sorted by rank then unit.
    stages : dict of DataFrame
        Indexed by unit: ``values`` and ``normalised`` (one column per indicator),
        ``groups`` (one column per group), ``index`` (``score``), ``rank``.
    config : dict
        JSON-serialisable; ``recompute(config, indicators)`` reproduces the result.
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


def _validated_metadata(metadata: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("indicator", "weight", "direction") if c not in metadata.columns]
    if missing:
        raise ValueError(f"metadata: missing column(s) {missing}")
    meta = metadata.copy()
    if "group" not in meta.columns:
        meta["group"] = "index"
    meta["indicator"] = meta["indicator"].astype(str)
    meta["group"] = meta["group"].astype(str)
    duplicated = meta["indicator"].duplicated()
    if duplicated.any():
        raise ValueError(
            f"metadata: indicator {meta.loc[duplicated, 'indicator'].iloc[0]!r} appears twice"
        )
    weights = pd.to_numeric(meta["weight"], errors="coerce")
    if weights.isna().any() or (weights <= 0).any():
        bad = meta.loc[weights.isna() | (weights <= 0), "indicator"].iloc[0]
        raise ValueError(f"metadata: weight of {bad!r} must be a positive number")
    if not meta["direction"].isin([1, -1]).all():
        bad = meta.loc[~meta["direction"].isin([1, -1]), "indicator"].iloc[0]
        raise ValueError(f"metadata: direction of {bad!r} must be 1 or -1")
    meta["weight"] = weights.astype("float64")
    meta["direction"] = meta["direction"].astype("int64")
    return meta[["indicator", "group", "weight", "direction"]].reset_index(drop=True)


def _digest(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    digest.update("\x1f".join(frame["unit"]).encode())
    digest.update(b"\x1e")
    digest.update("\x1f".join(frame["indicator"]).encode())
    array = frame["value"].to_numpy(dtype="float64")
    digest.update(np.where(np.isnan(array), np.nan, array).tobytes())
    return "sha256:" + digest.hexdigest()


def composite(
    indicators: pd.DataFrame,
    metadata: pd.DataFrame,
    *,
    normaliser: str = "minmax",
    aggregator: str = "arithmetic",
    normaliser_options: dict[str, Any] | None = None,
    group_weights: dict[str, float] | None = None,
) -> CompositeResult:
    """Normalise each indicator and aggregate hierarchically: indicators → groups → index.

    Parameters
    ----------
    indicators : DataFrame
        Long: ``unit``, ``indicator``, ``value`` (NaN = missing). Indicators absent
        from ``metadata`` are ignored.
    metadata : DataFrame
        ``indicator``, ``group`` (optional; default one group), ``weight`` (> 0),
        ``direction`` (+1 higher is better, -1 lower is better).
    normaliser : {"minmax", "zscore", "rank_points"}
        ``minmax`` to [0, 100] (options ``lower``, ``upper``); ``zscore`` to mean 10,
        sd 2 with the sample sd (options ``mean``, ``sd``); ``rank_points`` N + 1 - rank
        (option ``tie_rule``).
    aggregator : {"arithmetic", "geometric"}
        Weighted means. Geometric needs every normalised value > 0: use minmax with
        ``lower=1`` or zscore (a value at or below 0 raises ``ValueError``).
    normaliser_options : dict, optional
        Passed to the normaliser.
    group_weights : dict, optional
        Weight of each group in the index; default the sum of its members' weights.

    Returns
    -------
    CompositeResult

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.DataFrame({"unit": list("abab"), "indicator": list("xxyy"),
    ...                        "value": [1.0, 4.0, 2.0, 1.0]})
    >>> meta = pd.DataFrame({"indicator": ["x", "y"], "weight": [0.5, 0.5],
    ...                      "direction": [1, 1]})
    >>> composite(values, meta, normaliser="minmax", aggregator="geometric",
    ...           normaliser_options={"lower": 1}).units["score"].round(4).tolist()
    [10.0, 10.0]
    """
    if normaliser not in NORMALISERS:
        raise ValueError(f"unknown normaliser {normaliser!r}; choose from {sorted(NORMALISERS)}")
    if aggregator not in AGGREGATORS:
        raise ValueError(f"unknown aggregator {aggregator!r}; choose from {sorted(AGGREGATORS)}")
    meta = _validated_metadata(metadata)
    missing = [c for c in ("unit", "indicator", "value") if c not in indicators.columns]
    if missing:
        raise ValueError(f"indicators: missing column(s) {missing}")
    frame = indicators.loc[indicators["indicator"].astype(str).isin(meta["indicator"])]
    frame = pd.DataFrame(
        {
            "unit": frame["unit"].astype(str).to_numpy(),
            "indicator": frame["indicator"].astype(str).to_numpy(),
            "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64").to_numpy(),
        }
    ).sort_values(["unit", "indicator"], kind="stable", ignore_index=True)
    if frame.duplicated(["unit", "indicator"]).any():
        row = frame.loc[frame.duplicated(["unit", "indicator"])].iloc[0]
        raise ValueError(
            f"indicators: more than one row for {row['unit']!r} / {row['indicator']!r}"
        )
    options = dict(normaliser_options or {})
    names = list(meta["indicator"])
    wide = frame.pivot(index="unit", columns="indicator", values="value").reindex(columns=names)
    wide.columns.name = "indicator"
    raw = wide.to_numpy(dtype="float64")

    normalised = np.column_stack(
        [
            NORMALISERS[normaliser](raw[:, j], int(meta.loc[j, "direction"]), **options)
            for j in range(len(names))
        ]
    )
    aggregate = AGGREGATORS[aggregator]
    groups = list(dict.fromkeys(meta["group"]))
    weights = meta["weight"].to_numpy()
    group_scores = np.column_stack(
        [
            aggregate(
                normalised[:, (meta["group"] == g).to_numpy()],
                weights[(meta["group"] == g).to_numpy()],
            )
            for g in groups
        ]
    )
    default_group_weights = meta.groupby("group", sort=False)["weight"].sum().to_dict()
    chosen = {g: float((group_weights or default_group_weights).get(g, np.nan)) for g in groups}
    if any(not np.isfinite(w) or w <= 0 for w in chosen.values()):
        raise ValueError(f"group_weights must give every group a positive weight: {chosen}")
    score = aggregate(group_scores, np.array([chosen[g] for g in groups]))
    ranks = np.full(len(score), np.nan)
    present = ~np.isnan(score)
    # "min": equal scores share the best rank, the usual convention in published tables.
    ranks[present] = rankdata(-score[present], method="min")

    index = wide.index.rename("unit")
    stages = {
        "values": wide.rename_axis(index="unit"),
        "normalised": pd.DataFrame(normalised, index=index, columns=wide.columns),
        "groups": pd.DataFrame(group_scores, index=index, columns=pd.Index(groups, name="group")),
        "index": pd.DataFrame({"score": score}, index=index),
        "rank": pd.DataFrame({"score": score, "rank": ranks}, index=index),
    }
    units = (
        pd.DataFrame({"unit": index.to_numpy(), "score": score, "rank": ranks})
        .sort_values(["rank", "unit"], kind="stable")
        .reset_index(drop=True)
    )
    config = {
        "engine_version": ENGINE_VERSION,
        "function": "foretagsklimat.engine.composite.composite",
        "normaliser": normaliser,
        "normaliser_options": options,
        "aggregator": aggregator,
        "group_weights": chosen,
        "metadata": meta.to_dict(orient="records"),
        "input_digest": _digest(frame),
    }
    return CompositeResult(units, stages, config)


def recompute(config: dict[str, Any], indicators: pd.DataFrame) -> CompositeResult:
    """Re-run a recorded composite configuration; raises ``ValueError`` on other input."""
    result = composite(
        indicators,
        pd.DataFrame(config["metadata"]),
        normaliser=config["normaliser"],
        aggregator=config["aggregator"],
        normaliser_options=config["normaliser_options"],
        group_weights=config["group_weights"],
    )
    if result.config["input_digest"] != config["input_digest"]:
        raise ValueError("indicators differ from the recorded ones (input digest mismatch)")
    return result


def from_methodology(
    indicator_values: pd.DataFrame, methodology: Methodology
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A methodology's ranking input as a generic (indicators, metadata) pair.

    Sub-questions become separate indicators in their methodology group, whatever the
    ``subquestions`` rule.

    Returns
    -------
    indicators : DataFrame
        ``unit`` (municipality code), ``indicator`` (methodology code), ``value``.
    metadata : DataFrame
        ``indicator``, ``group``, ``weight``, ``direction``.
    """
    by_source = {ind.source: ind.code for ind in methodology.indicators}
    rows = indicator_values.loc[indicator_values["source"].isin(by_source)]
    indicators = pd.DataFrame(
        {
            "unit": rows["kommunkod"].astype(str).to_numpy(),
            "indicator": rows["source"].map(by_source).to_numpy(),
            "value": rows["value"].astype("float64").to_numpy(),
        }
    )
    metadata = pd.DataFrame(
        [(i.code, i.group, i.weight, i.direction) for i in methodology.indicators],
        columns=["indicator", "group", "weight", "direction"],
    )
    return indicators, metadata


def compare_ranks(ranking: RankingResult, other: CompositeResult) -> pd.DataFrame:
    """SN's rank beside a composite's rank, per municipality.

    Returns
    -------
    DataFrame
        ``kommunkod``, ``rank`` (rank points), ``composite_rank``, ``difference``
        (composite minus rank points; positive = worse under the composite). The
        Spearman correlation of the two is in ``frame.attrs["spearman"]``.
    """
    left = ranking.municipalities[["kommunkod", "rank"]]
    right = other.units.rename(columns={"unit": "kommunkod", "rank": "composite_rank"})
    merged = left.merge(right[["kommunkod", "composite_rank"]], on="kommunkod", how="inner")
    merged["difference"] = merged["composite_rank"] - merged["rank"]
    merged.attrs["spearman"] = (
        float(spearmanr(merged["rank"], merged["composite_rank"]).statistic)
        if len(merged) > 1
        else float("nan")
    )
    return merged
