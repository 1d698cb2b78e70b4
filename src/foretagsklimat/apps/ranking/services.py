"""Computing rankings with the engine from what is stored, and storing the results.

Results are computed once (at setup, import or an explicit ``rank --save``) and read
by pages and exports, never recomputed per request.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import transaction

from foretagsklimat import reference
from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.statistics.models import StatisticValue
from foretagsklimat.apps.survey.models import FactorValue, RespondentType, SurveyResponse
from foretagsklimat.engine.factors import factor_values
from foretagsklimat.engine.methodology import Methodology, get_methodology, methodology_for_year
from foretagsklimat.engine.ranking import RankingResult, indicator_values, rank
from foretagsklimat.engine.subrankings import subrankings

from .models import IndicatorResult, MunicipalityResult, RankingRun


class NothingToRank(Exception):
    """No survey values or statistics are stored for the year asked for."""


def demo_data_present() -> bool:
    """Whether any stored published result rests on synthetic data."""
    return RankingRun.objects.filter(is_current=True, synthetic=True).exists()


def answers_frame(year: int, respondent_type: str = RespondentType.COMPANY) -> pd.DataFrame:
    """The stored answers of one round as the engine's canonical wide frame."""
    # In the order they were stored: the bootstrap resamples rows by position, so an
    # unordered query gave PostgreSQL other intervals than SQLite from the same answers.
    rows = (
        SurveyResponse.objects.filter(round__year=year, respondent_type=respondent_type)
        .order_by("pk")
        .values_list("respondent_id", "municipality_id", "grades")
    )
    respondent_ids, codes, grades = zip(*rows, strict=True) if rows else ((), (), ())
    frame = pd.DataFrame.from_records(list(grades)).astype("float64")
    frame.insert(0, "respondent_id", list(respondent_ids))
    frame.insert(1, "kommunkod", list(codes))
    frame.insert(2, "year", year)
    frame.insert(3, "respondent_type", str(respondent_type))
    return frame


def stored_factor_values(year: int) -> pd.DataFrame:
    """Survey factor values for a year: computed from answers where held, else as imported."""
    answers = answers_frame(year)
    computed = factor_values(answers) if len(answers) else None
    imported = pd.DataFrame.from_records(
        FactorValue.objects.filter(year=year, respondent_type=RespondentType.COMPANY).values(
            "municipality_id", "year", "question", "mean", "n", "sd"
        ),
        columns=["municipality_id", "year", "question", "mean", "n", "sd"],
    ).rename(columns={"municipality_id": "kommunkod"})
    imported["respondent_type"] = str(RespondentType.COMPANY)
    if computed is None:
        return imported
    # Answers win over imported aggregates for the same municipality and question.
    key = ["kommunkod", "question"]
    imported = imported[~imported.set_index(key).index.isin(computed.set_index(key).index)]
    return pd.concat([computed, imported], ignore_index=True)


def stored_statistics(year: int) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        StatisticValue.objects.filter(year=year).values(
            "municipality_id", "year", "statistic", "value"
        ),
        columns=["municipality_id", "year", "statistic", "value"],
    ).rename(columns={"municipality_id": "kommunkod"})


def year_is_synthetic(year: int) -> bool:
    return (
        SurveyResponse.objects.filter(round__year=year, round__synthetic=True).exists()
        or FactorValue.objects.filter(year=year, synthetic=True).exists()
        or StatisticValue.objects.filter(year=year, synthetic=True).exists()
    )


@dataclass(frozen=True)
class ComputedRanking:
    year: int
    methodology: Methodology
    result: RankingResult
    synthetic: bool


def compute_ranking(year: int, methodology: str | None = None) -> ComputedRanking:
    """Rank one year from what is stored, with the named methodology or the one in force."""
    chosen = get_methodology(methodology) if methodology else methodology_for_year(year)
    values = stored_factor_values(year)
    statistics = stored_statistics(year)
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
        in_force = methodology_for_year(year - 1).name
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
            municipality_id=row.kommunkod,
            rank=int(row.rank),
            points=float(row.points),
            county_rank=int(row.county_rank),
            group_rank=int(row.group_rank),
            previous_rank=previous.get(row.kommunkod),
        )
        for row in totals.itertuples(index=False)
    )
    indicators = computed.result.indicators
    IndicatorResult.objects.bulk_create(
        (
            IndicatorResult(
                run=run,
                municipality_id=row.kommunkod,
                indicator=row.indicator,
                value=_nullable(row.value),
                n=None if _nullable(row.n) is None else int(row.n),
                rank=_nullable(row.rank),
                points=float(row.points),
            )
            for row in indicators.itertuples(index=False)
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
    try:
        in_force = methodology_for_year(year).name
    except LookupError:
        return runs.first()
    return runs.filter(methodology=in_force).first() or runs.first()


def ranked_years() -> list[int]:
    return sorted(set(RankingRun.objects.filter(is_current=True).values_list("year", flat=True)))


def municipality_names() -> dict[str, str]:
    return dict(Municipality.objects.values_list("code", "name"))
