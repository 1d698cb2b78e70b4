"""Loading the synthetic demo data set into the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from foretagsklimat.apps.ranking.analysis import publish
from foretagsklimat.apps.ranking.models import RankingRun
from foretagsklimat.apps.ranking.services import compute_ranking
from foretagsklimat.apps.statistics.models import StatisticValue
from foretagsklimat.apps.statistics.services import store_statistics
from foretagsklimat.apps.survey.models import SurveyRound
from foretagsklimat.apps.survey.services import (
    delete_rounds,
    store_answers,
    store_questionnaire_counts,
)

Report = Callable[[str, int, int], None]


def demo_loaded(years: Iterable[int]) -> bool:
    """Whether every year already has a synthetic round and a published ranking."""
    wanted = set(years)
    rounds = set(SurveyRound.objects.filter(synthetic=True).values_list("year", flat=True))
    runs = set(RankingRun.objects.filter(is_current=True).values_list("year", flat=True))
    return wanted <= rounds and wanted <= runs


def load_demo(years: Iterable[int], seed: int | None = None, report: Report | None = None) -> None:
    """Generate the synthetic demo and store answers, statistics and rankings.

    The demo replaces earlier synthetic data for the same years; real data is never touched.
    """
    from foretagsklimat.demo import DEFAULT_SEED, generate

    years = sorted(years)
    say = report or (lambda step, done, total: None)
    data = generate(years=years, seed=DEFAULT_SEED if seed is None else seed, progress=say)
    with transaction.atomic():
        delete_rounds(SurveyRound.objects.filter(year__in=years, synthetic=True))
        StatisticValue.objects.filter(year__in=years, synthetic=True).delete()
        RankingRun.objects.filter(year__in=years, synthetic=True).delete()
        total = len(data.answers)
        stored = 0

        def answered(batch: int) -> None:
            nonlocal stored
            stored += batch
            say("Sparar enkätsvar", stored, total)

        store_answers(data.answers, synthetic=True, progress=answered)
        store_questionnaire_counts(data.questionnaires)
        store_statistics(data.statistics, synthetic=True, source="syntetiska demodata")
        for done, year in enumerate(years, start=1):
            publish(compute_ranking(year))
            say("Rankar", done, len(years))
