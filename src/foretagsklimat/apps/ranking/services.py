"""Computing rankings with the engine from what is stored, and storing the results.

Results are computed once (at setup, import or an explicit ``rank --save``) and read
by pages and exports, never recomputed per request.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import transaction

from foretagsklimat import reference
from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.statistics.services import statistics_are_synthetic, statistics_frame
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.engine.methodology import Methodology, get_methodology
from foretagsklimat.engine.ranking import RankingResult, indicator_values, rank
from foretagsklimat.engine.subrankings import subrankings

from .models import IndicatorResult, MunicipalityResult, RankingRun


class NothingToRank(Exception):
    """No survey values or statistics are stored for the year asked for."""


def demo_data_present() -> bool:
    """Whether any stored published result rests on synthetic data."""
    return RankingRun.objects.filter(is_current=True, synthetic=True).exists()


def year_is_synthetic(year: int) -> bool:
    """Whether any input of the year's ranking (answers, factor values, statistics) is
    demo data."""
    return aggregates.survey_is_synthetic(year) or statistics_are_synthetic(year)


@dataclass(frozen=True)
class ComputedRanking:
    year: int
    methodology: Methodology
    result: RankingResult
    synthetic: bool


def compute_ranking(year: int, methodology: str | None = None) -> ComputedRanking:
    """Rank one year from what is stored, with the named methodology or the one in force."""
    chosen = get_methodology(methodology) if methodology else aggregates.year_methodology(year)
    values = aggregates.factor_values(year)
    statistics = statistics_frame(year)
    if values.empty and statistics.empty:
        raise NothingToRank(f"Inga enkätvärden eller statistik finns lagrade för {year}.")
    inputs = indicator_values(values, statistics, chosen, year)
    result = rank(inputs, chosen, year=year)
    return ComputedRanking(year, chosen, result, year_is_synthetic(year))


def previous_ranks(year: int) -> dict[str, int]:
    """Last year's published ranks, under the methodology that was in force then."""
    run = RankingRun.objects.filter(year=year - 1, is_current=True).order_by("-created_at").first()
    if run is None:
        return {}
    try:
        in_force = aggregates.year_methodology(year - 1).name
        run = (
            RankingRun.objects.filter(year=year - 1, is_current=True, methodology=in_force).first()
            or run
        )
    except LookupError:
        pass
    return dict(run.municipalities.values_list("municipality_id", "rank"))


@transaction.atomic
def save_ranking(computed: ComputedRanking) -> RankingRun:
    """Store a computed ranking as the year's published run, replacing the previous one."""
    RankingRun.objects.filter(
        year=computed.year, methodology=computed.methodology.name, is_current=True
    ).delete()
    run = RankingRun.objects.create(
        year=computed.year,
        methodology=computed.methodology.name,
        config=computed.result.config,
        synthetic=computed.synthetic,
    )
    totals = subrankings(computed.result.municipalities, reference.municipalities())
    previous = previous_ranks(computed.year)
    MunicipalityResult.objects.bulk_create(
        MunicipalityResult(
            run=run,
            municipality_id=kommunkod,
            rank=rank,
            points=points,
            county_rank=county_rank,
            group_rank=group_rank,
            previous_rank=previous.get(kommunkod),
        )
        for kommunkod, rank, points, county_rank, group_rank in zip(
            totals["kommunkod"].astype(str).tolist(),
            totals["rank"].astype(int).tolist(),
            totals["points"].astype(float).tolist(),
            totals["county_rank"].astype(int).tolist(),
            totals["group_rank"].astype(int).tolist(),
            strict=True,
        )
    )
    indicators = computed.result.indicators
    IndicatorResult.objects.bulk_create(
        (
            IndicatorResult(
                run=run,
                municipality_id=kommunkod,
                indicator=indicator,
                value=_nullable(value),
                n=None if _nullable(n) is None else int(n),
                rank=_nullable(rank),
                points=points,
            )
            # value, n and rank may be missing (NaN or None): _nullable decides.
            for kommunkod, indicator, value, n, rank, points in zip(
                indicators["kommunkod"].astype(str).tolist(),
                indicators["indicator"].astype(str).tolist(),
                indicators["value"].tolist(),
                indicators["n"].tolist(),
                indicators["rank"].tolist(),
                indicators["points"].astype(float).tolist(),
                strict=True,
            )
        ),
        batch_size=2000,
    )
    return run


def _nullable(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


def current_run(year: int, methodology: str | None = None) -> RankingRun | None:
    runs = RankingRun.objects.filter(year=year, is_current=True)
    if methodology:
        return runs.filter(methodology=methodology).first()
    # Nearly every year has one published run; only a choice between several needs the
    # year's methodology (a query and a methodology file read).
    few = list(runs[:2])
    if len(few) < 2:
        return few[0] if few else None
    try:
        in_force = aggregates.year_methodology(year).name
    except LookupError:
        return runs.first()
    return runs.filter(methodology=in_force).first() or runs.first()


def ranked_years() -> list[int]:
    return sorted(set(RankingRun.objects.filter(is_current=True).values_list("year", flat=True)))


def municipality_names() -> dict[str, str]:
    return dict(Municipality.objects.values_list("code", "name"))
