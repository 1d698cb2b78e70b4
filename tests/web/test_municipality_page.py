"""The municipality page: /kommun/<kommunkod>/."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.test import Client

from foretagsklimat.apps.ranking import queries
from foretagsklimat.apps.ranking.highlights import municipality_highlight
from foretagsklimat.apps.ranking.models import IndicatorResult, RankingRun

pytestmark = pytest.mark.django_db

SANDVIKEN = "/kommun/2181/"


def swedish(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def factor_row(page: str, indicator: str) -> str:
    """The HTML of one row of the factor table."""
    match = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', page, re.S)
    assert match is not None, indicator
    return match.group(1)


def test_it_shows_sandvikens_rank_change_and_county_rank(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    row = queries.year_results(2023).municipality("2181")  # type: ignore[union-attr]
    response = client.get(SANDVIKEN)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["rank"] == row["rank"]
    assert summary["county_rank"] == row["county_rank"]
    assert summary["change"] == int(row["change"])
    figures = re.search(r'data-testid="figures">(.*?)</dl>', response.content.decode(), re.S)
    assert figures is not None
    assert f'<span class="big">{row["rank"]}</span> av 290' in figures.group(1)
    assert f"{abs(int(row['change']))}" in figures.group(1)


def test_it_shows_every_factor_with_value_answers_rank_and_means(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    results = queries.year_results(2023)
    assert results is not None
    page = client.get(SANDVIKEN).content.decode()
    own = results.indicators[results.indicators["kommunkod"] == "2181"].set_index("indicator")
    means = results.indicator_means()
    national = means[means["scope"] == "national"].set_index("indicator")["mean"]
    county = means[(means["scope"] == "county") & (means["key"] == "21")].set_index("indicator")
    for indicator in results.methodology.indicators:
        cells = factor_row(page, indicator.code)
        assert html.escape(indicator.label_sv) in cells
        assert f">{swedish(own.loc[indicator.code, 'value'])}<" in cells
        assert f">{swedish(national[indicator.code])}<" in cells
        assert f">{swedish(county.loc[indicator.code, 'mean'])}<" in cells
    service = factor_row(page, "service")
    assert f">{own.loc['service', 'n']:.0f}<" in service


def test_it_shows_the_highlight_text_written_from_the_data(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    current, previous = queries.year_results(2023), queries.year_results(2022)
    assert current is not None
    expected = municipality_highlight(current, previous, "2181", "sv")
    page = client.get(SANDVIKEN).content.decode()
    assert html.escape(expected) in page
    assert "(syntetiska demodata)" in expected


def test_it_draws_the_rank_history_as_a_chart_and_a_table(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    history = queries.municipality_history("2181")
    page = client.get(SANDVIKEN).content.decode()
    assert 'data-testid="rank-chart"' in page and "<polyline" in page
    for row in history.itertuples():
        assert f"<title>{row.year}: plats {row.rank}</title>" in page
        assert f'<th scope="row">{row.year}</th><td class="num">{row.rank}</td>' in page
    # Rank 1 is at the top: the better year's point is drawn higher (smaller y).
    points = re.findall(r'<circle class="dot" cx="[\d.]+" cy="([\d.]+)"', page)
    ranks = list(history["rank"])
    assert (float(points[0]) < float(points[1])) == (ranks[0] < ranks[1])


def test_it_names_three_strengths_and_weaknesses_by_rank_against_the_total(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    response = client.get(SANDVIKEN)
    total = response.context["summary"]["rank"]
    factors = response.context["factors"]
    relative = sorted(total - f["rank"] for f in factors)
    strengths = sorted(total - f["rank"] for f in response.context["strengths"])
    weaknesses = sorted(total - f["rank"] for f in response.context["weaknesses"])
    assert strengths == relative[-3:]
    assert weaknesses == relative[:3]
    assert "egen totalplacering" in response.content.decode()


def test_it_marks_the_municipality_on_the_map(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get(SANDVIKEN).content.decode()
    assert 'data-testid="sweden-map"' in page
    assert re.search(r'data-kommunkod="2181"><path class="m hl"', page)


def test_it_rejects_unknown_municipality_code(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert client.get("/kommun/9999/").status_code == 404
    assert client.get("/kommun/abc/").status_code == 404


def test_it_rejects_an_unpublished_or_malformed_year(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert client.get(SANDVIKEN + "?ar=1999").status_code == 404
    assert client.get(SANDVIKEN + "?ar=tjugo").status_code == 404


def test_the_year_selector_shows_an_earlier_year(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    row = queries.year_results(2022).municipality("2181")  # type: ignore[union-attr]
    response = client.get(SANDVIKEN + "?ar=2022")
    assert response.context["year"] == 2022
    assert response.context["summary"]["rank"] == row["rank"]
    assert response.context["summary"]["change"] is None
    assert "hamnar på plats" in response.context["highlight"]
    assert '<strong aria-current="page">2022</strong>' in response.content.decode()


def test_the_comparison_box_shows_two_other_municipalities_names_and_ranks(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    results = queries.year_results(2023)
    assert results is not None
    response = client.get(SANDVIKEN + "?jamfor=0180&jamfor=Kiruna")
    page = response.content.decode()
    table = re.search(r'data-testid="comparison-table">(.*?)</table>', page, re.S)
    assert table is not None
    for code, name in (("2181", "Sandviken"), ("0180", "Stockholm"), ("2584", "Kiruna")):
        row = results.municipality(code)
        assert f'<a href="/kommun/{code}/?ar=2023">{name}</a>' in table.group(1)
        assert f"<strong>{row['rank']}</strong>" in table.group(1)
    service = results.indicators[
        (results.indicators["kommunkod"] == "0180") & (results.indicators["indicator"] == "service")
    ].iloc[0]
    assert swedish(service["value"]) in table.group(1)
    # The form keeps the choices and labels every input.
    assert 'value="Stockholm"' in page and 'value="Kiruna"' in page
    assert '<label for="jamfor-1">' in page and 'id="jamfor-1"' in page


def test_the_comparison_ignores_unknown_and_repeated_choices(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    response = client.get(SANDVIKEN + "?jamfor=0180&jamfor=0180&jamfor=Atlantis&jamfor=2181")
    columns = response.context["comparison"]["columns"]
    assert [c["code"] for c in columns] == ["2181", "0180"]
    assert client.get(SANDVIKEN).context["comparison"] is None


def test_the_factor_table_downloads_as_csv_and_excel_marked_synthetic(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    csv_response = client.get(SANDVIKEN + "?format=csv&table=faktorer&dialect=machine")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "syntetisk" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("faktor,kind,weight,value,value_low,value_high,n,rank")
    assert lines[0].endswith(",synthetic")
    assert len(lines) == 1 + 17 and all(line.endswith(",True") for line in lines[1:])
    history = client.get(SANDVIKEN + "?format=csv&table=historik&dialect=machine").content.decode()
    assert history.splitlines()[0].startswith("year,rank,points")
    xlsx = client.get(SANDVIKEN + "?format=xlsx&jamfor=0180")
    assert "syntetisk" in xlsx["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["faktorer", "historik", "jamforelse", "Om filen"]
    page = client.get(SANDVIKEN).content.decode()
    assert "?ar=2023&amp;format=csv&amp;table=faktorer" in page
    assert "?ar=2023&amp;format=csv&amp;table=faktorer&amp;dialect=machine" in page
    assert "CSV för skript" in page
    assert "?ar=2023&amp;format=xlsx" in page


def test_a_value_from_too_few_answers_is_not_shown(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    run = RankingRun.objects.get(year=2023, is_current=True)
    result = IndicatorResult.objects.get(run=run, municipality_id="2181", indicator="service")
    result.n = settings.MIN_ANSWERS - 1
    result.save()
    queries.clear_cache()
    value = swedish(result.value)
    page = client.get(SANDVIKEN).content.decode()
    cells = factor_row(page, "service")
    assert value not in cells
    assert f"färre än {settings.MIN_ANSWERS} svar" in cells
    # Nor in the comparison seen from another municipality, nor in the download.
    other = client.get("/kommun/0180/?jamfor=2181").content.decode()
    table = re.search(r'data-testid="comparison-table">(.*?)</table>', other, re.S)
    assert table is not None and f"färre än {settings.MIN_ANSWERS} svar" in table.group(1)
    csv_text = client.get(SANDVIKEN + "?format=csv&table=faktorer&dialect=machine").content.decode()
    service = next(line for line in csv_text.splitlines() if line.startswith("service,"))
    assert f"{result.value}" not in service and ",True,True" in service


def test_the_page_speaks_english_when_chosen(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(SANDVIKEN)
    assert response.status_code == 200
    assert "in the 2023 business climate ranking" in response.context["highlight"]
    assert html.escape("The municipality's service to companies") in response.content.decode()
