"""The county page /lan/<lanskod>/ and the climbers page /klattrare/<year>/."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.test import Client

from foretagsklimat.apps.ranking import queries

from .test_pages import about_text

pytestmark = pytest.mark.django_db


def totals_2023():
    results = queries.year_results(2023)
    assert results is not None
    return results.totals


def test_the_county_page_ranks_its_municipalities_with_national_rank_and_change(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    expected = totals_2023()[totals_2023()["lanskod"] == "21"].sort_values("county_rank")
    response = client.get("/lan/21/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["kommun"] for r in rows] == list(expected["kommun"])
    assert [r["rank"] for r in rows] == list(expected["rank"])
    assert [r["county_rank"] for r in rows] == list(range(1, 11))
    page = response.content.decode()
    assert "<h1>Gävleborgs län</h1>" in page
    sandviken = expected[expected["kommunkod"] == "2181"].iloc[0]
    assert re.search(
        rf'<a href="/kommun/2181/\?ar=2023">Sandviken</a></th>\s*<td class="num">'
        rf"{sandviken['rank']}</td>",
        page,
    )


def test_the_county_page_names_the_countys_best_and_biggest_climber(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    county = totals_2023()[totals_2023()["lanskod"] == "21"]
    best = county.sort_values("county_rank").iloc[0]
    climber = county.sort_values(["change", "rank"], ascending=[False, True]).iloc[0]
    page = client.get("/lan/21/").content.decode()
    best_html = re.search(r'data-testid="county-best">(.*?)</p>', page, re.S)
    assert best_html is not None and best["kommun"] in best_html.group(1)
    assert f"plats {best['rank']} av 290" in best_html.group(1)
    climber_html = re.search(r'data-testid="county-climber">(.*?)</p>', page, re.S)
    assert climber_html is not None and climber["kommun"] in climber_html.group(1)


def test_the_county_map_colours_only_the_countys_municipalities(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/lan/21/").content.decode()
    coloured = re.findall(
        r'data-kommunkod="(\d{4})"><path class="m[^"]*" d="[^"]*" fill="#(?!d9d9d9)', page
    )
    assert coloured and all(code.startswith("21") for code in coloured)
    assert len(coloured) == 10


def test_the_county_page_rejects_unknown_county_and_year(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert client.get("/lan/99/").status_code == 404
    assert client.get("/lan/2/").status_code == 404
    assert client.get("/lan/21/?ar=1999").status_code == 404


def test_the_county_table_downloads_as_csv_and_excel_marked_synthetic(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    csv_response = client.get("/lan/21/?format=csv&dialect=machine")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "syntetisk" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode().splitlines()
    assert lines[0] == (
        "county_rank,kommunkod,kommun,rank,change,points,kommungrupp_kod,group_rank,synthetic"
    )
    assert len(lines) == 11 and all(line.endswith(",True") for line in lines[1:])
    xlsx = client.get("/lan/21/?format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["kommuner", "Om filen"]
    assert "SYNTETISKA" in about_text(book)
    assert book["kommuner"]["A1"].value == "Placering i länet"


def test_the_climbers_page_lists_the_ten_largest_rises_and_falls(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    totals = totals_2023()
    up = totals.sort_values(["change", "rank"], ascending=[False, True]).head(10)
    down = totals.sort_values(["change", "rank"], ascending=[True, True]).head(10)
    response = client.get("/klattrare/2023/")
    assert response.status_code == 200
    assert [r["kommunkod"] for r in response.context["climbers"]] == list(up["kommunkod"])
    assert [r["kommunkod"] for r in response.context["fallers"]] == list(down["kommunkod"])
    assert all(r["change"] > 0 for r in response.context["climbers"])
    assert all(r["change"] < 0 for r in response.context["fallers"])
    page = response.content.decode()
    top = up.iloc[0]
    headline = re.search(r'data-testid="top-climber">(.*?)</p>', page, re.S)
    assert headline is not None
    assert (
        f"Årets klättrare är {top['kommun']}, som klättrar {int(top['change'])} placeringar "
        f"till plats {top['rank']}." in headline.group(1)
    )


def test_the_climbers_page_names_the_biggest_climber_of_each_of_the_21_counties(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    totals = totals_2023()
    rows = client.get("/klattrare/2023/").context["per_county"]
    assert len(rows) == 21
    for row in rows:
        county = totals[totals["lanskod"] == row["lanskod"]]
        assert row["change"] == county["change"].max()
        assert row["kommunkod"] in set(county["kommunkod"])


def test_the_climbers_page_without_a_previous_year_says_so(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/klattrare/2022/").content.decode()
    assert 'data-testid="no-previous"' in page


def test_the_climbers_page_rejects_a_year_without_ranking(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert client.get("/klattrare/1999/").status_code == 404


def test_the_climbers_tables_download_as_csv_and_excel_marked_synthetic(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    for table, rows in (("klattrare", 10), ("fallare", 10), ("per-lan", 21)):
        response = client.get(f"/klattrare/2023/?format=csv&table={table}&dialect=machine")
        assert response["Content-Type"].startswith("text/csv")
        assert f"klattrare-2023-{table}-syntetisk.csv" in response["Content-Disposition"]
        lines = response.content.decode().splitlines()
        assert len(lines) == 1 + rows and lines[0].endswith(",synthetic")
    xlsx = client.get("/klattrare/2023/?format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["klattrare", "fallare", "per-lan", "Om filen"]
    page = client.get("/klattrare/2023/").content.decode()
    assert "?format=csv&amp;table=per-lan" in page and "?format=xlsx" in page
