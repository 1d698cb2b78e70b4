"""The procurement dialogue: items saved with their audit entry, filters and export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from .. import audit
from ..models import Company, ProcurementItem


def save_item(item: ProcurementItem, companies: Iterable[Company], user: Any) -> ProcurementItem:
    """Create or update an item and the companies it concerns; the update's entry names
    the fields that changed, the companies as a sorted list of ids."""
    action = "workspace.procurement.created" if item.pk is None else "workspace.procurement.updated"
    audit.save(item, user, action, many_to_many={"companies": companies})
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
