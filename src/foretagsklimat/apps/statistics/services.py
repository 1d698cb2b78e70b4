"""Storing official statistics, and reading them back as the engine's frame."""

from __future__ import annotations

import pandas as pd
from django.db import transaction

from .models import StatisticValue


@transaction.atomic
def store_statistics(statistics: pd.DataFrame, *, synthetic: bool = False, source: str = "") -> int:
    """Store canonical statistics (kommunkod, year, statistic, value), replacing same keys."""
    for (year, statistic), part in statistics.groupby(["year", "statistic"]):
        StatisticValue.objects.filter(
            year=int(year), statistic=statistic, municipality_id__in=part["kommunkod"].tolist()
        ).delete()
    StatisticValue.objects.bulk_create(
        (
            StatisticValue(
                year=int(row.year),
                municipality_id=row.kommunkod,
                statistic=row.statistic,
                value=float(row.value),
                synthetic=synthetic,
                source=source,
            )
            for row in statistics.itertuples(index=False)
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
