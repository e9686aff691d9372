"""The import wizard's background work: plain functions that ctx.tasks runs on a worker thread.

Each receives the :class:`~workbench.ui.tasks.TaskState` first; none touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from workbench.db import Database
from workbench.errors import WorkbenchError
from workbench.importing import (
    ImportKind,
    ImportPlan,
    ImportResult,
    Mapping,
    MappingSuggestion,
    PlanOptions,
    RawTable,
    UndoResult,
    apply_plan,
    build_plan,
    plan_cordis,
    read_table,
    suggest_mapping,
    undo_batch,
)
from workbench.importing.changes import changed_records
from workbench.ui.importing.models import (
    ChangedRecord,
)
from workbench.ui.tasks import TaskState

log = logging.getLogger(__name__)


def read_files(
    state: TaskState, paths: Sequence[Path], sheets: Sequence[str | None]
) -> list[RawTable]:
    """Read every file (CORDIS: two) with its chosen sheet."""
    tables = []
    for path, sheet in zip(paths, sheets, strict=True):
        state.check_cancelled()
        tables.append(read_table(path, sheet=sheet, progress=state.callback()))
    return tables


def read_one(
    state: TaskState, path: Path, sheet: str | None, header_row: int | None = None
) -> RawTable:
    """Read one file again with another sheet or header row (None: detect it)."""
    return read_table(path, sheet=sheet, header_row=header_row, progress=state.callback())


def suggest(state: TaskState, db: Database, table: RawTable, kind: ImportKind) -> MappingSuggestion:
    """The mapping to propose (a saved one first)."""
    state.check_cancelled()
    return suggest_mapping(table, kind, db=db)


def make_plan(
    state: TaskState,
    db: Database,
    kind: ImportKind,
    tables: Sequence[RawTable],
    mapping: Mapping | None,
    options: PlanOptions,
) -> ImportPlan:
    """The preview: nothing is written."""
    if kind is ImportKind.CORDIS:
        state.check_cancelled()
        return plan_cordis(db, tables[0], tables[1], options)
    assert mapping is not None
    return build_plan(db, tables[0], mapping, options, progress=state.callback())


def apply_work(
    state: TaskState, db: Database, plan: ImportPlan, paths: Sequence[Path]
) -> tuple[ImportResult, list[ChangedRecord]]:
    """Write the plan (backup first, one transaction) and list the records it changed.

    Cancel is checked only until the commit; a Cancel pressed after it changes nothing (the
    task runner delivers the result of a task that returned).
    """
    file_path: Path | list[Path] = paths[0] if len(paths) == 1 else list(paths)
    result = apply_plan(
        db, plan, file_path=file_path, progress=state.callback(), cancel=state.is_cancelled
    )
    try:
        records = changed_records(db, plan, result)
    except WorkbenchError:
        log.exception("The changed records could not be listed")
        records = []
    return result, records


def undo_work(_state: TaskState, db: Database, batch_id: int, force: bool) -> UndoResult:
    return undo_batch(db, batch_id, force=force)
