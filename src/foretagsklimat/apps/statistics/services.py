"""Storing official statistics, and reading them back as the engine's frame."""

from __future__ import annotations

from typing import cast

import pandas as pd
from django.db import transaction

from .models import StatisticValue


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
