"""The municipality page's uncertainty, what-if, levers, plan and peers; the drivers page."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.test import Client

from foretagsklimat.apps.ranking.analysis import (
    levers_for,
    peers_for,
    plan_for,
    what_if_for,
    year_uncertainty,
)
from foretagsklimat.apps.ranking.models import IndicatorResult
from foretagsklimat.apps.ranking.queries import clear_cache, year_results

pytestmark = pytest.mark.django_db

SANDVIKEN = "2181"


def _page(client: Client, **params: str) -> tuple[str, dict[str, object]]:
    response = client.get(f"/kommun/{SANDVIKEN}/", params)
    assert response.status_code == 200
    return response.content.decode(), response.context


def test_stored_intervals_bracket_most_nominal_ranks(stored_uncertainty: tuple[int, ...]) -> None:
    frame = year_uncertainty(2023)
    results = year_results(2023)
    assert results is not None and len(frame) == 290
    merged = frame.merge(results.totals[["kommunkod", "rank", "change"]], on="kommunkod")
    inside = (merged["rank_low"] <= merged["rank"]) & (merged["rank"] <= merged["rank_high"])
    assert inside.mean() > 0.8
    real_up = merged[merged["verdict"] == "real_improvement"]
    assert (real_up["change_low"] > 0).all()
    noise = merged[merged["verdict"] == "noise"]
    assert ((noise["change_low"] <= 0) & (noise["change_high"] >= 0)).all()


def test_municipality_page_says_how_certain_the_rank_is(
    client: Client, stored_uncertainty: tuple[int, ...]
) -> None:
    page, context = _page(client)
    uncertainty = context["uncertainty"]
    assert isinstance(uncertainty, dict)
    assert f"mellan plats {uncertainty['low']} och {uncertainty['high']}" in page
    assert "95 % intervall" in uncertainty["sentence"]
    assert any(
        words in uncertainty["sentence"]
        for words in ("verklig förbättring", "verklig försämring", "inom slumpvariationen")
    )


def test_page_without_stored_intervals_says_so(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page, context = _page(client)
    assert context["uncertainty"] is None
    assert "Ingen osäkerhetsberäkning" in page


def test_what_if_form_without_javascript_gives_the_engines_rank(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page, context = _page(client, service="6", overall_grade="5.5")
    expected = what_if_for(2023, SANDVIKEN, {"service": 6.0, "overall_grade": 5.5})
    whatif = context["whatif"]
    assert isinstance(whatif, dict)
    assert whatif["rank"] == expected.rank < expected.rank_before
    assert f"Ny placering: {expected.rank}" in page


@pytest.mark.parametrize("service", ["0", "-1", "99999999999999999999", "nan", "inf", "sex"])
def test_a_value_no_slider_can_give_is_the_page_with_a_message(
    client: Client, stored_rankings: tuple[int, ...], service: str
) -> None:
    response = client.get(f"/kommun/{SANDVIKEN}/", {"ar": "2023", "service": service})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Räknades inte om: Kommunens service och bemötande till företagen fick ett värde" in (
        page
    )
    assert 'data-testid="whatif-error"' in page
    assert "Ny placering: " not in page


def test_sliders_start_at_the_published_values(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    _, context = _page(client)
    results = year_results(2023)
    assert results is not None
    own = results.indicators[results.indicators["kommunkod"] == SANDVIKEN].set_index("indicator")
    sliders = context["sliders"]
    assert isinstance(sliders, list) and len(sliders) == 17
    for slider in sliders:
        assert slider["value"] == pytest.approx(own.loc[slider["code"], "value"])
        assert slider["min"] <= slider["value"] <= slider["max"]


def test_levers_and_plan_match_the_engine(client: Client, stored_rankings: tuple[int, ...]) -> None:
    _, context = _page(client, mal="10")
    expected = levers_for(2023, SANDVIKEN)
    best = expected[expected["feasible"]].sort_values("places_gained", ascending=False).iloc[0]
    levers = context["levers"]
    assert isinstance(levers, list)
    assert levers[0]["places"] == int(best["places_gained"])
    plan = context["plan"]
    assert isinstance(plan, dict) and plan["target"] == 10
    assert "plats 10" in plan["sentence"]
    assert plan["reachable"] == plan_for(2023, SANDVIKEN, 10).reachable


def test_peers_are_other_similar_municipalities(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    _, context = _page(client)
    peers = context["peers"]
    assert isinstance(peers, dict)
    codes = [p["kommunkod"] for p in peers["municipalities"]]
    similar, _ = peers_for(2023, SANDVIKEN)
    assert codes == list(similar["kommunkod"])
    assert SANDVIKEN not in codes and len(codes) == 8


def test_values_with_too_few_answers_get_no_slider_and_no_peer_value(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    IndicatorResult.objects.filter(
        run__year=2023, municipality_id=SANDVIKEN, indicator="overall_grade"
    ).update(n=2)
    clear_cache()
    _, context = _page(client)
    sliders = context["sliders"]
    assert isinstance(sliders, list)
    assert "overall_grade" not in {s["code"] for s in sliders}
    peers = context["peers"]
    assert isinstance(peers, dict)
    overall = next(f for f in peers["factors"] if f["label"].startswith("Sammanfattande"))
    assert overall["value"] is None and overall["advantage"] is None


def test_drivers_page_finds_the_questions_that_drive_the_overall_grade(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    from foretagsklimat.apps.survey.services import store_answers

    from ..conftest import synthetic_answers

    store_answers(synthetic_answers(), synthetic=True)
    response = client.get("/drivare/2023/")
    rows = response.context["rows"]
    assert [r["question"] for r in rows[:2]] == [
        "Kommunens service och bemötande till företagen",
        "Dialog mellan företag och kommunens beslutsfattare",
    ]
    assert rows[0]["clear"] and rows[0]["low"] > 0
    csv = client.get("/drivare/2023/", {"format": "csv", "dialect": "machine"}).content.decode()
    frame = pd.read_csv(io.StringIO(csv))
    assert {"question", "coefficient", "low", "high", "synthetic"} <= set(frame.columns)
    grouped = client.get("/drivare/2023/", {"grupp": "B3", "niva": "respondents"})
    assert grouped.status_code == 200 and grouped.context["group"] == "B3"


def test_drivers_page_without_answers_explains_why(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/drivare/2023/").content.decode()
    assert "inga enskilda enkätsvar" in page


def test_the_submitted_form_counts_only_sliders_that_moved(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    _, context = _page(client)
    sliders = context["sliders"]
    assert isinstance(sliders, list)
    # Every slider as a browser sends it: on its grid, which runs through the value.
    params = {}
    for s in sliders:
        steps = round((s["value"] - s["min"]) / s["step"])
        assert s["min"] + steps * s["step"] == pytest.approx(s["value"])
        params[s["code"]] = str(s["min"] + steps * s["step"])
    _, context = _page(client, **params)
    assert context["whatif"] is None
    params["service"] = "6"
    _, context = _page(client, **params)
    expected = what_if_for(2023, SANDVIKEN, {"service": 6.0})
    whatif = context["whatif"]
    assert isinstance(whatif, dict) and whatif["rank"] == expected.rank


def test_stored_uncertainty_includes_method_choices_and_factor_intervals(
    client: Client, stored_uncertainty: tuple[int, ...]
) -> None:
    page, context = _page(client)
    uncertainty = context["uncertainty"]
    assert isinstance(uncertainty, dict)
    assert uncertainty["method_low"] <= uncertainty["method_high"]
    assert f"mellan plats {uncertainty['method_low']} och {uncertainty['method_high']}" in page
    factors = context["factors"]
    assert isinstance(factors, list)
    overall = next(f for f in factors if f["indicator"] == "overall_grade")
    assert overall["value_low"] <= overall["value"] <= overall["value_high"]
    tax = next(f for f in factors if f["indicator"] == "municipal_tax")
    assert tax["value_low"] is None  # statistics have no sampling error
