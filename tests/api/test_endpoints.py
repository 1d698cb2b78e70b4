from __future__ import annotations

import pytest

from foretagsklimat import reference

from .conftest import Api

pytestmark = pytest.mark.django_db

GAVLEBORG = set(reference.municipalities().query("lanskod == '21'")["kommunkod"])
B3 = set(reference.municipalities().query("kommungrupp_kod == 'B3'")["kommunkod"])


# -- municipalities ----------------------------------------------------------------------
def test_municipalities_lists_the_first_hundred_by_code_with_the_total_count(api: Api) -> None:
    body = api.get("/municipalities")
    assert body["count"] == 290
    assert len(body["items"]) == 100
    codes = [m["code"] for m in body["items"]]
    assert codes == sorted(codes)
    assert set(body["items"][0]) == {
        "code",
        "name",
        "official_name",
        "county_code",
        "county_name",
        "group_code",
        "group_name",
        "population",
    }


def test_municipalities_pages_with_limit_and_offset(api: Api) -> None:
    everything = api.get("/municipalities", limit=290)["items"]
    page = api.get("/municipalities", limit=5, offset=10)
    assert page["count"] == 290
    assert page["items"] == everything[10:15]


def test_municipalities_rejects_a_limit_above_290(api: Api) -> None:
    assert api.client.get("/api/v1/municipalities", {"limit": 291}).status_code == 422
    assert api.client.get("/api/v1/municipalities", {"limit": "many"}).status_code == 422


def test_municipalities_filter_by_county_returns_only_gavleborg(api: Api) -> None:
    body = api.get("/municipalities", county="21")
    assert {m["code"] for m in body["items"]} == GAVLEBORG
    assert body["count"] == len(GAVLEBORG)
    assert {m["county_name"] for m in body["items"]} == {"Gävleborgs län"}


def test_municipalities_filter_by_group(api: Api) -> None:
    body = api.get("/municipalities", group="B3")
    assert {m["code"] for m in body["items"]} == B3


def test_municipalities_reports_an_unknown_county_as_404(api: Api) -> None:
    assert "99" in api.get("/municipalities", status=404, county="99")["detail"]
    api.get("/municipalities", status=404, group="Z9")


def test_municipality_shows_its_rank_each_year(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get("/municipalities/2181")
    assert body["name"] == "Sandviken"
    assert body["synthetic"] is True
    assert [r["year"] for r in body["results"]] == list(stored_rankings)
    first, second = body["results"]
    assert first["change"] is None
    assert second["change"] is not None
    assert set(first) == {"year", "rank", "points", "change", "methodology", "synthetic"}


def test_municipality_without_rankings_has_no_results(api: Api) -> None:
    body = api.get("/municipalities/2181")
    assert body["results"] == []
    assert body["synthetic"] is False


def test_unknown_municipality_is_404(api: Api) -> None:
    assert "9999" in api.get("/municipalities/9999", status=404)["detail"]


def test_municipality_year_gives_every_indicator_with_means(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get("/municipalities/2181/results/2023")
    assert body["year"] == 2023 and body["synthetic"] is True
    ranking = api.get("/rankings/2023", county="21")["items"]
    own = next(r for r in ranking if r["code"] == "2181")
    assert body["rank"] == own["rank"] and body["county_rank"] == own["county_rank"]
    codes = [i["code"] for i in body["indicators"]]
    assert codes == [
        i["code"] for i in api.get(f"/methodologies/{body['methodology']}")["indicators"]
    ]
    grade = body["indicators"][0]
    assert grade["code"] == "overall_grade"
    assert grade["n"] == 40 and grade["suppressed"] is False
    assert grade["national_mean"] is not None
    assert grade["county_mean"] is not None and grade["group_mean"] is not None


def test_municipality_year_404s(api: Api, stored_rankings: tuple[int, ...]) -> None:
    api.get("/municipalities/2181/results/1999", status=404)
    api.get("/municipalities/9999/results/2023", status=404)


# -- methodologies -----------------------------------------------------------------------
def test_methodologies_list_every_builtin_methodology(api: Api) -> None:
    body = api.get("/methodologies")
    names = [m["name"] for m in body]
    assert {"sn-2014", "sn-2020"} <= set(names)
    first = body[0]
    assert {"code", "label_sv", "label_en", "kind", "source", "weight", "group"} <= set(
        first["indicators"][0]
    )
    assert "inferred_parts" in first


def test_methodology_matches_the_engine(api: Api) -> None:
    from foretagsklimat.engine.methodology import get_methodology

    body = api.get("/methodologies/sn-2020")
    methodology = get_methodology("sn-2020")
    assert body["indicators"] == [i.to_dict() for i in methodology.indicators]
    assert body["inferred_parts"] == methodology.inferred_parts()
    api.get("/methodologies/sn-1999", status=404)


# -- rankings ----------------------------------------------------------------------------
def test_rankings_lists_the_published_years(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get("/rankings")
    assert [y["year"] for y in body["items"]] == list(stored_rankings)
    assert body["synthetic"] is True
    assert all(y["count"] == 290 and y["synthetic"] for y in body["items"])


def test_rankings_is_empty_before_anything_is_published(api: Api) -> None:
    assert api.get("/rankings") == {"synthetic": False, "count": 0, "items": []}


def test_ranking_of_a_year_is_sorted_by_rank_and_paged(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get("/rankings/2023")
    assert body["count"] == 290 and body["limit"] == 100 and body["offset"] == 0
    assert body["synthetic"] is True
    ranks = [r["rank"] for r in body["items"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    page = api.get("/rankings/2023", limit=10, offset=95)
    assert page["items"] == api.get("/rankings/2023", limit=290)["items"][95:105]
    assert api.get("/rankings/2023", offset=300)["items"] == []


def test_ranking_filters_by_county_and_group(api: Api, stored_rankings: tuple[int, ...]) -> None:
    county = api.get("/rankings/2023", county="21")
    assert {r["code"] for r in county["items"]} == GAVLEBORG
    assert sorted(r["county_rank"] for r in county["items"]) == list(range(1, len(GAVLEBORG) + 1))
    group = api.get("/rankings/2023", group="B3")
    assert {r["code"] for r in group["items"]} == B3
    both = api.get("/rankings/2023", county="21", group="B3")
    assert {r["code"] for r in both["items"]} == GAVLEBORG & B3


def test_ranking_404s_for_unknown_year_county_and_group(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    api.get("/rankings/1999", status=404)
    api.get("/rankings/2023", status=404, county="99")
    api.get("/rankings/2023", status=404, group="X1")
    assert api.client.get("/api/v1/rankings/abcd").status_code == 422


def test_factor_ranking_is_sorted_by_the_factor_rank(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get("/rankings/2023/factors/municipal_tax", limit=290)
    assert body["indicator"]["code"] == "municipal_tax"
    assert body["indicator"]["direction"] == -1
    assert body["count"] == 290
    ranks = [r["rank"] for r in body["items"]]
    assert ranks == sorted(ranks)
    assert all(r["n"] is None for r in body["items"])  # a statistic has no answers
    assert body["items"][0]["rank_change"] is not None


def test_factor_ranking_filters_and_404s(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get("/rankings/2023/factors/overall_grade", county="21")
    assert {r["code"] for r in body["items"]} == GAVLEBORG
    assert all(r["n"] == 40 for r in body["items"])
    api.get("/rankings/2023/factors/no_such_factor", status=404)
    api.get("/rankings/1999/factors/overall_grade", status=404)
    api.get("/rankings/2023/factors/overall_grade", status=404, county="00")


# -- movers ------------------------------------------------------------------------------
def test_movers_lists_climbers_fallers_and_each_countys_climber(
    api: Api, stored_rankings: tuple[int, ...]
) -> None:
    body = api.get("/movers/2023", limit=5)
    assert body["previous_year"] == 2022 and body["synthetic"] is True
    assert len(body["climbers"]) == 5 and len(body["fallers"]) == 5
    changes = [m["change"] for m in body["climbers"]]
    assert changes == sorted(changes, reverse=True) and changes[-1] > 0
    assert all(m["change"] == m["previous_rank"] - m["rank"] for m in body["climbers"])
    assert all(m["change"] < 0 for m in body["fallers"])
    counties = [m["county_code"] for m in body["county_climbers"]]
    assert counties == sorted(set(reference.counties()["lanskod"]))
    ranking = {r["code"]: r for r in api.get("/rankings/2023", limit=290)["items"]}
    top = body["climbers"][0]
    assert ranking[top["code"]]["change"] == top["change"]


def test_movers_filter_by_county(api: Api, stored_rankings: tuple[int, ...]) -> None:
    body = api.get("/movers/2023", county="21")
    codes = {m["code"] for key in ("climbers", "fallers", "county_climbers") for m in body[key]}
    assert codes <= GAVLEBORG
    assert [m["county_code"] for m in body["county_climbers"]] == ["21"]


def test_movers_404_without_a_previous_year(api: Api, stored_rankings: tuple[int, ...]) -> None:
    assert "2021" in api.get("/movers/2022", status=404)["detail"]
    api.get("/movers/2030", status=404)
    api.get("/movers/2023", status=404, county="99")


# -- the docs page -----------------------------------------------------------------------
def test_the_api_root_is_a_self_contained_page_listing_every_endpoint(api: Api) -> None:
    from .test_openapi import openapi_paths

    response = api.client.get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="openapi.json"' in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html and "<script" not in html
    for path in openapi_paths(api):
        assert f"GET {path.removeprefix('/api/v1')}" in html
