"""The audit log. Every change to a workspace object goes through :func:`save` or
:func:`delete`, which make the change and write its entry in one transaction; :func:`record`
writes an entry for an event that is no single object's change (an import, an export, an
erasure, a retention run). The log as people read it is ``services.audit_log``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from foretagsklimat.apps.reference.models import Municipality

from .models import AuditEntry
from .models.base import Audited, plain

#: What an erased person's values are replaced with in earlier log entries.
ERASED = "[raderat]"


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: plain(getattr(obj, field)) for field in fields}


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


def entry(
    municipality: Municipality,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
) -> AuditEntry:
    """An unsaved entry (for ``bulk_create``); ``user`` may be anonymous or None."""
    return AuditEntry(
        municipality=municipality,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        changes=dict(changes or {}),
        object_label=label(obj),
    )


def label(obj: models.Model | None) -> dict[str, Any]:
    """The names an entry keeps of its object (see ``Audited.audit_label``)."""
    if not isinstance(obj, Audited):
        return {}
    return {key: plain(value) for key, value in obj.audit_label().items()}


def record(
    municipality: Municipality,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, list[Any]] | None = None,
) -> AuditEntry:
    """Add one entry; call it inside the transaction that makes the change."""
    new = entry(municipality, user, action, obj, changes)
    new.save()
    return new


def _stored_values(obj: Audited) -> dict[str, Any] | None:
    """The audited values as the database holds them; None for a new object."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return stored.audit_values() if stored is not None else None


@transaction.atomic
def save(
    obj: Audited,
    user: Any,
    action: str,
    *,
    update_fields: Iterable[str] | None = None,
    many_to_many: Mapping[str, Iterable[Any]] | None = None,
    record_unchanged: bool = False,
) -> AuditEntry | None:
    """Save ``obj`` (and set its ``many_to_many`` relations), and log the change.

    The old values are read from the database in the same transaction, so a caller need
    not keep a copy from before a form changed the instance. A new object's entry holds
    every audited field (``[None, value]``); an update's only the fields that changed,
    and an update that changed nothing writes no entry — unless ``record_unchanged``, for
    an action worth logging in itself (a visit recorded as held).
    """
    before = _stored_values(obj)
    obj.save(update_fields=update_fields)
    for name, values in (many_to_many or {}).items():
        getattr(obj, name).set(values)
    changes = changed(before or {}, obj.audit_values())
    if before is not None and not changes and not record_unchanged:
        return None
    return record(obj.audit_municipality(), user, action, obj, changes)


@transaction.atomic
def delete(obj: Audited, user: Any, action: str, *, omit_blank: bool = False) -> AuditEntry:
    """Log every audited field's last value (``[value, None]``), then delete ``obj``.

    ``omit_blank`` leaves out empty texts as well as empty values (the goals' entries).
    """
    changes = changed(obj.audit_values(), {})
    if omit_blank:
        changes = {field: values for field, values in changes.items() if values[0] != ""}
    logged = record(obj.audit_municipality(), user, action, obj, changes)
    obj.delete()
    return logged


def redact(obj: models.Model, fields: Iterable[str]) -> None:
    """Replace the values of ``fields`` in every earlier entry about ``obj``."""
    personal = set(fields)
    entries = AuditEntry.objects.filter(object_type=obj._meta.model_name or "", object_id=obj.pk)
    for logged in entries:
        logged.changes = {
            field: [ERASED, ERASED] if field in personal else values
            for field, values in logged.changes.items()
        }
        # The object's name as the entry kept it goes too (the person is the object).
        if "name" in personal and logged.object_label.get("name"):
            logged.object_label = {**logged.object_label, "name": ERASED}
        logged.save(update_fields=["changes", "object_label"])
