"""Storing official statistics, and reading them back as the engine's frame."""

from __future__ import annotations

from typing import cast

import pandas as pd
from django.db import transaction

from .models import KpiValue, StatisticValue


@transaction.atomic
def store_statistics(statistics: pd.DataFrame, *, synthetic: bool = False, source: str = "") -> int:
    """Store canonical statistics (kommunkod, year, statistic, value), replacing same keys."""
    for key, part in statistics.groupby(["year", "statistic"]):
        year, statistic = cast(tuple[int, str], key)
        StatisticValue.objects.filter(
            year=int(year), statistic=statistic, municipality_id__in=part["kommunkod"].tolist()
        ).delete()
    StatisticValue.objects.bulk_create(
        (
            StatisticValue(
                year=year,
                municipality_id=kommunkod,
                statistic=statistic,
                value=value,
                synthetic=synthetic,
                source=source,
            )
            for year, kommunkod, statistic, value in zip(
                statistics["year"].astype(int).tolist(),
                statistics["kommunkod"].astype(str).tolist(),
                statistics["statistic"].astype(str).tolist(),
                statistics["value"].astype(float).tolist(),
                strict=True,
            )
        ),
        batch_size=5000,
    )
    return len(statistics)


def statistics_frame(year: int) -> pd.DataFrame:
    """The year's statistics as the engine's canonical long frame: ``kommunkod``, ``year``,
    ``statistic``, ``value``."""
    return pd.DataFrame.from_records(
        StatisticValue.objects.filter(year=year).values(
            "municipality_id", "year", "statistic", "value"
        ),
        columns=["municipality_id", "year", "statistic", "value"],
    ).rename(columns={"municipality_id": "kommunkod"})


def statistics_are_synthetic(year: int) -> bool:
    return StatisticValue.objects.filter(year=year, synthetic=True).exists()


#: Sources whose terms ask that their data be shown with their name, and the prefix a
#: stored ``source`` of theirs starts with (``Kolada (N00901)``, ``SCB (OE/OE0101/…)``).
ATTRIBUTED_SOURCES = ("Kolada", "SCB")


def attribution(source: str) -> str:
    """The source to show with a value ("Kolada (N00901)"), or "" for a file's name: an
    operator's file is no source a reader can look up."""
    return source if source.startswith(ATTRIBUTED_SOURCES) else ""


def statistic_sources(year: int, kommunkod: str) -> dict[str, str]:
    """The attributed source of each of the municipality's statistics of the year."""
    rows = StatisticValue.objects.filter(year=year, municipality_id=kommunkod).values_list(
        "statistic", "source"
    )
    return {statistic: shown for statistic, source in rows if (shown := attribution(source))}


@transaction.atomic
def store_kpi_values(values: pd.DataFrame, *, source: str) -> int:
    """Store key figures (``kpi``, ``kommunkod``, ``year``, ``value``), replacing the same
    KPI, municipality and year."""
    for key, part in values.groupby(["kpi", "year"]):
        kpi, year = cast(tuple[str, int], key)
        KpiValue.objects.filter(
            kpi=kpi, year=int(year), municipality_id__in=part["kommunkod"].tolist()
        ).delete()
    KpiValue.objects.bulk_create(
        (
            KpiValue(kpi=kpi, year=year, municipality_id=kommunkod, value=value, source=source)
            for kpi, year, kommunkod, value in zip(
                values["kpi"].astype(str).tolist(),
                values["year"].astype(int).tolist(),
                values["kommunkod"].astype(str).tolist(),
                values["value"].astype(float).tolist(),
                strict=True,
            )
        ),
        batch_size=5000,
    )
    return len(values)


def kpi_series(kpi: str, kommunkod: str) -> dict[int, tuple[float, str]]:
    """The municipality's stored values of a key figure: ``{year: (value, source)}``."""
    return {
        year: (value, source)
        for year, value, source in KpiValue.objects.filter(
            kpi=kpi, municipality_id=kommunkod
        ).values_list("year", "value", "source")
    }
