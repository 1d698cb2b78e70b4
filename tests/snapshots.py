"""Database states that fixtures build once per test process and replay afterwards.

``stored_rankings`` and the fixtures on top of it write the same tens of thousands of rows
for each of the hundreds of tests that use them, through the services (store, rank, save,
bootstrap): that was most of the suite's time. ``restored(name, build)`` runs ``build`` the
first time and records what it changed in the database, row by row; a later test that
starts from the same database contents gets the same rows inserted, updated and deleted
directly (same primary keys, same values) and the value ``build`` returned.

It replays only what it knows to be the same:

* a snapshot is keyed by a digest of every table's contents before the build (automatic
  timestamps and Django's bookkeeping tables, ``_BOOKKEEPING``, left out), so a test whose
  earlier fixtures wrote other rows gets its own snapshot;
* a build that wrote a date or time of its own making (not an automatic timestamp, see
  ``_automatic``) is built afresh every time, as such a value would differ when built later;
* automatic timestamps the build set (``created_at``) are set anew when replaying, as a
  build at that moment would set them: caches keyed by a run's ``created_at`` and
  ``time_machine`` see what they would see after a real build.

Anything outside the database that a build changes (an in-process cache) is not replayed:
use it for fixtures whose effect is their rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
Row = tuple[Any, ...]


@dataclass(frozen=True)
class _Change:
    """One kind of change to one table: ``columns`` are written for each of ``rows``
    (database-ready values, the primary key last for updates and deletes)."""

    kind: str  # "insert", "update" or "delete"
    model: Any
    columns: tuple[str, ...]
    #: (position, field) of automatic timestamps, set to the time of replaying.
    stamped: tuple[tuple[int, Any], ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class _Snapshot:
    changes: tuple[_Change, ...]
    result: Any


#: (name, digest before) -> the snapshot, or None when that build cannot be replayed.
_SNAPSHOTS: dict[tuple[str, str], _Snapshot | None] = {}
#: Starting states remembered per name (each snapshot holds tens of thousands of rows).
_LIMIT = 4

_KINDS = ("delete", "update", "insert")


def _models() -> list[Any]:
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    seen: set[str] = set()
    models = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen or meta.db_table not in tables:
            continue
        seen.add(meta.db_table)
        models.append(model)
    return sorted(models, key=lambda m: m._meta.db_table)


def _automatic(field: Any) -> bool:
    """A timestamp that says when the row was written: ``auto_now``, ``auto_now_add`` or
    ``default=timezone.now`` (a user's ``date_joined``)."""
    from django.utils import timezone

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return True
    return field.get_internal_type() == "DateTimeField" and field.default is timezone.now


def _rows(model: Any, fields: list[Any]) -> dict[Any, Row]:
    """The table's rows by primary key: the given fields' values, as Python values."""
    names = [model._meta.pk.attname, *(f.attname for f in fields)]
    return {row[0]: row[1:] for row in model._base_manager.order_by("pk").values_list(*names)}


#: Django's bookkeeping, left out of the digest: migrations create it again after a flush
#: with new keys (so a live-server test would never match), sessions come with any login,
#: and no build reads them. Changes a build makes to them are still recorded and replayed.
_BOOKKEEPING = {
    "auth_group",
    "auth_group_permissions",
    "auth_permission",
    "django_content_type",
    "django_session",
}


def _digest(models: list[Any]) -> str:
    digest = hashlib.sha256()
    for model in models:
        if model._meta.db_table in _BOOKKEEPING:
            continue
        compared = [f for f in model._meta.concrete_fields if not _automatic(f)]
        digest.update(model._meta.db_table.encode())
        digest.update(repr(sorted(_rows(model, compared).items())).encode())
    return digest.hexdigest()


def _made_now(value: Any, started: dt.datetime, finished: dt.datetime) -> bool:
    from django.utils import timezone

    if isinstance(value, dt.datetime):
        return started <= value <= finished
    return isinstance(value, dt.date) and value == timezone.localdate(started)


def _changes(
    model: Any,
    before: dict[Any, Row],
    after: dict[Any, Row],
    started: dt.datetime,
    finished: dt.datetime,
) -> list[_Change] | None:
    """What turned ``before`` into ``after`` (all concrete fields), or None if a value
    written is a time the build made itself (between ``started`` and ``finished``)."""
    from django.db import connection

    fields = list(model._meta.concrete_fields)
    pk = model._meta.pk
    timed = {
        i
        for i, f in enumerate(fields)
        if not _automatic(f) and f.get_internal_type() in {"DateTimeField", "DateField"}
    }

    def ready(field: Any, value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    changes = []
    gone = [key for key in before if key not in after]
    if gone:
        rows = tuple((ready(pk, key),) for key in gone)
        changes.append(_Change("delete", model, (), (), rows))
    # Updates, grouped by the set of columns that changed.
    updated: dict[tuple[int, ...], list[Row]] = {}
    for key, old in before.items():
        new = after.get(key)
        if new is None or new == old:
            continue
        changed = tuple(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
        if any(i in timed and _made_now(new[i], started, finished) for i in changed):
            return None
        values = tuple(ready(fields[i], new[i]) for i in changed)
        updated.setdefault(changed, []).append((*values, ready(pk, key)))
    for changed, rows in updated.items():
        stamped = tuple((n, fields[i]) for n, i in enumerate(changed) if _automatic(fields[i]))
        columns = tuple(fields[i].column for i in changed)
        changes.append(_Change("update", model, columns, stamped, tuple(rows)))
    added = [row for key, row in after.items() if key not in before]
    if added:
        if any(_made_now(row[i], started, finished) for row in added for i in timed):
            return None
        rows = tuple(tuple(ready(f, v) for f, v in zip(fields, row, strict=True)) for row in added)
        stamped = tuple((i, f) for i, f in enumerate(fields) if _automatic(f))
        columns = tuple(f.column for f in fields)
        changes.append(_Change("insert", model, columns, stamped, rows))
    return changes


def _capture(models: list[Any], build: Callable[[], T]) -> tuple[T, _Snapshot | None]:
    from django.utils import timezone

    before = {m: _rows(m, list(m._meta.concrete_fields)) for m in models}
    started = timezone.now()
    result = build()
    finished = timezone.now()
    changes: list[_Change] = []
    for model in models:
        after = _rows(model, list(model._meta.concrete_fields))
        if after == before[model]:
            continue
        found = _changes(model, before[model], after, started, finished)
        if found is None:
            return result, None
        changes.extend(found)
    changes.sort(key=lambda change: _KINDS.index(change.kind))
    return result, _Snapshot(tuple(changes), result)


def _replay(snapshot: _Snapshot) -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for change in snapshot.changes:
            table = quote(change.model._meta.db_table)
            key = quote(change.model._meta.pk.column)
            rows: Any = change.rows
            if change.stamped:
                stamps = [(i, f.get_db_prep_save(now, connection)) for i, f in change.stamped]
                rows = [list(row) for row in rows]
                for row in rows:
                    for i, stamp in stamps:
                        row[i] = stamp
            columns = [quote(c) for c in change.columns]
            if change.kind == "delete":
                sql = f"DELETE FROM {table} WHERE {key} = %s"
            elif change.kind == "update":
                sql = (
                    f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {key} = %s"
                )
            else:
                places = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({places})"
            cursor.executemany(sql, rows)
        # PostgreSQL's sequences do not move for explicit keys; SQLite needs nothing.
        inserted = [c.model for c in snapshot.changes if c.kind == "insert"]
        for sql in connection.ops.sequence_reset_sql(no_style(), inserted):
            cursor.execute(sql)


def restored(name: str, build: Callable[[], T]) -> T:
    """What ``build()`` returns, with its changes to the database: made by ``build`` the
    first time in this process for these database contents, replayed after that."""
    models = _models()
    key = (name, _digest(models))
    if key not in _SNAPSHOTS and sum(known == name for known, _ in _SNAPSHOTS) >= _LIMIT:
        return build()  # starting states that seldom repeat: keep the memory
    if key in _SNAPSHOTS:
        snapshot = _SNAPSHOTS[key]
        if snapshot is None:
            return build()
        _replay(snapshot)
        return snapshot.result  # type: ignore[no-any-return]
    result, snapshot = _capture(models, build)
    _SNAPSHOTS[key] = snapshot
    return result
