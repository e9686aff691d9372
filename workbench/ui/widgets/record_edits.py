"""Undoable create, update and delete of one record, and the ids undo gives back.

Undoing a delete recreates the record under a new id: :func:`remap_id` records that, and
:func:`resolve_id` is how commands further down the undo stack find the record again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.services import base as records
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand


def _id_map(ctx: AppContext) -> dict[tuple[str, int], int]:
    stack = ctx.undo_stack
    mapping = getattr(stack, "_wb_id_map", None)
    if mapping is None:
        mapping = {}
        stack._wb_id_map = mapping  # type: ignore[attr-defined]
    return mapping


def resolve_id(ctx: AppContext, table: str, record_id: int) -> int:
    """The current id of a record that may have been deleted and recreated by undo."""
    mapping = _id_map(ctx)
    seen = set()
    while (table, record_id) in mapping and record_id not in seen:
        seen.add(record_id)
        record_id = mapping[(table, record_id)]
    return record_id


def remap_id(ctx: AppContext, table: str, old_id: int, new_id: int) -> None:
    """Record that *old_id* of *table* now lives on as *new_id*."""
    if old_id != new_id:
        _id_map(ctx)[(table, old_id)] = new_id


def snapshot(obj: Any, skip: Sequence[str] = ()) -> dict[str, Any]:
    """The column values of a record without id/version/bookkeeping (to recreate it)."""
    bookkeeping = {"id", "version", "created_at", "updated_at", "updated_by", *skip}
    return {k: v for k, v in records.column_values(obj).items() if k not in bookkeeping}


def create_command(
    ctx: AppContext, model: type, values: dict[str, Any], text: str
) -> ServiceCommand:
    """An undoable create of one *model* record (undo deletes it, redo creates it again)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    state: dict[str, int] = {}

    def do(cmd: ServiceCommand) -> Any:
        record: Any = records.create_record(ctx.db, model, values)
        if "id" in state:
            remap_id(ctx, table, state["id"], record.id)
        state["id"] = record.id
        return record

    def undo(cmd: ServiceCommand) -> None:
        records.delete_record(ctx.db, model, resolve_id(ctx, table, state["id"]))

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)


def changed_values(record: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The entries of *values* that differ from *record*'s attributes."""
    return {k: v for k, v in values.items() if getattr(record, k) != v}


def update_command(
    ctx: AppContext,
    model: type,
    record: Any,
    new_values: dict[str, Any],
    expected_version: int | None,
    text: str,
) -> ServiceCommand:
    """An undoable update: only changed fields are written; undo writes the old values back."""
    table = model.__tablename__  # type: ignore[attr-defined]
    old = {k: getattr(record, k) for k in new_values}
    changed = {k: v for k, v in new_values.items() if old[k] != v}
    old = {k: old[k] for k in changed}
    first: dict[str, int | None] = {"version": expected_version}

    def do(cmd: ServiceCommand) -> Any:
        version, first["version"] = first["version"], None
        return records.update_record(
            ctx.db, model, resolve_id(ctx, table, record.id), changed, expected_version=version
        )

    def undo(cmd: ServiceCommand) -> None:
        records.update_record(ctx.db, model, resolve_id(ctx, table, record.id), old)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)


def delete_command(ctx: AppContext, model: type, record: Any, text: str) -> ServiceCommand:
    """An undoable delete of a record without children (undo recreates it under a new id)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    values = snapshot(record)
    first: dict[str, int | None] = {"version": record.version}

    def do(cmd: ServiceCommand) -> None:
        version, first["version"] = first["version"], None
        records.delete_record(
            ctx.db, model, resolve_id(ctx, table, record.id), expected_version=version
        )

    def undo(cmd: ServiceCommand) -> None:
        again: Any = records.create_record(ctx.db, model, values)
        remap_id(ctx, table, resolve_id(ctx, table, record.id), again.id)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)
