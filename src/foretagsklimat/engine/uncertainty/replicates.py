"""Ranking many replicates at once, and summarising them.

A bootstrap (:mod:`.bootstrap`) describes itself as a :class:`Design`: the nominal
ranking, the survey sources it redraws and a sampler of their means.
:func:`rank_replicates` scores block after block of replications with the scoring
kernel (:class:`~foretagsklimat.engine.scoring.ScoringRule` on stacked arrays), so
there is no Python loop over replications; :func:`summarise` turns the samples into a
:class:`BootstrapResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..methodology import Methodology
from ..normalisers import quiet_nan_warnings
from ..ranking import ENGINE_VERSION
from ..scoring import ScoringRule, mean_of_sources, ranked_columns

__all__ = [
    "BootstrapResult",
    "Design",
    "interval",
    "rank_replicates",
    "run_config",
    "seed_record",
    "source_values",
    "summarise",
]


@dataclass
class BootstrapResult:
    """Bootstrap distribution of a ranking.

    Attributes
    ----------
    units : DataFrame
        ``kommunkod``, ``rank`` (nominal), ``rank_median``, ``rank_low``, ``rank_high``
        (central ``confidence`` interval), ``points`` (nominal total), ``points_low``,
        ``points_high``; sorted by nominal rank.
    factors : DataFrame
        Survey factors only (statistics have no sampling error): ``kommunkod``,
        ``indicator``, ``mean`` (nominal), ``mean_low``, ``mean_high``.
    rank_samples : ndarray of int, shape (replications, units)
        Final rank in each replication; columns in :attr:`codes` order.
    points_samples : ndarray, shape (replications, units)
        Total points in each replication.
    codes : ndarray of str
        Municipality codes, sorted; the column order of the sample arrays.
    config : dict
        JSON-serialisable record of the run.
    """

    units: pd.DataFrame
    factors: pd.DataFrame
    rank_samples: np.ndarray
    points_samples: np.ndarray
    codes: np.ndarray
    config: dict[str, Any] = field(default_factory=dict)


def seed_record(random_state: Any) -> int | None:
    """The seed as recorded in a configuration (None for a generator or no seed)."""
    return int(random_state) if isinstance(random_state, (int, np.integer)) else None


def interval(confidence: float) -> tuple[float, float]:
    """The quantiles of a central ``confidence`` interval.

    Examples
    --------
    >>> interval(0.5)
    (0.25, 0.75)
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence!r}")
    tail = (1.0 - confidence) / 2
    return tail, 1.0 - tail


@dataclass
class Design:
    """What a replication needs: the nominal ranking and a sampler of survey means."""

    nominal: Any  # RankingResult
    survey_sources: list[str]
    # draw(rng, replications) -> (replications, units, survey sources) means, NaN = none
    draw: Callable[[np.random.Generator, int], np.ndarray]
    block: int
    details: dict[str, Any]


def rank_replicates(
    design: Design,
    methodology: Methodology,
    replications: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank every replication with the scoring kernel, a block at a time.

    Returns the final ranks and totals, ``(replications, units)``, and the survey
    columns' values, ``(replications, units, survey columns)``.
    """
    nominal = design.nominal
    columns = ranked_columns(methodology)
    rule = ScoringRule.from_methodology(methodology)
    codes = nominal.stages["values"].index.to_numpy()
    # Source-level values of the nominal input; survey sources are replaced per draw.
    sources = sorted({s for c in columns for s in c.sources})
    fixed = design.details["source_values"].reindex(index=codes, columns=sources)
    fixed_array = fixed.to_numpy(dtype="float64")
    survey_pos = [sources.index(s) for s in design.survey_sources]
    members = [[sources.index(s) for s in c.sources] for c in columns]
    survey_columns = [
        j for j, c in enumerate(columns) if all(s in design.survey_sources for s in c.sources)
    ]

    rank_out = np.empty((replications, len(codes)), dtype="int64")
    total_out = np.empty((replications, len(codes)))
    value_out = np.empty((replications, len(codes), len(survey_columns)))
    for start in range(0, replications, design.block):
        size = min(design.block, replications - start)
        source_values = np.broadcast_to(fixed_array, (size, *fixed_array.shape)).copy()
        source_values[:, :, survey_pos] = design.draw(rng, size)
        values = np.empty((size, len(codes), len(columns)))
        for j, idx in enumerate(members):
            # Sub-question groups are averaged over the sources present, as in rank().
            values[:, :, j] = mean_of_sources(source_values[:, :, idx])
        scores = rule.score(values)
        rank_out[start : start + size] = scores.rank
        total_out[start : start + size] = scores.total
        value_out[start : start + size] = values[:, :, survey_columns]
    return rank_out, total_out, value_out


def summarise(
    design: Design,
    methodology: Methodology,
    ranks: np.ndarray,
    totals: np.ndarray,
    survey_values: np.ndarray,
    confidence: float,
    config: dict[str, Any],
) -> BootstrapResult:
    low, high = interval(confidence)
    nominal = design.nominal
    codes = nominal.stages["values"].index.to_numpy(dtype=object)
    ranked = nominal.stages["rank"]
    rank_q = np.quantile(ranks, [0.5, low, high], axis=0)
    points_q = np.quantile(totals, [low, high], axis=0)
    units = (
        pd.DataFrame(
            {
                "kommunkod": codes,
                "rank": ranked["rank"].to_numpy(),
                "rank_median": rank_q[0],
                "rank_low": rank_q[1],
                "rank_high": rank_q[2],
                "points": ranked["points"].to_numpy(),
                "points_low": points_q[0],
                "points_high": points_q[1],
            }
        )
        .sort_values("rank", kind="stable")
        .reset_index(drop=True)
    )
    columns = ranked_columns(methodology)
    survey = [c.code for c in columns if all(s in design.survey_sources for s in c.sources)]
    nominal_values = nominal.stages["values"][survey].to_numpy(dtype="float64")
    # A municipality with no grade on a factor has an all-NaN column: NaN interval.
    with quiet_nan_warnings():
        mean_q = np.nanquantile(survey_values, [low, high], axis=0)
    factors = pd.DataFrame(
        {
            "kommunkod": np.repeat(codes, len(survey)),
            "indicator": np.tile(np.array(survey, dtype=object), len(codes)),
            "mean": nominal_values.ravel(),
            "mean_low": mean_q[0].ravel(),
            "mean_high": mean_q[1].ravel(),
        }
    )
    return BootstrapResult(
        units=units,
        factors=factors,
        rank_samples=ranks,
        points_samples=totals,
        codes=codes.astype(str),
        config=config,
    )


def source_values(values: pd.DataFrame) -> pd.DataFrame:
    """Indicator values wide: one row per municipality, one column per source."""
    return values.pivot_table(index="kommunkod", columns="source", values="value", dropna=False)


def run_config(
    function: str,
    methodology: Methodology,
    year: int,
    replications: int,
    random_state: Any,
    confidence: float,
    details: dict[str, Any],
) -> dict[str, Any]:
    """The JSON-serialisable record of a bootstrap run."""
    return {
        "engine_version": ENGINE_VERSION,
        "function": f"foretagsklimat.engine.uncertainty.{function}",
        "methodology": methodology.to_dict(),
        "year": year,
        "replications": replications,
        "random_state": seed_record(random_state),
        "confidence": confidence,
        **{k: v for k, v in details.items() if k != "source_values"},
    }
