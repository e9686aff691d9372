"""Change history: every insert, update and delete of a user-edited record, field by field.

``install_history(session_factory)`` hooks the factory's sessions; each flush writes
:class:`~workbench.models.AuditEntry` rows in the same transaction as the change, so history
and data can never disagree. Who/why comes from ``session.info``: ``user``, ``source``
(app, import, merge, undo, cli, demo) and ``batch_id``. Setting ``session.info["history"]``
to False turns recording off (used by benchmarks to measure its cost).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import LargeBinary, event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from workbench.models import AuditEntry, ChangeAction, Versioned, utcnow

_SKIPPED_FIELDS = frozenset({"version", "created_at", "updated_at", "updated_by", "search_key"})
_LABEL_ATTRIBUTES = (
    "name",
    "acronym",
    "title",
    "last_name",
    "indicator_id",
    "subject",
    "file_name",
    # ECCP profile records: a list's value, a team role's person, a target country
    "value",
    "person",
    "country",
)


def to_json_value(value: Any) -> Any:
    """Convert a column value to a JSON-compatible value (Decimal and dates as strings)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def dump_value(value: Any) -> str | None:
    """JSON text of *value* for the history table (None stays NULL)."""
    if value is None:
        return None
    return json.dumps(to_json_value(value), ensure_ascii=False)


def record_label(obj: Any, model: type | None = None) -> str:
    """Human label of a record for history lists ("ACME S.p.A.", "Project SMARTGRID" ...).

    *model* names the record's class when *obj* only holds its values (the import's drafts).
    """
    for attribute in _LABEL_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value:
            return str(value)[:300]
    return f"{(model or type(obj)).__name__} {getattr(obj, 'id', '')}"


_FIELDS_OF: dict[type, tuple[str, ...]] = {}
_JSON_TYPES = frozenset({str, int, float, bool, type(None)})


def history_fields(model: type) -> tuple[str, ...]:
    """The attributes of *model* the history records.

    Bookkeeping columns are left out, and so are binary columns (a stored file's bytes): the
    history of a stored file records its name, size and SHA-256, which identify the content
    without copying it (bytes are not JSON, and a copy per change would double the store).
    """
    found = _FIELDS_OF.get(model)
    if found is None:
        mapper: Any = inspect(model)
        found = tuple(
            c.key
            for c in mapper.column_attrs
            if c.key not in _SKIPPED_FIELDS
            and not any(isinstance(col.type, LargeBinary) for col in c.columns)
        )
        _FIELDS_OF[model] = found
    return found


def snapshot_json(model: type, values: Any) -> str:
    """JSON of every recorded field of a *model* record whose attributes *values* holds."""
    snapshot = {}
    for key in history_fields(model):
        value = getattr(values, key, None)
        # Most values are JSON already; the exact type test keeps StrEnums for to_json_value.
        snapshot[key] = value if type(value) in _JSON_TYPES else to_json_value(value)
    return _SNAPSHOT_ENCODER.encode(snapshot)


# json.dumps builds a new encoder on every call given any option; one is enough (same output).
_SNAPSHOT_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _changed_fields(obj: Any) -> Iterable[tuple[str, Any, Any]]:
    for key in history_fields(type(obj)):
        history = get_history(obj, key, passive=PASSIVE_NO_INITIALIZE)
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                yield key, old, new


def history_row(
    info: dict[str, Any],
    model: type,
    record_id: int,
    label: str,
    action: ChangeAction,
    **values: Any,
) -> dict[str, Any]:
    """One AuditEntry row (for a Core insert); who/why come from a session's *info*.

    *values* fills ``field``, ``old_value`` and ``new_value`` (JSON text, see
    :func:`dump_value` and :func:`snapshot_json`).
    """
    return {
        "at": values["at"] if "at" in values else utcnow(),
        "user": info.get("user") or "user",
        "source": info.get("source", "app"),
        "action": action,
        "table_name": model.__tablename__,  # type: ignore[attr-defined]
        "record_id": record_id,
        "record_label": label,
        "batch_id": info.get("batch_id"),
        "field": None,
        "old_value": None,
        "new_value": None,
        **values,
    }


def _entry(session: Session, obj: Any, action: ChangeAction, **values: Any) -> dict[str, Any]:
    return history_row(session.info, type(obj), obj.id, record_label(obj), action, **values)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Stamp who changed a record; collect field changes before the flush resets history."""
    user = session.info.get("user")
    pending: list[tuple[Any, ChangeAction, list[tuple[str, Any, Any]]]] = []
    for obj in session.dirty:
        if isinstance(obj, Versioned) and session.is_modified(obj, include_collections=False):
            changes = list(_changed_fields(obj))
            if changes:
                obj.updated_by = user
                pending.append((obj, ChangeAction.UPDATE, changes))
    for obj in session.new:
        if isinstance(obj, Versioned):
            obj.updated_by = user
            pending.append((obj, ChangeAction.CREATE, []))
    for obj in session.deleted:
        if isinstance(obj, Versioned):
            pending.append((obj, ChangeAction.DELETE, []))
    session.info.setdefault("_history_pending", []).extend(pending)


def _after_flush(session: Session, _context: Any) -> None:
    """Write the collected history rows (ids of new records are known now)."""
    pending = session.info.pop("_history_pending", [])
    if not pending or session.info.get("history") is False:
        return
    rows: list[dict[str, Any]] = []
    for obj, action, changes in pending:
        if action is ChangeAction.UPDATE:
            rows.extend(
                _entry(
                    session,
                    obj,
                    action,
                    field=key,
                    old_value=dump_value(old),
                    new_value=dump_value(new),
                )
                for key, old, new in changes
            )
        elif action is ChangeAction.CREATE:
            rows.append(_entry(session, obj, action, new_value=snapshot_json(type(obj), obj)))
        else:
            rows.append(_entry(session, obj, action, old_value=snapshot_json(type(obj), obj)))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _after_rollback(session: Session, _transaction: Any = None) -> None:
    """Forget changes collected for a flush that failed (e.g. inside a savepoint)."""
    session.info.pop("_history_pending", None)


def install_history(factory: sessionmaker[Session]) -> None:
    """Record history for every session the *factory* makes (idempotent)."""
    if factory.kw.get("info", {}).get("_history_installed"):
        return
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "after_soft_rollback", _after_rollback)
    info = dict(factory.kw.get("info") or {})
    info["_history_installed"] = True
    factory.configure(info=info)


def last_changes_by_field(
    db: Any, table_name: str, record_id: int, limit: int = 300
) -> list[tuple[str | None, str | None, Any]]:
    """The newest history entries of one record, newest first: (field, user, at) each."""
    from sqlalchemy import select

    from workbench.services.base import unit_of_work

    with unit_of_work(db, write=False) as session:
        return [
            (field, user, at)
            for field, user, at in session.execute(
                select(AuditEntry.field, AuditEntry.user, AuditEntry.at)
                .where(AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            )
        ]
