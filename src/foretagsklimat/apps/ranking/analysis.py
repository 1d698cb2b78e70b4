"""Understanding a published rank: uncertainty, what-if, levers, peers and drivers.

The engine does the arithmetic; this module feeds it what is stored and keeps what is
expensive (the survey bootstrap) with the run it belongs to, computed once when the
ranking is saved. What-if and levers are fast enough to run per request.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from foretagsklimat import reference
from foretagsklimat.apps.statistics.services import statistics_frame
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.engine.coinr import index_from_methodology
from foretagsklimat.engine.drivers import drivers
from foretagsklimat.engine.methodology import Methodology, get_methodology
from foretagsklimat.engine.peers import compare_with_peers, peers
from foretagsklimat.engine.sensitivity import uncertainty_analysis
from foretagsklimat.engine.uncertainty import (
    BootstrapResult,
    bootstrap_ranking,
    parametric_bootstrap_ranking,
    rank_change_interval,
)
from foretagsklimat.engine.whatif import Plan, WhatIf, levers, reach_target, what_if
from foretagsklimat.web.frames import records

from .models import BootstrapSamples, IndicatorResult, RankingRun, RankUncertainty
from .queries import run_results, year_results
from .services import ComputedRanking, current_run, save_ranking

#: Replications of the survey bootstrap stored with every run.
REPLICATIONS = 1000
#: Rank intervals are 5–95 %; a change is called real when its 95 % interval excludes 0.
RANK_CONFIDENCE = 0.90
CHANGE_CONFIDENCE = 0.95
SEED_BASE = 20_230_920
#: The methodological alternatives drawn per replication (COINr-style).
METHOD_NORMALISE = ("rank_points", "minmax", "zscore")
METHOD_AGGREGATE = ("arithmetic", "geometric")
METHOD_WEIGHT_NOISE = 0.25


class NoAnalysis(LookupError):
    """The year has no published ranking (or no data for the analysis asked for)."""


def _run(year: int) -> RankingRun:
    run = current_run(year)
    if run is None:
        raise NoAnalysis(f"Ingen ranking för {year}.")
    return run


# --- the survey bootstrap, stored with the run ------------------------------------------


def bootstrap_for_run(run: RankingRun, replications: int = REPLICATIONS) -> BootstrapResult | None:
    """Bootstrap the run's year from stored answers, or parametrically from aggregates."""
    methodology = get_methodology(run.methodology)
    seed = SEED_BASE + run.year
    statistics = statistics_frame(run.year)
    answers = aggregates.answers_frame(run.year)
    if len(answers):
        return bootstrap_ranking(
            answers,
            statistics,
            methodology,
            run.year,
            replications=replications,
            random_state=seed,
            confidence=RANK_CONFIDENCE,
        )
    values = aggregates.factor_values(run.year)
    if len(values) and values["sd"].notna().any():
        return parametric_bootstrap_ranking(
            values,
            statistics,
            methodology,
            run.year,
            replications=replications,
            random_state=seed,
            confidence=RANK_CONFIDENCE,
        )
    return None


def _pack(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, ranks=samples.astype(np.int16))
    return buffer.getvalue()


def _stored_bootstrap(run: RankingRun) -> BootstrapResult | None:
    try:
        stored = run.bootstrap
    except BootstrapSamples.DoesNotExist:
        return None
    ranks = np.load(io.BytesIO(bytes(stored.samples)))["ranks"]
    units = pd.DataFrame.from_records(run.municipalities.values("municipality_id", "rank")).rename(
        columns={"municipality_id": "kommunkod"}
    )
    return BootstrapResult(
        units=units,
        factors=pd.DataFrame(),
        rank_samples=ranks,
        points_samples=np.empty((0, 0)),
        codes=np.asarray(stored.codes),
        config={"replications": stored.replications, "seed": stored.seed},
    )


@transaction.atomic
def store_uncertainty(run: RankingRun, replications: int = REPLICATIONS) -> int:
    """Compute and store the run's rank intervals (and the change since last year)."""
    result = bootstrap_for_run(run, replications)
    RankUncertainty.objects.filter(run=run).delete()
    BootstrapSamples.objects.filter(run=run).delete()
    if result is None:
        return 0
    BootstrapSamples.objects.create(
        run=run,
        # "bootstrap_ranking" or "parametric_bootstrap_ranking", without the module path.
        method=str(result.config.get("function", "bootstrap")).rsplit(".", 1)[-1],
        replications=replications,
        seed=SEED_BASE + run.year,
        confidence=RANK_CONFIDENCE,
        codes=[str(c) for c in result.codes],
        samples=_pack(result.rank_samples),
    )
    changes = pd.DataFrame(columns=["kommunkod", "change_low", "change_high", "verdict"])
    previous_run = current_run(run.year - 1)
    previous = _stored_bootstrap(previous_run) if previous_run else None
    if previous is not None:
        changes = rank_change_interval(previous, result, confidence=CHANGE_CONFIDENCE)
    # The intervals complete the run's stored rows, so they are written before anything
    # reads (and caches) the run's results.
    _store_factor_intervals(run, result)
    units = result.units.merge(
        changes[["kommunkod", "change_low", "change_high", "verdict"]], on="kommunkod", how="left"
    ).merge(_methodological(run, replications), on="kommunkod", how="left")
    RankUncertainty.objects.bulk_create(
        RankUncertainty(
            run=run,
            municipality_id=row["kommunkod"],
            rank_median=float(row["rank_median"]),
            rank_low=float(row["rank_low"]),
            rank_high=float(row["rank_high"]),
            points_low=float(row["points_low"]),
            points_high=float(row["points_high"]),
            change_low=None if pd.isna(row["change_low"]) else float(row["change_low"]),
            change_high=None if pd.isna(row["change_high"]) else float(row["change_high"]),
            verdict="" if pd.isna(row["verdict"]) else str(row["verdict"]),
            method_median=_or_none(row["method_median"]),
            method_low=_or_none(row["method_low"]),
            method_high=_or_none(row["method_high"]),
        )
        for row in records(units)
    )
    return len(units)


def _or_none(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _methodological(run: RankingRun, replications: int) -> pd.DataFrame:
    """Each municipality's rank over reasonable alternative methods (5–95 %)."""
    results = run_results(run)
    methodology, values = results.methodology, results.inputs
    analysis = uncertainty_analysis(
        index_from_methodology(values, methodology),
        replications=replications,
        weight_noise=METHOD_WEIGHT_NOISE,
        normalise=METHOD_NORMALISE,
        aggregate=METHOD_AGGREGATE,
        random_state=SEED_BASE + run.year,
    )
    stats = analysis.rank_stats
    return pd.DataFrame(
        {
            "kommunkod": stats["uCode"].astype(str),
            "method_median": stats["Median"],
            "method_low": stats["Q5"],
            "method_high": stats["Q95"],
        }
    )


def _store_factor_intervals(run: RankingRun, result: BootstrapResult) -> None:
    """Keep each survey factor mean's bootstrap interval beside the published value."""
    methodology = get_methodology(run.methodology)
    code_of = {i.source: i.code for i in methodology.indicators if i.kind == "survey"}
    factors = result.factors
    if factors.empty:
        return
    intervals = {
        (str(row.kommunkod), code_of.get(str(row.indicator), str(row.indicator))): row
        for row in factors.itertuples(index=False)
    }
    rows = list(IndicatorResult.objects.filter(run=run, indicator__in=set(code_of.values())))
    for item in rows:
        found = intervals.get((item.municipality_id, item.indicator))
        item.value_low = None if found is None else _or_none(found.mean_low)
        item.value_high = None if found is None else _or_none(found.mean_high)
    IndicatorResult.objects.bulk_update(rows, ["value_low", "value_high"], batch_size=2000)


def publish(computed: ComputedRanking, *, uncertainty: bool = True) -> RankingRun:
    """Store a ranking as the year's published run, with its rank intervals."""
    run = save_ranking(computed)
    if uncertainty:
        store_uncertainty(run)
    return run


def uncertainty_of(year: int, kommunkod: str) -> dict[str, Any] | None:
    """The stored rank interval and change verdict of one municipality, or None."""
    row = (
        RankUncertainty.objects.filter(run=_run(year), municipality_id=kommunkod)
        .values(
            "rank_median",
            "rank_low",
            "rank_high",
            "points_low",
            "points_high",
            "change_low",
            "change_high",
            "verdict",
            "method_median",
            "method_low",
            "method_high",
        )
        .first()
    )
    return dict(row) if row else None


def year_uncertainty(year: int) -> pd.DataFrame:
    """All municipalities' stored intervals for a year (empty when none were computed)."""
    return pd.DataFrame.from_records(
        RankUncertainty.objects.filter(run=_run(year)).values(
            "municipality_id",
            "rank_median",
            "rank_low",
            "rank_high",
            "change_low",
            "change_high",
            "verdict",
        ),
        columns=[
            "municipality_id",
            "rank_median",
            "rank_low",
            "rank_high",
            "change_low",
            "change_high",
            "verdict",
        ],
    ).rename(columns={"municipality_id": "kommunkod"})


# --- what-if, levers and peers on the published values ----------------------------------


def published_inputs(year: int) -> tuple[Methodology, pd.DataFrame]:
    """The methodology and indicator values a year's published ranking was computed from."""
    results = year_results(year)
    if results is None:
        raise NoAnalysis(f"Ingen ranking för {year}.")
    return results.methodology, results.inputs


def what_if_for(year: int, kommunkod: str, changes: Mapping[str, float]) -> WhatIf:
    methodology, values = published_inputs(year)
    return what_if(values, methodology, kommunkod, dict(changes), year=year)


def levers_for(year: int, kommunkod: str) -> pd.DataFrame:
    methodology, values = published_inputs(year)
    return levers(values, methodology, kommunkod, year=year)


def plan_for(year: int, kommunkod: str, target_rank: int) -> Plan:
    methodology, values = published_inputs(year)
    return reach_target(values, methodology, kommunkod, target_rank)


def peers_for(year: int, kommunkod: str, k: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Structurally similar municipalities and the factor-by-factor comparison."""
    _, values = published_inputs(year)
    statistics = statistics_frame(year)
    similar = peers(kommunkod, statistics, reference.municipalities(), k=k)
    comparison = compare_with_peers(values, kommunkod, list(similar["kommunkod"]))
    return similar, comparison


@lru_cache(maxsize=16)
def _drivers(year: int, created_at: str, level: str, by: str | None) -> pd.DataFrame:
    answers = aggregates.answers_frame(year)
    if answers.empty:
        return pd.DataFrame()
    methodology = get_methodology(_run(year).methodology)
    return drivers(answers, methodology, by=by, level=level, random_state=SEED_BASE + year)


def drivers_for(year: int, *, level: str = "respondents", by: str | None = None) -> pd.DataFrame:
    run = _run(year)
    return _drivers(year, run.created_at.isoformat(), level, by)
