"""A statistic from Kolada or SCB is shown with its source on the municipality's page and
in its download; one from an operator's file is not (a file name is no source)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from foretagsklimat.apps.statistics.models import StatisticValue

pytestmark = pytest.mark.django_db


def _row(page: str, indicator: str) -> str:
    match = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', page, re.S)
    assert match is not None, indicator
    return match.group(1)


def test_the_factor_table_names_kolada_as_the_source_of_its_figure(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    StatisticValue.objects.filter(
        year=2023, municipality_id="2181", statistic="municipal_tax"
    ).update(source="Kolada (N00901)")
    StatisticValue.objects.filter(
        year=2023, municipality_id="2181", statistic="employment_rate"
    ).update(source="statistik.csv")
    page = client.get("/kommun/2181/?ar=2023").content.decode()
    tax = next(i for i in re.findall(r'data-indicator="([^"]+)"', page) if "tax" in i)
    assert 'data-testid="statistic-source">Källa: Kolada (N00901)<' in _row(page, tax)
    assert page.count('data-testid="statistic-source"') == 1
    csv_text = client.get(
        "/kommun/2181/?ar=2023&format=csv&dialect=machine&table=faktorer"
    ).content.decode()
    header, *lines = csv_text.splitlines()
    assert "source" in header.split(",")
    excel = client.get("/kommun/2181/?ar=2023&format=csv&table=faktorer").content.decode()
    assert "Källa" in excel.splitlines()[0].split(";")
    assert any(line.startswith(f"{tax},") and "Kolada (N00901)" in line for line in lines)
