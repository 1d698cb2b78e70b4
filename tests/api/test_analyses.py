"""Endpoints of the rank analyses: uncertainty, what-if, levers, peers and drivers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

from foretagsklimat.apps.ranking import analysis, queries
from foretagsklimat.apps.ranking.models import IndicatorResult, RankingRun
from foretagsklimat.engine.uncertainty import describe_change
from foretagsklimat.engine.whatif import describe_plan

from .conftest import Api

pytestmark = pytest.mark.django_db

CODE = "2181"
VERDICTS = {"real_improvement", "real_decline", "noise"}


def _hide(code: str, indicator: str, year: int = 2023) -> float:
    """Make one stored survey value rest on too few answers; returns the hidden value."""
    run = RankingRun.objects.get(year=year, is_current=True)
    rows = IndicatorResult.objects.filter(run=run, municipality_id=code, indicator=indicator)
    value = float(rows.get().value)
    rows.update(n=settings.MIN_ANSWERS - 1)
    queries.clear_cache()
    return value


# -- uncertainty -------------------------------------------------------------------------
def test_uncertainty_returns_the_stored_interval_and_verdict(
    api: Api, analyses_stored: tuple[int, ...]
) -> None:
    body = api.get(f"/municipalities/{CODE}/uncertainty/2023")
    stored = analysis.uncertainty_of(2023, CODE)
    assert stored is not None
    assert body["synthetic"] is True
    assert body["code"] == CODE and body["name"] == "Sandviken" and body["year"] == 2023
    assert body["rank_low"] == pytest.approx(stored["rank_low"])
    assert body["rank_high"] == pytest.approx(stored["rank_high"])
    assert body["rank_low"] <= body["rank_median"] <= body["rank_high"]
    assert body["verdict"] in VERDICTS
    assert body["confidence"] == 0.9 and body["change_confidence"] == 0.95
    row = {**body, "confidence": 0.95}
    assert body["sentence_sv"] == describe_change(row, "sv")
    assert body["sentence_en"] == describe_change(row, "en")


def test_uncertainty_of_the_first_year_has_no_verdict(
    api: Api, analyses_stored: tuple[int, ...]
) -> None:
    body = api.get(f"/municipalities/{CODE}/uncertainty/2022")
    assert body["change"] is None and body["verdict"] is None
    assert body["sentence_sv"] is None and body["rank_median"] is not None


def test_uncertainty_not_found(api: Api, stored_rankings: tuple[int, ...]) -> None:
    assert "computed" in api.get(f"/municipalities/{CODE}/uncertainty/2023", 404)["detail"]
    api.get("/municipalities/9999/uncertainty/2023", 404)
    api.get(f"/municipalities/{CODE}/uncertainty/1999", 404)
    assert api.client.get(f"/api/v1/municipalities/{CODE}/uncertainty/abc").status_code == 422


# -- what-if -----------------------------------------------------------------------------
WHATIF_FIELDS = {"year", "code", "rank_before", "rank", "points_before", "points", "synthetic"}


def test_whatif_equals_the_service(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get(f"/municipalities/{CODE}/whatif/2023", overall_grade="3.9", service="4.2")
    expected = analysis.what_if_for(2023, CODE, {"overall_grade": 3.9, "service": 4.2})
    assert set(body) >= WHATIF_FIELDS
    assert body["synthetic"] is True
    assert body["year"] == 2023 and body["code"] == CODE
    assert body["rank"] == expected.rank
    assert body["rank_before"] == expected.rank_before
    assert body["points"] == pytest.approx(expected.points)
    assert body["points_before"] == pytest.approx(expected.points_before)
    assert body["change"] == expected.rank_before - expected.rank
    changed = {i["indicator"]: i for i in body["indicators"]}
    assert set(changed) == {"overall_grade", "service"}
    assert changed["service"]["value_after"] == 4.2


def test_whatif_returns_nothing_about_other_municipalities(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get(f"/municipalities/{CODE}/whatif/2023", service="4.2")
    assert set(body) == {*WHATIF_FIELDS, "change", "indicators"}
    assert all(
        set(i)
        == {
            "indicator",
            "value_before",
            "value_after",
            "factor_rank_before",
            "factor_rank_after",
            "points_before",
            "points_after",
        }
        for i in body["indicators"]
    )
    assert "municipalities" not in body


def test_whatif_without_changes_is_the_published_rank(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get(f"/municipalities/{CODE}/whatif/2023")
    published = api.get(f"/municipalities/{CODE}/results/2023")
    assert body["rank"] == body["rank_before"] == published["rank"]
    assert body["indicators"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("nonsense=3", "Unknown indicator"),
        ("service=high", "not a number"),
        ("service=7", "1..6"),
        ("service=nan", "finite"),
        ("service=4&service=5", "once"),
    ],
)
def test_whatif_rejects_bad_parameters_with_422(
    api: Api, stored_rankings: tuple[int, ...], query: str, message: str
) -> None:
    response = api.client.get(f"/api/v1/municipalities/{CODE}/whatif/2023?{query}")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_whatif_unknown_code_or_year_is_404(api: Api, stored_rankings: tuple[int, ...]) -> None:
    api.get("/municipalities/9999/whatif/2023", 404, service="4")
    api.get(f"/municipalities/{CODE}/whatif/1999", 404, service="4")


def test_whatif_never_shows_a_suppressed_value(api: Api, stored_rankings: tuple[int, ...]) -> None:
    hidden = _hide(CODE, "overall_grade")
    body = api.get(f"/municipalities/{CODE}/whatif/2023", overall_grade="4.0", service="4.0")
    rows = {i["indicator"]: i for i in body["indicators"]}
    assert rows["overall_grade"]["value_before"] is None
    assert rows["service"]["value_before"] is not None
    assert (
        str(hidden)
        not in api.client.get(
            f"/api/v1/municipalities/{CODE}/whatif/2023?overall_grade=4.0"
        ).content.decode()
    )


def test_whatif_responses_vary_with_the_query(api: Api, stored_rankings: tuple[int, ...]) -> None:
    low = api.get(f"/municipalities/{CODE}/whatif/2023", service="1.0")
    high = api.get(f"/municipalities/{CODE}/whatif/2023", service="6.0")
    assert low["rank"] > high["rank"]


# -- levers ------------------------------------------------------------------------------
def test_levers_and_plan(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get(f"/municipalities/{CODE}/levers/2023", target="100")
    table = analysis.levers_for(2023, CODE)
    assert body["synthetic"] is True
    assert [r["indicator"] for r in body["levers"]] == list(table["indicator"])
    assert [r["places_gained"] for r in body["levers"]] == list(table["places_gained"])
    plan = analysis.plan_for(2023, CODE, 100)
    assert body["plan"]["target"] == 100
    assert body["plan"]["final_rank"] == plan.final_rank
    assert body["plan"]["reachable"] == plan.reachable
    assert body["plan"]["sentence_sv"] == describe_plan(plan, "sv", name="Sandviken")
    assert body["plan"]["sentence_en"] == describe_plan(plan, "en", name="Sandviken")
    assert [s["indicator"] for s in body["plan"]["steps"]] == list(plan.steps["indicator"])


def test_levers_without_target_have_no_plan(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get(f"/municipalities/{CODE}/levers/2023")
    assert body["plan"] is None
    assert len(body["levers"]) == 17


def test_levers_bad_target_is_422_and_unknowns_404(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    for target in ("0", "291", "top"):
        response = api.client.get(f"/api/v1/municipalities/{CODE}/levers/2023?target={target}")
        assert response.status_code == 422, target
    api.get("/municipalities/9999/levers/2023", 404)
    api.get(f"/municipalities/{CODE}/levers/1999", 404)


def test_levers_hide_a_suppressed_value_and_plan_around_it(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    _hide(CODE, "overall_grade")
    body = api.get(f"/municipalities/{CODE}/levers/2023", target="20")
    grade = next(r for r in body["levers"] if r["indicator"] == "overall_grade")
    assert grade["value"] is None and grade["new_value"] is None
    assert "overall_grade" not in {s["indicator"] for s in body["plan"]["steps"]}
    assert "Sammanfattande" not in body["plan"]["sentence_sv"]


# -- peers -------------------------------------------------------------------------------
def test_peers_and_their_comparison(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get(f"/municipalities/{CODE}/peers/2023", k="5")
    similar, comparison = analysis.peers_for(2023, CODE, 5)
    assert body["synthetic"] is True
    assert [p["code"] for p in body["peers"]] == list(similar["kommunkod"])
    assert CODE not in {p["code"] for p in body["peers"]}
    assert all(p["rank"] is not None and p["name"] for p in body["peers"])
    rows = {r["indicator"]: r for r in body["comparison"]}
    assert len(rows) == 17
    expected = comparison.set_index("indicator")
    assert rows["service"]["peer_mean"] == pytest.approx(expected.at["service", "peer_mean"])
    assert rows["service"]["value"] == pytest.approx(expected.at["service", "value"])


def test_peers_default_to_eight_and_404(api: Api, stored_rankings: tuple[int, ...]) -> None:
    assert len(api.get(f"/municipalities/{CODE}/peers/2023")["peers"]) == 8
    api.get("/municipalities/9999/peers/2023", 404)
    api.get(f"/municipalities/{CODE}/peers/1999", 404)
    assert api.client.get(f"/api/v1/municipalities/{CODE}/peers/2023?k=0").status_code == 422


def test_peers_leave_suppressed_values_out(api: Api, stored_rankings: tuple[int, ...]) -> None:
    first = api.get(f"/municipalities/{CODE}/peers/2023", k="5")
    peer = first["peers"][0]["code"]
    _hide(CODE, "service")
    _hide(peer, "overall_grade")
    cache.clear()
    body = api.get(f"/municipalities/{CODE}/peers/2023", k="5")
    rows = {r["indicator"]: r for r in body["comparison"]}
    assert rows["service"]["value"] is None
    assert rows["service"]["rank_among_peers"] is None
    grade = rows["overall_grade"]
    assert grade["n_peers"] == 4
    _, values = analysis.published_inputs(2023)
    visible = values[
        (values["source"] == "overall_grade")
        & values["kommunkod"].isin([p["code"] for p in body["peers"][1:]])
    ]
    assert grade["peer_mean"] == pytest.approx(visible["value"].mean())


# -- drivers -----------------------------------------------------------------------------
def test_drivers_of_the_overall_grade(api: Api, analyses_stored: tuple[int, ...]) -> None:
    body = api.get("/drivers/2023")
    assert body["synthetic"] is True
    assert body["level"] == "respondents" and body["group"] is None
    assert body["n"] > 100
    top = body["items"][0]
    assert top["question"] == "service"
    assert top["low"] <= top["coefficient"] <= top["high"]
    assert top["label_sv"] != "service"
    expected = analysis.drivers_for(2023)
    assert [i["question"] for i in body["items"]] == list(expected["question"])


def test_drivers_across_municipalities_and_within_a_group(
    api: Api, analyses_stored: tuple[int, ...]
) -> None:
    body = api.get("/drivers/2023", level="municipalities")
    assert body["level"] == "municipalities" and 40 <= body["n"] <= 60
    grouped = api.get("/drivers/2023", group="B3")
    assert grouped["group"] == "B3"


def test_drivers_errors(api: Api, analyses_stored: tuple[int, ...]) -> None:
    assert "answers" in api.get("/drivers/2022", 404)["detail"]
    api.get("/drivers/1999", 404)
    api.get("/drivers/2023", 404, group="Z9")
    assert api.client.get("/api/v1/drivers/2023?level=towns").status_code == 422
