from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from django.test import Client

from foretagsklimat.apps.ranking.queries import year_results

pytestmark = pytest.mark.django_db


def about_text(book: openpyxl.Workbook) -> str:
    """Everything on the sheet *Om filen*, as one text."""
    return " ".join(str(v) for row in book["Om filen"].values for v in row if v is not None)


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
    query = {"format": "csv", "lan": "21", "dialect": "machine"}
    csv_response = client.get("/ranking/2023/", query)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "syntetisk" in csv_response["Content-Disposition"]
    frame = pd.read_csv(io.StringIO(csv_response.content.decode()), dtype={"kommunkod": str})
    assert set(frame["kommunkod"].str[:2]) == {"21"} and len(frame) == 10
    assert frame["synthetic"].all()
    assert list(frame["rank"]) == sorted(frame["rank"])
    # The default CSV is for Swedish Excel: the same rows, headers for people, points
    # rounded to the one decimal the page shows.
    excel = client.get("/ranking/2023/", {"format": "csv", "lan": "21"}).content
    shown = pd.read_csv(
        io.BytesIO(excel), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kommunkod": str}
    )
    assert list(shown["Kommunkod"]) == list(frame["kommunkod"])
    assert list(shown["Placering"]) == list(frame["rank"])
    assert list(shown["Poäng"]) == list(frame["points"].round(1))
    assert set(shown["Syntetiska data"]) == {"ja"}
    xlsx = client.get("/ranking/2023/", {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["ranking", "alla-faktorer", "Om filen"]
    assert "SYNTETISKA" in about_text(book)
    header = [cell.value for cell in book["alla-faktorer"][1]]
    assert "Sammanfattande omdöme om företagsklimatet i kommunen: värde" in header
    assert any(h.startswith("Kommunalskatt") and h.endswith(": placering") for h in header)


def test_ranking_filters_by_county_and_group(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    rows = client.get("/ranking/2023/", {"lan": "21"}).context["rows"]
    assert len(rows) == 10 and {r["lanskod"] for r in rows} == {"21"}
    rows = client.get("/ranking/2023/", {"grupp": "A1"}).context["rows"]
    assert {r["kommun"] for r in rows} == {"Stockholm", "Göteborg", "Malmö"}


def test_ranking_sorts_by_a_factor_and_shows_it_as_a_column(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    results = year_results(2023)
    assert results is not None
    response = client.get("/ranking/2023/", {"faktor": "municipal_tax", "sort": "factor"})
    rows = response.context["rows"]
    taxes = results.indicators[results.indicators["indicator"] == "municipal_tax"]
    best = taxes.sort_values("rank").iloc[0]
    assert rows[0]["kommunkod"] == best["kommunkod"]
    assert rows[0]["factor_rank"] == 1
    # Lower tax is better, so the first row has the lowest rate.
    assert rows[0]["factor_value"] == taxes["value"].min()
    page = response.content.decode()
    assert "Kommunalskatt" in page and 'aria-sort="ascending"' in page


def test_ranking_sorts_by_change_biggest_climber_first_and_reverses(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    rows = client.get("/ranking/2023/", {"sort": "change"}).context["rows"]
    changes = [r["change"] for r in rows]
    assert changes == sorted(changes, reverse=True)
    rows = client.get("/ranking/2023/", {"sort": "change", "ordning": "fallande"}).context["rows"]
    assert [r["change"] for r in rows] == sorted(changes)


def test_unknown_filter_values_are_ignored_not_errors(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    response = client.get("/ranking/2023/", {"faktor": "nope", "sort": "bogus"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 290


def test_start_page_has_map_search_and_headline(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/").content.decode()
    assert page.count('data-kommunkod="') == 290
    assert 'role="search"' in page
    assert "290</strong>" in page


def test_search_goes_straight_to_a_single_match(client: Client) -> None:
    response = client.get("/sok/", {"q": "sandviken"})
    assert response.status_code == 302
    assert response["Location"] == "/kommun/2181/"


def test_search_lists_several_matches(client: Client) -> None:
    page = client.get("/sok/", {"q": "borg"}).content.decode()
    assert "Göteborg" in page and "Helsingborg" in page


def test_methodology_page_marks_inferred_parts(client: Client) -> None:
    page = client.get("/metod/").content.decode()
    assert "sn-2014" in page and "sn-2020" in page
    assert "härledd" in page


def test_english_is_one_click_away(client: Client) -> None:
    response = client.get("/sprak/en/", {"next": "/metod/"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Methodologies" in page and "inferred" in page


def test_swedish_is_the_default_whatever_the_browser_prefers(client: Client) -> None:
    page = client.get("/metod/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in page and "Metoder" in page


def test_language_switch_never_redirects_off_site(client: Client) -> None:
    response = client.get("/sprak/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_public_pages_carry_no_csrf_token_so_they_can_be_cached(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    for url in ("/", "/ranking/2023/", "/metod/"):
        assert "csrfmiddlewaretoken" not in client.get(url).content.decode()


def test_a_saved_ranking_makes_cached_pages_fresh(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    from foretagsklimat.apps.ranking.models import MunicipalityResult
    from foretagsklimat.apps.ranking.queries import clear_cache
    from foretagsklimat.apps.ranking.services import compute_ranking, save_ranking

    first = client.get("/ranking/2023/").content
    assert client.get("/ranking/2023/").content == first
    save_ranking(compute_ranking(2023))
    MunicipalityResult.objects.filter(run__year=2023, rank=1).update(points=999.5)
    clear_cache()
    assert "999,5" in client.get("/ranking/2023/").content.decode()


def test_methodology_tables_download_with_status_per_indicator(client: Client) -> None:
    response = client.get("/metod/", {"format": "csv", "table": "sn-2014", "dialect": "machine"})
    frame = pd.read_csv(io.StringIO(response.content.decode()))
    assert len(frame) == 18
    assert frame["weight"].sum() == pytest.approx(1.0)
    assert set(frame["status"]) == {"documented", "inferred"}
    assert not frame["synthetic"].any()
