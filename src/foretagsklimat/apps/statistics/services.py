"""Storing official statistics."""

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
