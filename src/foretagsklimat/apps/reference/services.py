"""Loading the packaged reference data into the database, idempotently."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from foretagsklimat import reference
from foretagsklimat.web.frames import records


@transaction.atomic
def load_reference_data(apps: Any = None) -> int:
    """Create or update the 21 counties, 9 groups and 290 municipalities.

    ``apps`` is the historical app registry when called from a migration.
    Returns the number of municipalities in the database afterwards.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    county_model = apps.get_model("reference", "County")
    group_model = apps.get_model("reference", "MunicipalityGroup")
    municipality_model = apps.get_model("reference", "Municipality")

    for row in records(reference.counties()):
        county_model.objects.update_or_create(
            code=row["lanskod"],
            defaults={"name": row["lansnamn"], "short_name": row["lansnamn_kort"]},
        )
    frame = reference.municipalities()
    groups = frame.drop_duplicates("kommungrupp_kod")
    for row in records(groups):
        group_model.objects.update_or_create(
            code=row["kommungrupp_kod"],
            defaults={
                "name": row["kommungrupp"],
                "main_group_code": row["huvudgrupp_kod"],
                "main_group_name": row["huvudgrupp"],
            },
        )
    for row in records(frame):
        municipality_model.objects.update_or_create(
            code=row["kommunkod"],
            defaults={
                "name": row["kommunnamn"],
                "official_name": row["kommunnamn_officiellt"],
                "county_id": row["lanskod"],
                "group_id": row["kommungrupp_kod"],
                "population": int(row["folkmangd_2024"]),
            },
        )
    count: int = municipality_model.objects.count()
    return count
