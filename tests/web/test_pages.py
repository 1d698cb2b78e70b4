from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_start_page_without_rankings_says_how_to_load_data(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "foretagsklimat setup --demo" in response.content.decode()


def test_start_page_shows_top_ten_and_marks_synthetic_data(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/").content.decode()
    assert "Syntetiska demodata" in page
    assert "Topp tio" in page
    assert "Årets klättrare" in page


def test_ranking_page_lists_all_290_in_rank_order(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    response = client.get("/ranking/2023/")
    rows = response.context["rows"]
    assert len(rows) == 290
    assert [r["rank"] for r in rows] == list(range(1, 291))


def test_ranking_page_for_a_year_without_ranking_is_404(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert client.get("/ranking/1999/").status_code == 404


def test_ranking_downloads_as_csv_and_excel_marked_synthetic(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    csv_response = client.get("/ranking/2023/ranking-2023.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "syntetisk" in csv_response["Content-Disposition"]
    header = csv_response.content.decode().splitlines()[0]
    assert header.startswith("year,methodology,kommunkod,kommun,rank,points")
    xlsx = client.get("/ranking/2023/ranking-2023.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Ranking 2023", "Om"]


def test_methodology_page_marks_inferred_parts(client: Client) -> None:
    page = client.get("/metod/").content.decode()
    assert "sn-2014" in page and "sn-2020" in page
    assert "härledd" in page


def test_english_is_one_click_away(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/metod/"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Methodologies" in page and "inferred" in page


def test_swedish_is_the_default_whatever_the_browser_prefers(client: Client) -> None:
    page = client.get("/metod/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in page and "Metoder" in page
