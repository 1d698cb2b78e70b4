"""Writing the audit log: call :func:`record` inside the transaction that makes the change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import models

from foretagsklimat.apps.reference.models import Municipality

from .models import AuditEntry

#: What an erased person's values are replaced with in earlier log entries.
ERASED = "[raderat]"


def _plain(value: Any) -> Any:
    """A value as JSON can hold it."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: _plain(getattr(obj, field)) for field in fields}


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value differs.

    A field only in ``before`` is gone (``[old, None]``): ``changed(snapshot, {})`` records
    everything a deleted object held.
    """
    fields = [*after, *(field for field in before if field not in after)]
    return {
        field: [before.get(field), after.get(field)]
        for field in fields
        if before.get(field) != after.get(field)
    }


def record(
    municipality: Municipality,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
) -> AuditEntry:
    """Add one entry; ``user`` may be anonymous or None (a command, the demo)."""
    return AuditEntry.objects.create(
        municipality=municipality,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        changes=dict(changes or {}),
    )


def redact(obj: models.Model, fields: Iterable[str]) -> None:
    """Replace the values of ``fields`` in every earlier entry about ``obj``."""
    personal = set(fields)
    entries = AuditEntry.objects.filter(object_type=obj._meta.model_name or "", object_id=obj.pk)
    for entry in entries:
        entry.changes = {
            field: [ERASED, ERASED] if field in personal else values
            for field, values in entry.changes.items()
        }
        entry.save(update_fields=["changes"])


ENTRY_COLUMNS = {
    "at": "tid",
    "user__username": "anvandare",
    "action": "handelse",
    "object_type": "objekttyp",
    "object_id": "objekt_id",
    "changes": "andrade_falt",
}


def entries_frame(entries: models.QuerySet[AuditEntry]) -> pd.DataFrame:
    """The log as a table: local time without zone (Excel has none), changes as JSON."""
    frame = pd.DataFrame.from_records(
        entries.values(*ENTRY_COLUMNS), columns=list(ENTRY_COLUMNS)
    ).rename(columns=ENTRY_COLUMNS)
    frame["tid"] = (
        pd.to_datetime(frame["tid"], utc=True)
        .dt.tz_convert(settings.TIME_ZONE)
        .dt.tz_localize(None)
    )
    frame["andrade_falt"] = frame["andrade_falt"].map(
        lambda changes: json.dumps(changes, ensure_ascii=False)
    )
    return frame
