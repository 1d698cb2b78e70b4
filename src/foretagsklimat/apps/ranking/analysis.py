"""Understanding a published rank: uncertainty, what-if, levers, peers and drivers.

The engine does the arithmetic; this module feeds it what is stored and keeps what is
expensive with the run it belongs to, computed once when the ranking is published
(:func:`publish`): the survey bootstrap's rank intervals, and the drivers and the
politicians' comparison means, which read every answer of the year
(:class:`~.models.PublishedAnalyses`). What-if, levers, plans and peers ask one fitted
what-if model per run, fitted once per process (:func:`what_if_model`), so that no
request fits or ranks anything.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction

from foretagsklimat import reference
from foretagsklimat.apps.statistics.services import statistics_frame
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.apps.survey.models import RespondentType
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
from foretagsklimat.engine.whatif import Plan, WhatIf, WhatIfModel
from foretagsklimat.web.frames import frame_from_json, frame_to_json, records

from .models import (
    BootstrapSamples,
    IndicatorResult,
    PublishedAnalyses,
    RankingRun,
    RankUncertainty,
)
from .queries import YearResults, run_results, year_results
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


def bootstrap_for_run(
    run: RankingRun, replications: int = REPLICATIONS, *, answers: pd.DataFrame | None = None
) -> BootstrapResult | None:
    """Bootstrap the run's year from stored answers, or parametrically from aggregates.

    ``answers``: the year's answers (``aggregates.answers_frame``) when already read.
    """
    methodology = get_methodology(run.methodology)
    seed = SEED_BASE + run.year
    statistics = statistics_frame(run.year)
    if answers is None:
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
def store_uncertainty(
    run: RankingRun, replications: int = REPLICATIONS, *, answers: pd.DataFrame | None = None
) -> int:
    """Compute and store the run's rank intervals (and the change since last year)."""
    result = bootstrap_for_run(run, replications, answers=answers)
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
    rows = IndicatorResult.objects.filter(run=run, indicator__in=set(code_of.values())).values_list(
        "pk", "municipality_id", "indicator"
    )
    updates = []
    for pk, kommunkod, indicator in rows:
        found = intervals.get((kommunkod, indicator))
        low = None if found is None else _or_none(found.mean_low)
        high = None if found is None else _or_none(found.mean_high)
        updates.append((low, high, pk))
    # One prepared UPDATE run for every row: ``bulk_update`` writes a CASE over the batch's
    # ids per column, which SQLite plans slowly (most of publishing a demo year).
    meta = IndicatorResult._meta
    low_column = meta.get_field("value_low").column
    high_column = meta.get_field("value_high").column
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {quote(low_column)} = %s, "
        f"{quote(high_column)} = %s WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, updates)


def publish(computed: ComputedRanking, *, uncertainty: bool = True) -> RankingRun:
    """Store a ranking as the year's published run, with its rank intervals and what the
    pages show that is computed from every answer (drivers, the comparison's means)."""
    run = save_ranking(computed)
    # Read once for the bootstrap and the drivers: 35,000 answers take about a second.
    answers = aggregates.answers_frame(run.year)
    if uncertainty:
        store_uncertainty(run, answers=answers)
    store_analyses(run, answers=answers)
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


def what_if_model(year: int) -> WhatIfModel:
    """The what-if model of a year's published run, fitted on its inputs once per process.

    Every what-if, lever and plan of the run asks this one model (a model is read-only
    once fitted, so the threads of a process share it); a new run gets its own.
    """
    results = year_results(year)
    if results is None:
        raise NoAnalysis(f"Ingen ranking för {year}.")
    return _fitted_model(results)


# Keyed by the run's cached results (one object per run and process, see
# queries.run_results), so a replaced run is never answered from the old one's model.
@lru_cache(maxsize=16)
def _fitted_model(results: YearResults) -> WhatIfModel:
    return WhatIfModel(results.methodology, year=results.year).fit(results.inputs)


def what_if_for(year: int, kommunkod: str, changes: Mapping[str, float]) -> WhatIf:
    return what_if_model(year).what_if(kommunkod, dict(changes))


def levers_for(year: int, kommunkod: str) -> pd.DataFrame:
    return what_if_model(year).levers(kommunkod)


def plan_for(
    year: int, kommunkod: str, target_rank: int, *, indicators: list[str] | None = None
) -> Plan:
    """A plan to reach ``target_rank`` by survey grades (only ``indicators``, if given)."""
    return what_if_model(year).reach_target(kommunkod, target_rank, indicators=indicators)


def peers_for(year: int, kommunkod: str, k: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Structurally similar municipalities and the factor-by-factor comparison."""
    results = year_results(year)
    if results is None:
        raise NoAnalysis(f"Ingen ranking för {year}.")
    similar = peers(kommunkod, _statistics(results), reference.municipalities(), k=k)
    comparison = compare_with_peers(results.inputs, kommunkod, list(similar["kommunkod"]))
    return similar, comparison


@lru_cache(maxsize=16)
def _statistics(results: YearResults) -> pd.DataFrame:
    """The year's statistics, read once per run and process (the peers' features)."""
    return statistics_frame(results.year)


# --- drivers and the comparison's means, stored with the run ---------------------------

#: The drivers tables stored with every run: both levels, national and per SKR group.
DRIVER_LEVELS = ("respondents", "municipalities")
DRIVER_GROUPINGS = (None, "kommungrupp_kod")


def _drivers_key(level: str, by: str | None) -> str:
    return f"{level}/{by or 'all'}"


def compute_drivers(
    run: RankingRun, level: str, by: str | None, answers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Which questions explain the overall grade in the run's year (empty: no answers)."""
    if answers is None:
        answers = aggregates.answers_frame(run.year)
    if answers.empty:
        return pd.DataFrame()
    methodology = get_methodology(run.methodology)
    return drivers(answers, methodology, by=by, level=level, random_state=SEED_BASE + run.year)


def comparison_questions(year: int) -> list[str] | None:
    """The survey questions of the politicians' comparison in ``year``, or None when
    council members did not answer that year (or no methodology covers it)."""
    if year not in aggregates.politician_years():
        return None
    try:
        methodology = aggregates.year_methodology(year)
    except LookupError:
        return None
    return [i.source for i in methodology.indicators if i.kind == "survey"]


@transaction.atomic
def store_analyses(run: RankingRun, *, answers: pd.DataFrame | None = None) -> PublishedAnalyses:
    """Compute and store the run's drivers tables and comparison means (see
    :class:`~.models.PublishedAnalyses`)."""
    if answers is None:
        answers = aggregates.answers_frame(run.year)
    tables = {
        _drivers_key(level, by): frame_to_json(compute_drivers(run, level, by, answers))
        for level in DRIVER_LEVELS
        for by in DRIVER_GROUPINGS
    }
    means: dict[str, Any] = {}
    questions = comparison_questions(run.year)
    if questions is not None:
        means = {
            "questions": questions,
            **{
                str(kind): frame_to_json(aggregates.published_means(run.year, kind, questions))
                for kind in (RespondentType.COMPANY, RespondentType.POLITICIAN)
            },
        }
    PublishedAnalyses.objects.filter(run=run).delete()
    stored = PublishedAnalyses.objects.create(run=run, drivers=tables, means=means)
    _stored.cache_clear()  # this process may have read the run before: none stored yet
    return stored


@lru_cache(maxsize=32)
def _stored(run_id: int, created_at: str, part: str) -> dict[str, Any] | None:
    """One JSON field of a run's stored analyses (None: published without them)."""
    row = PublishedAnalyses.objects.filter(run_id=run_id).values_list(part, flat=True).first()
    return None if row is None else dict(row)


def drivers_for(year: int, *, level: str = "respondents", by: str | None = None) -> pd.DataFrame:
    """The drivers of a year's published run: stored when it was published, computed
    (once per process) for a run published without them."""
    run = _run(year)
    created_at = run.created_at.isoformat()
    tables = _stored(run.pk, created_at, "drivers") or {}
    key = _drivers_key(level, by)
    if key in tables:
        return frame_from_json(tables[key])
    return _drivers(run.pk, created_at, level, by).copy()


@lru_cache(maxsize=16)
def _drivers(run_id: int, created_at: str, level: str, by: str | None) -> pd.DataFrame:
    return compute_drivers(RankingRun.objects.get(pk=run_id), level, by)


def published_means_for(year: int, respondent_type: str, questions: list[str]) -> pd.DataFrame:
    """``aggregates.published_means``, as stored with the year's published run when it
    was published for these questions; otherwise read from the answers."""
    run = current_run(year)
    if run is not None:
        means = _stored(run.pk, run.created_at.isoformat(), "means") or {}
        if means.get("questions") == list(questions) and str(respondent_type) in means:
            return frame_from_json(means[str(respondent_type)])
    return aggregates.published_means(year, respondent_type, questions)
