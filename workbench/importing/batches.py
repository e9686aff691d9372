"""Past import batches: listing them, and undoing one.

:func:`undo_batch` reverses a batch from its history entries: created records are deleted and
updated fields get their old values back. A record edited (or extended) after the import is a
conflict: undo stops and lists them unless ``force=True``. The undo is itself recorded in the
history (source "undo") and preceded by a backup.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Enum, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

# Importing the services registers the validators that the undo's writes run.
import workbench.services.activities
import workbench.services.members
import workbench.services.projects
import workbench.services.taxonomy  # noqa: F401
from workbench.db import Database
from workbench.errors import ConflictError, NotFoundError, WorkbenchError
from workbench.models import (
    AuditEntry,
    Base,
    BatchStatus,
    ChangeAction,
    ImportBatch,
    Organisation,
    utcnow,
)
from workbench.services.base import in_batches, unit_of_work
from workbench.services.member_validation import search_key_for
from workbench.translatable import join, msg

ProgressCallback = Callable[..., None]
CancelCallback = Callable[[], bool]


# --------------------------------------------------------------------------------------------
# Batches


@dataclass(frozen=True)
class BatchRow:
    """A past import, for the list of batches."""

    id: int
    kind: str
    file_name: str
    file_hash: str
    sheet_name: str | None
    started_at: datetime
    finished_at: datetime | None
    user: str
    status: BatchStatus
    created: int
    updated: int
    unchanged: int
    review: int
    errors: int
    undone_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def list_batches(db: Database) -> list[BatchRow]:
    """Past imports, newest first."""
    with unit_of_work(db, write=False) as session:
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).all()
        return [
            BatchRow(
                b.id,
                b.kind,
                b.file_name,
                b.file_hash,
                b.sheet_name,
                b.started_at,
                b.finished_at,
                b.user,
                b.status,
                b.created_count,
                b.updated_count,
                b.unchanged_count,
                b.review_count,
                b.error_count,
                b.undone_at,
            )
            for b in batches
        ]


# --------------------------------------------------------------------------------------------
# Undo


@dataclass(frozen=True)
class UndoConflict:
    """A record the batch touched that changed afterwards.

    Attributes:
        table: Table of the record.
        record_id: Its id.
        label: Its name as the history knows it.
        field: The field edited later (None for the whole record).
        kind: "edited" (changed after the import), "deleted" (deleted after the import, its
            old values cannot be put back) or "referenced" (a record added later refers to a
            record the import created, and would be deleted with it).
        by: Who made the later change.
        at: When.
        detail: The sentence shown to the user.
    """

    table: str
    record_id: int
    label: str | None
    field: str | None
    kind: str
    by: str | None
    at: datetime | None
    detail: str

    def __str__(self) -> str:
        return self.detail


class UndoConflictError(ConflictError):
    """Undo would overwrite or delete changes made after the import.

    Attributes:
        conflicts: What changed; ask the user, then call ``undo_batch(..., force=True)``.
    """

    def __init__(self, message: str, conflicts: Sequence[UndoConflict]) -> None:
        super().__init__(message, [c.detail for c in conflicts])
        self.conflicts = list(conflicts)


@dataclass
class UndoResult:
    """What an undo did.

    Attributes:
        batch_id: The batch undone.
        deleted: Records deleted (created by the import).
        restored: Fields given back their old values.
        backup: Safety copy taken first (a file copy on SQLite, an export on PostgreSQL).
        overridden: Conflicts overridden by ``force``.
        notes: Records already gone, and similar remarks.
    """

    batch_id: int
    deleted: int = 0
    restored: int = 0
    backup: Path | None = None
    overridden: list[UndoConflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _models_by_table() -> dict[str, type[Base]]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers}  # type: ignore[attr-defined]


@dataclass
class _BatchHistory:
    """What a batch did, from its history entries.

    Attributes:
        first_id: Id of its first history entry (later entries are newer).
        created: Create entries, in order.
        updated: The first update entry of each (table, record, field): the old value.
        left: The values the batch left behind: ``{(table, id): {field: json value}}``.
    """

    first_id: int
    created: list[AuditEntry]
    updated: dict[tuple[str, int, str], AuditEntry]
    left: dict[tuple[str, int], dict[str, Any]]


def _batch_history(session: Session, batch_id: int) -> _BatchHistory | None:
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.batch_id == batch_id, AuditEntry.source == "import")
        .order_by(AuditEntry.id)
    ).all()
    if not entries:
        return None
    created = [e for e in entries if e.action == ChangeAction.CREATE]
    updated: dict[tuple[str, int, str], AuditEntry] = {}
    left: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
    for e in entries:
        key = (e.table_name, e.record_id)
        if e.action == ChangeAction.CREATE and e.new_value:
            left[key].update(json.loads(e.new_value))
        elif e.action == ChangeAction.UPDATE and e.field:
            updated.setdefault((e.table_name, e.record_id, e.field), e)  # the earliest old value
            left[key][e.field] = json.loads(e.new_value) if e.new_value else None
    return _BatchHistory(entries[0].id, created, updated, dict(left))


def _same_json(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return Decimal(a) == Decimal(b)
        except ArithmeticError:
            return False
    return False


def _conflicts(
    session: Session, batch_id: int, history: _BatchHistory
) -> tuple[list[UndoConflict], set[tuple[str, int]]]:
    """Records whose values differ from what the batch left, and those deleted since.

    Values are compared, not history entries: a change that was itself undone since (or set
    the same value again) loses nothing and is no conflict.
    """
    from workbench.services.audit import record_label, to_json_value

    models = _models_by_table()
    created = {(e.table_name, e.record_id) for e in history.created}
    by_model: dict[type[Base], list[int]] = defaultdict(list)
    for table, record_id in history.left:
        by_model[models[table]].append(record_id)
    current: dict[tuple[str, int], Any] = {}
    for model, ids in by_model.items():
        for part in in_batches(ids):
            stmt = select(model).where(model.id.in_(part))  # type: ignore[attr-defined]
            for obj in session.scalars(stmt):
                current[(model.__tablename__, obj.id)] = obj  # type: ignore[attr-defined]
    later = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.id > history.first_id,
            AuditEntry.table_name.in_(sorted({t for t, _r in history.left})),
            or_(AuditEntry.batch_id.is_(None), AuditEntry.batch_id != batch_id),
        )
        .order_by(AuditEntry.id)
    ).all()
    last_change: dict[tuple[str, int, str | None], AuditEntry] = {}
    for e in later:
        last_change[(e.table_name, e.record_id, e.field)] = e
    conflicts: list[UndoConflict] = []
    gone: set[tuple[str, int]] = set()
    for key, values in history.left.items():
        table, record_id = key
        found = current.get(key)
        if found is None:
            gone.add(key)
            if key not in created:
                deleted = last_change.get((table, record_id, None))
                label = (deleted.record_label if deleted else None) or f"{table} {record_id}"
                what = (
                    msg(
                        "{label} ({table} {record_id}) was deleted by {user} on "
                        "{at:%Y-%m-%d %H:%M}; the values it had before the import cannot be "
                        "put back",
                        label=label,
                        table=table,
                        record_id=record_id,
                        user=deleted.user,
                        at=deleted.at,
                    )
                    if deleted
                    else msg(
                        "{label} ({table} {record_id}) was deleted; the values it had before "
                        "the import cannot be put back",
                        label=label,
                        table=table,
                        record_id=record_id,
                    )
                )
                conflicts.append(
                    UndoConflict(
                        table,
                        record_id,
                        label,
                        None,
                        "deleted",
                        deleted.user if deleted else None,
                        deleted.at if deleted else None,
                        what,
                    )
                )
            continue
        for name, expected in values.items():
            now = to_json_value(getattr(found, name, None))
            if _same_json(now, expected):
                continue
            edit = last_change.get((table, record_id, name))
            shown = msg("empty") if now is None else now
            what = (
                msg(
                    "{record}: {field} was changed by {user} on {at:%Y-%m-%d %H:%M} after the "
                    "import (now {now})",
                    record=record_label(found),
                    field=name,
                    user=edit.user,
                    at=edit.at,
                    now=shown,
                )
                if edit
                else msg(
                    "{record}: {field} was changed after the import (now {now})",
                    record=record_label(found),
                    field=name,
                    now=shown,
                )
            )
            conflicts.append(
                UndoConflict(
                    table,
                    record_id,
                    record_label(found),
                    name,
                    "edited",
                    edit.user if edit else None,
                    edit.at if edit else None,
                    what,
                )
            )
    conflicts.extend(_references(session, history, created - gone))
    return conflicts, gone


def _references(
    session: Session, history: _BatchHistory, created: set[tuple[str, int]]
) -> list[UndoConflict]:
    """Records not created by the batch that point at records it created."""
    by_table: dict[str, set[int]] = defaultdict(set)
    for table, record_id in created:
        by_table[table].add(record_id)
    found: list[UndoConflict] = []
    for referring in Base.metadata.sorted_tables:
        for fk in referring.foreign_keys:
            target = fk.column.table.name
            if target not in by_table or "id" not in referring.c or referring.name == "audit_entry":
                continue
            ids = sorted(by_table[target])
            for part in in_batches(ids):
                rows = session.execute(
                    select(referring.c.id, fk.parent).where(fk.parent.in_(part))
                ).all()
                for record_id, parent_id in rows:
                    if (referring.name, record_id) in created:
                        continue
                    found.append(
                        UndoConflict(
                            referring.name,
                            record_id,
                            None,
                            None,
                            "referenced",
                            None,
                            None,
                            msg(
                                "{table} {record_id} was added after the import to {target} "
                                "{parent_id}, which the import created; undo would delete it too",
                                table=referring.name,
                                record_id=record_id,
                                target=target,
                                parent_id=parent_id,
                            ),
                        )
                    )
    return found


def check_undo(db: Database, batch_id: int) -> list[UndoConflict]:
    """What undoing *batch_id* would overwrite or delete (empty: undo is safe)."""
    with unit_of_work(db, write=False) as session:
        _require_batch(session, batch_id)
        history = _batch_history(session, batch_id)
        if history is None:
            return []
        return _conflicts(session, batch_id, history)[0]


def _require_batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(
            msg(
                "There is no import batch {batch_id}: see 'workbench import batches'.",
                batch_id=batch_id,
            )
        )
    if batch.status == BatchStatus.UNDONE:
        raise WorkbenchError(
            msg(
                "Import batch {batch_id} was already undone on {when:%Y-%m-%d %H:%M}.",
                batch_id=batch_id,
                when=batch.undone_at,
            )
            if batch.undone_at
            else msg("Import batch {batch_id} was already undone.", batch_id=batch_id)
        )
    return batch


def undo_batch(
    db: Database, batch_id: int, *, force: bool = False, user: str | None = None
) -> UndoResult:
    """Undo import batch *batch_id*: delete what it created, restore what it updated.

    A backup is taken first; the undo is one transaction recorded in the history with source
    "undo" and the batch id.

    Raises:
        NotFoundError: No such batch.
        WorkbenchError: Already undone, or imported without history (restore the backup).
        UndoConflictError: Records were edited, deleted or extended after the import; nothing
            was changed. Ask the user and call again with ``force=True`` to overwrite.
    """
    with unit_of_work(db, write=False) as session:
        batch = _require_batch(session, batch_id)
        if _batch_history(session, batch_id) is None and (
            batch.created_count or batch.updated_count
        ):
            raise WorkbenchError(
                msg(
                    "Import batch {batch_id} was written without history and cannot be undone "
                    "record by record: restore the backup taken before it instead.",
                    batch_id=batch_id,
                )
            )
    result = UndoResult(batch_id, backup=db.backup(reason="pre-undo"))
    with unit_of_work(db, source="undo", batch_id=batch_id) as session:
        if user:
            session.info["user"] = user
        batch = _require_batch(session, batch_id)
        history = _batch_history(session, batch_id)
        if history is not None:
            conflicts, gone = _conflicts(session, batch_id, history)
            if conflicts and not force:
                more = ["..."] if len(conflicts) > 5 else []
                details = join("; ", [c.detail for c in conflicts[:5]] + more)
                raise UndoConflictError(
                    msg(
                        "Import batch {batch_id} cannot be undone without losing changes made "
                        "after it ({count}): {details}. Undo anyway to overwrite them.",
                        batch_id=batch_id,
                        count=len(conflicts),
                        details=details,
                    ),
                    conflicts,
                )
            result.overridden = conflicts
            _restore_updates(session, history, gone, result)
            _delete_created(session, history, gone, result)
        batch.status = BatchStatus.UNDONE
        batch.undone_at = utcnow()
    return result


def _restore_updates(
    session: Session, history: _BatchHistory, gone: set[tuple[str, int]], result: UndoResult
) -> None:
    models = _models_by_table()
    created = {(e.table_name, e.record_id) for e in history.created}
    fields: dict[tuple[str, int], dict[str, AuditEntry]] = defaultdict(dict)
    for (table, record_id, name), entry in history.updated.items():
        if (table, record_id) in created:
            continue  # deleted below
        fields[(table, record_id)][name] = entry
    by_model: dict[type[Base], list[int]] = defaultdict(list)
    for table, record_id in fields:
        by_model[models[table]].append(record_id)
    loaded: list[Any] = []  # strong references: the identity map alone would let them go
    for model, ids in by_model.items():
        key = model.id  # type: ignore[attr-defined]
        for part in in_batches(ids):
            loaded.extend(session.scalars(select(model).where(key.in_(part))))
    for (table, record_id), entries in fields.items():
        model = models[table]
        obj = session.get(model, record_id)
        if obj is None:
            result.notes.append(
                msg(
                    "{table} {record_id} no longer exists; nothing to restore",
                    table=table,
                    record_id=record_id,
                )
            )
            continue
        for name, entry in entries.items():
            setattr(obj, name, _decode(model, name, entry.old_value))
            result.restored += 1
        if isinstance(obj, Organisation):
            obj.search_key = search_key_for(obj.name, obj.legal_name, obj.city, obj.vat)
    session.flush()


def _delete_created(
    session: Session, history: _BatchHistory, gone: set[tuple[str, int]], result: UndoResult
) -> None:
    models = _models_by_table()
    by_model: dict[type[Base], list[int]] = defaultdict(list)
    for e in history.created:
        if (e.table_name, e.record_id) not in gone:
            by_model[models[e.table_name]].append(e.record_id)
    loaded: dict[tuple[type[Base], int], Base] = {}
    for model, ids in by_model.items():
        # Owned collections are loaded up front, so cascading deletes need no query per record.
        options = [
            selectinload(getattr(model, rel.key))
            for rel in inspect(model).relationships
            if rel.cascade.delete
        ]
        for part in in_batches(ids):
            stmt = select(model).where(model.id.in_(part)).options(*options)  # type: ignore[attr-defined]
            for obj in session.scalars(stmt):
                loaded[(model, obj.id)] = obj  # type: ignore[attr-defined]
    for e in reversed(history.created):  # children (created later) before their parents
        model = models[e.table_name]
        found = loaded.get((model, e.record_id))
        if found is None:
            if (e.table_name, e.record_id) not in gone:
                result.notes.append(
                    msg(
                        "{table} {record_id} no longer exists",
                        table=e.table_name,
                        record_id=e.record_id,
                    )
                )
            continue
        session.delete(found)
        result.deleted += 1
    session.flush()


def _decode(model: type[Base], name: str, text: str | None) -> Any:
    """A history JSON value back to the Python value of *model*'s attribute *name*."""
    if text is None:
        return None
    value = json.loads(text)
    if value is None:
        return None
    column = inspect(model).attrs[name].columns[0]  # type: ignore[attr-defined]
    kind = column.type
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(value)
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return value
    if python_type is Decimal:
        return Decimal(str(value))
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is bool:
        return bool(value)
    if python_type is int:
        return int(value)
    return value


__all__ = [
    "BatchRow",
    "UndoConflict",
    "UndoConflictError",
    "UndoResult",
    "check_undo",
    "list_batches",
    "undo_batch",
]
