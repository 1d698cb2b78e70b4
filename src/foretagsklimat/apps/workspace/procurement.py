"""The procurement dialogue: items saved with their audit entry, filters and export."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from . import audit
from .models import ProcurementItem

ITEM_FIELDS = ("kind", "title", "date", "text", "answer", "status", "follow_up_on")


def company_ids(item: ProcurementItem) -> list[int]:
    return sorted(item.companies.values_list("pk", flat=True)) if item.pk else []


@transaction.atomic
def save_item(
    item: ProcurementItem, companies: Any, user: Any, *, before: dict[str, Any] | None = None
) -> ProcurementItem:
    """Create (``before`` None) or update an item and its companies.

    ``before`` is ``audit.snapshot(item, ITEM_FIELDS)`` plus ``companies`` (a sorted id
    list), taken before the form changed the item.
    """
    item.save()
    item.companies.set(companies)
    after = {**audit.snapshot(item, ITEM_FIELDS), "companies": company_ids(item)}
    changes = audit.changed(before or {}, after)
    if before is None or changes:
        action = (
            "workspace.procurement.created" if before is None else "workspace.procurement.updated"
        )
        audit.record(item.municipality, user, action, item, changes)
    return item


def filter_items(
    items: QuerySet[ProcurementItem], kind: str, status: str
) -> QuerySet[ProcurementItem]:
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(status=status)
    return items


def items_frame(items: QuerySet[Any]) -> pd.DataFrame:
    rows = [
        {
            "datum": i.date,
            "typ": i.get_kind_display(),
            "rubrik": i.title,
            "status": i.get_status_display(),
            "foljs_upp": i.follow_up_on,
            "text": i.text,
            "svar": i.answer,
            "foretag": "; ".join(c.name for c in i.companies.all()),
        }
        for i in items.prefetch_related("companies")
    ]
    return pd.DataFrame(
        rows, columns=["datum", "typ", "rubrik", "status", "foljs_upp", "text", "svar", "foretag"]
    )
