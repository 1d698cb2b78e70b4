"""Aggregates from fewer answers than MIN_ANSWERS never leave the API."""

from __future__ import annotations

import pytest
from django.conf import settings

from foretagsklimat.apps.ranking import queries
from foretagsklimat.apps.ranking.models import IndicatorResult, RankingRun

from .conftest import Api

CODE = "2181"


@pytest.fixture
def too_few_answers(stored_rankings: tuple[int, ...]) -> None:
    run = RankingRun.objects.get(year=2023, is_current=True)
    updated = IndicatorResult.objects.filter(
        run=run, municipality_id=CODE, indicator="overall_grade"
    ).update(n=settings.MIN_ANSWERS - 1)
    assert updated == 1
    queries.clear_cache()


def _suppressed(row: dict[str, object]) -> None:
    assert row["suppressed"] is True
    assert row["value"] is None
    assert row["n"] is None


@pytest.mark.usefixtures("too_few_answers")
def test_municipality_year_hides_a_value_from_too_few_answers(api: Api) -> None:
    indicators = api.get(f"/municipalities/{CODE}/results/2023")["indicators"]
    grade = next(i for i in indicators if i["code"] == "overall_grade")
    _suppressed(grade)
    others = [i for i in indicators if i["code"] != "overall_grade"]
    assert not any(i["suppressed"] for i in others)


@pytest.mark.usefixtures("too_few_answers")
def test_factor_ranking_hides_a_value_from_too_few_answers(api: Api) -> None:
    items = api.get("/rankings/2023/factors/overall_grade", limit=290)["items"]
    _suppressed(next(i for i in items if i["code"] == CODE))
    assert sum(i["suppressed"] for i in items) == 1
    county = api.get("/rankings/2023/factors/overall_grade", county="21")["items"]
    _suppressed(next(i for i in county if i["code"] == CODE))


@pytest.mark.usefixtures("too_few_answers")
def test_the_suppressed_value_does_not_enter_the_means(api: Api) -> None:
    from django.db.models import Avg

    run = RankingRun.objects.get(year=2023, is_current=True)
    visible = IndicatorResult.objects.filter(run=run, indicator="overall_grade").exclude(
        municipality_id=CODE
    )
    expected = visible.aggregate(mean=Avg("value"))["mean"]
    indicators = api.get(f"/municipalities/{CODE}/results/2023")["indicators"]
    grade = next(i for i in indicators if i["code"] == "overall_grade")
    assert grade["national_mean"] == pytest.approx(expected)


@pytest.mark.usefixtures("too_few_answers")
def test_the_other_year_is_unaffected(api: Api) -> None:
    indicators = api.get(f"/municipalities/{CODE}/results/2022")["indicators"]
    assert not any(i["suppressed"] for i in indicators)
