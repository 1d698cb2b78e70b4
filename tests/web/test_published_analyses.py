"""What the public pages show is computed when a ranking is published, not per request.

The what-if model is fitted once per run and process, the drivers and the politicians'
comparison means are stored with the run, and each gives what computing it afresh gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from django.test import Client

from foretagsklimat.apps.ranking import analysis
from foretagsklimat.apps.ranking.models import PublishedAnalyses
from foretagsklimat.apps.ranking.queries import municipality_history, year_results
from foretagsklimat.apps.ranking.services import compute_ranking, current_run
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.apps.survey.models import RespondentType
from foretagsklimat.apps.survey.services import store_answers
from foretagsklimat.engine.whatif import WhatIfModel, levers, reach_target, what_if
from foretagsklimat.web.frames import frame_from_json, frame_to_json
from tests.conftest import synthetic_answers

pytestmark = pytest.mark.django_db

YEAR = 2023
CODES = ("2181", "0180", "2418")


@pytest.fixture
def published(stored_rankings: tuple[int, ...]) -> int:
    """2023 with company and council members' answers, republished as ``publish`` does."""
    companies = synthetic_answers(YEAR, per_municipality=6)
    politicians = synthetic_answers(YEAR, per_municipality=5, seed=8).assign(
        respondent_type="politician",
        respondent_id=lambda f: "P" + f["respondent_id"],
    )
    store_answers(pd.concat([companies, politicians], ignore_index=True), synthetic=True)
    analysis.publish(compute_ranking(YEAR), uncertainty=False)
    return YEAR


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """Replace ``owner.name`` by a spy that records each call and then calls it."""
    calls: list[object] = []
    original = getattr(owner, name)

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


def test_municipality_pages_fit_the_what_if_model_once_per_run(
    client: Client, stored_rankings: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    fits = count_calls(monkeypatch, WhatIfModel, "fit")
    for code in CODES:
        assert client.get(f"/kommun/{code}/").status_code == 200
    assert len(fits) == 1  # the first page of the run; none for the next ones
    assert client.get(f"/kommun/{CODES[0]}/", {"service": "5.5", "mal": "10"}).status_code == 200
    assert client.get(f"/api/v1/municipalities/{CODES[1]}/levers/{YEAR}?target=50").status_code
    assert len(fits) == 1


def test_the_shared_model_answers_as_a_model_fitted_for_the_question(
    stored_rankings: tuple[int, ...],
) -> None:
    methodology, values = analysis.published_inputs(YEAR)
    for code in CODES:
        changes = {"service": 5.0, "municipal_tax": 19.0}
        assert analysis.what_if_for(YEAR, code, changes).to_dict() == (
            what_if(values, methodology, code, changes, year=YEAR).to_dict()
        )
        pd.testing.assert_frame_equal(
            analysis.levers_for(YEAR, code), levers(values, methodology, code, year=YEAR)
        )
        mine, fresh = analysis.plan_for(YEAR, code, 20), reach_target(values, methodology, code, 20)
        assert (mine.final_rank, mine.changes) == (fresh.final_rank, fresh.changes)
    assert analysis.what_if_model(YEAR) is analysis.what_if_model(YEAR)


def test_a_replaced_run_gets_its_own_model(published: int) -> None:
    before = analysis.what_if_model(YEAR)
    analysis.publish(compute_ranking(YEAR), uncertainty=False)
    assert analysis.what_if_model(YEAR) is not before


def test_publishing_stores_the_drivers_as_computed_afresh(published: int) -> None:
    run = current_run(YEAR)
    assert run is not None and PublishedAnalyses.objects.filter(run=run).exists()
    for level in analysis.DRIVER_LEVELS:
        for by in analysis.DRIVER_GROUPINGS:
            fresh = analysis.compute_drivers(run, level, by)
            assert len(fresh)
            pd.testing.assert_frame_equal(
                analysis.drivers_for(YEAR, level=level, by=by), fresh, check_exact=True
            )


def test_the_drivers_page_and_api_compute_no_drivers(
    client: Client, published: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = count_calls(monkeypatch, analysis, "drivers")
    answers = count_calls(monkeypatch, aggregates, "answers_frame")
    assert client.get(f"/drivare/{YEAR}/").status_code == 200
    assert client.get(f"/drivare/{YEAR}/", {"niva": "municipalities", "grupp": "B5"}).status_code
    assert client.get(f"/api/v1/drivers/{YEAR}?group=B5").status_code == 200
    assert computed == [] and answers == []


def test_a_run_published_without_stored_drivers_computes_them_once(
    stored_rankings: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    store_answers(synthetic_answers(YEAR, per_municipality=6), synthetic=True)
    computed = count_calls(monkeypatch, analysis, "drivers")
    first = analysis.drivers_for(YEAR)
    pd.testing.assert_frame_equal(analysis.drivers_for(YEAR), first)
    assert len(computed) == 1 and len(first)


def test_publishing_stores_the_comparison_means_as_computed_afresh(published: int) -> None:
    questions = analysis.comparison_questions(YEAR)
    assert questions
    for kind in (RespondentType.COMPANY, RespondentType.POLITICIAN):
        pd.testing.assert_frame_equal(
            analysis.published_means_for(YEAR, kind, questions),
            aggregates.published_means(YEAR, kind, questions),
            check_exact=True,
        )


def test_the_comparison_page_reads_the_stored_means(
    client: Client, published: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = client.get(f"/kommun/2181/jamforelse/{YEAR}/?format=csv").content
    from django.core.cache import cache

    cache.clear()
    computed = count_calls(monkeypatch, aggregates, "published_means")
    response = client.get(f"/kommun/2181/jamforelse/{YEAR}/")
    assert response.status_code == 200 and computed == []
    assert response.context["rows"][0]["politicians"] is not None
    assert client.get(f"/kommun/2181/jamforelse/{YEAR}/?format=csv").content == fresh


def test_other_questions_than_the_stored_ones_are_read_from_the_answers(published: int) -> None:
    questions = ["service", "overall_grade"]
    pd.testing.assert_frame_equal(
        analysis.published_means_for(YEAR, RespondentType.POLITICIAN, questions),
        aggregates.published_means(YEAR, RespondentType.POLITICIAN, questions),
    )


def test_history_reads_one_row_per_year_as_the_whole_results_give_it(
    stored_rankings: tuple[int, ...],
) -> None:
    for code in CODES:
        expected = []
        for year in stored_rankings:
            results = year_results(year)
            assert results is not None
            row = results.municipality(code)
            expected.append(
                (
                    year,
                    int(row["rank"]),
                    float(row["points"]),
                    None if pd.isna(row["change"]) else int(row["change"]),
                    results.methodology.name,
                    results.synthetic,
                )
            )
        # The frame the history was built as before, from every year's whole results.
        columns = ["year", "rank", "points", "change", "methodology", "synthetic"]
        pd.testing.assert_frame_equal(
            municipality_history(code), pd.DataFrame(expected, columns=columns), check_exact=True
        )


def test_a_stored_frame_comes_back_bit_for_bit() -> None:
    frame = pd.DataFrame(
        {
            "group": pd.Series(["all", "B5", None], dtype="str"),
            "question": pd.Series(["a", "b", "c"], dtype=object),
            "x": [0.1 + 0.2, -0.0, np.nan],
            "tiny": [5e-324, 1e300, 1 / 3],
            "n": pd.array([3, None, 1], dtype="Int64"),
            "count": np.array([1, 2, 3], dtype="int64"),
            "suppressed": [True, False, True],
        }
    )
    again = frame_from_json(frame_to_json(frame))
    pd.testing.assert_frame_equal(again, frame, check_exact=True)
    assert np.signbit(again.loc[1, "x"])


def test_a_warmed_server_process_fits_nothing_for_its_first_page(
    client: Client, stored_rankings: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    from foretagsklimat.apps.site.warmup import warm_up

    fits = count_calls(monkeypatch, WhatIfModel, "fit")
    warm_up()
    assert len(fits) == 1
    assert client.get("/kommun/2181/").status_code == 200
    assert len(fits) == 1


def test_warming_up_never_stops_a_server_from_starting(monkeypatch: pytest.MonkeyPatch) -> None:
    from foretagsklimat.apps.ranking import queries
    from foretagsklimat.apps.site.warmup import warm_up

    def broken() -> list[int]:
        raise RuntimeError("no such table")

    monkeypatch.setattr(queries, "published_years", broken)
    warm_up()
