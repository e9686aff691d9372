"""Undoable edits of the Indicators view: manual values, thresholds and evidence files.

Every edit is a :class:`~workbench.ui.undo.ServiceCommand` around the cluster services, so the
window's Undo reverts it (:func:`push_or_show` runs one and shows what refused it). Evidence
files live in the database's own file store (:mod:`workbench.services.files`), on SQLite and
PostgreSQL alike, so every backup and export carries them. A file is stored in the same
transaction as the entry that links it (or fills an entry the upgrade could not fill). Removing
evidence or undoing an attachment only drops the link: stored files are never deleted, which is
what lets Redo and Undo link them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QWidget

from workbench.db import Database
from workbench.errors import ValidationError, WorkbenchError
from workbench.models import IndicatorEvidence, IndicatorThreshold, IndicatorValue
from workbench.services import base as records
from workbench.services import cluster as cluster_service
from workbench.services import evidence as evidence_service
from workbench.services.evidence import EvidenceEntry
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.record_table import delete_command, remap_id, resolve_id, snapshot

VALUE_TABLE = IndicatorValue.__tablename__
THRESHOLD_TABLE = IndicatorThreshold.__tablename__
EVIDENCE_TABLE = IndicatorEvidence.__tablename__


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ManualEntry:
    """What is stored for one indicator and year (plain values, no session)."""

    value_number: Decimal | None = None
    value_text: str | None = None
    passed: bool | None = None
    note: str | None = None

    def as_values(self) -> dict[str, Any]:
        """Keyword arguments of ``set_indicator_value``."""
        return {
            "value_number": self.value_number,
            "value_text": self.value_text,
            "passed": self.passed,
            "note": self.note,
        }

    def is_empty(self) -> bool:
        """True when nothing at all is entered."""
        return (
            self.value_number is None
            and not (self.value_text or "").strip()
            and self.passed is None
            and not (self.note or "").strip()
        )


def manual_entries(db: Database, indicator_id: str) -> dict[int, ManualEntry]:
    """The entered values of *indicator_id*, by year."""
    rows = records.list_records(
        db, IndicatorValue, where=[IndicatorValue.indicator_id == indicator_id]
    )
    return {r.year: ManualEntry(r.value_number, r.value_text, r.passed, r.note) for r in rows}


def threshold_row(db: Database, indicator_id: str) -> IndicatorThreshold | None:
    """The cluster's own threshold of *indicator_id*, or None when the default applies."""
    rows = records.list_records(
        db, IndicatorThreshold, where=[IndicatorThreshold.indicator_id == indicator_id]
    )
    return rows[0] if rows else None


def evidence_rows(db: Database, indicator_id: str, years: list[int]) -> list[EvidenceEntry]:
    """Evidence entries of *indicator_id* for *years*, by year then name, with their files."""
    return evidence_service.list_evidence(db, indicator_id, years)


# --------------------------------------------------------------------------- manual values


def _delete_value(db: Database, indicator_id: str, year: int) -> None:
    rows = records.list_records(
        db,
        IndicatorValue,
        where=[IndicatorValue.indicator_id == indicator_id, IndicatorValue.year == year],
    )
    for row in rows:
        records.delete_record(db, IndicatorValue, row.id)


def _write_value(db: Database, indicator_id: str, year: int, entry: ManualEntry | None) -> None:
    if entry is None:
        _delete_value(db, indicator_id, year)
    else:
        cluster_service.set_indicator_value(db, indicator_id, year, **entry.as_values())


def manual_value_command(
    ctx: AppContext,
    indicator_id: str,
    year: int,
    new: ManualEntry | None,
    old: ManualEntry | None,
    text: str,
) -> ServiceCommand:
    """Save (or, with *new* None, clear) the value of *indicator_id* for *year*; undo restores."""
    db = ctx.db

    def do(cmd: ServiceCommand) -> None:
        _write_value(db, indicator_id, year, new)

    def undo(cmd: ServiceCommand) -> None:
        _write_value(db, indicator_id, year, old)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=VALUE_TABLE)


# --------------------------------------------------------------------------- thresholds


def _restore_threshold(db: Database, indicator_id: str, saved: tuple[Any, Any] | None) -> None:
    if saved is None:
        cluster_service.set_threshold(db, indicator_id, None)
        return
    value, note = saved
    if value is not None:
        cluster_service.set_threshold(db, indicator_id, value, note)
        return
    # A row without a value means "no threshold" (it still replaces the default).
    cluster_service.clear_threshold(db, indicator_id, note)


def threshold_command(
    ctx: AppContext,
    indicator_id: str,
    value: Decimal | None,
    note: str | None,
    old: IndicatorThreshold | None,
    text: str,
    *,
    clear: bool = False,
) -> ServiceCommand:
    """Set the cluster's threshold; undo restores what was there.

    *value* None goes back to the default; *clear* removes the threshold (not scored).
    """
    db = ctx.db
    saved = None if old is None else (old.value, old.note)

    def do(cmd: ServiceCommand) -> None:
        if clear:
            cluster_service.clear_threshold(db, indicator_id, note)
        elif value is None:
            cluster_service.set_threshold(db, indicator_id, None)
        else:
            cluster_service.set_threshold(db, indicator_id, value, note)

    def undo(cmd: ServiceCommand) -> None:
        _restore_threshold(db, indicator_id, saved)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=THRESHOLD_TABLE)


# --------------------------------------------------------------------------- evidence


def attach_evidence_command(
    ctx: AppContext,
    indicator_id: str,
    year: int,
    file_name: str,
    content: bytes,
    description: str | None,
    text: str,
) -> ServiceCommand:
    """Store *content* and attach it to the indicator and year (one transaction); undoable.

    Undo removes the entry; redo links the same stored file again (it is never deleted), so the
    bytes are not kept in the undo stack after the first run.
    """
    pending = {"content": content}
    state: dict[str, Any] = {}

    def do(cmd: ServiceCommand) -> Any:
        if "content" in pending:
            record: Any = evidence_service.attach(
                ctx.db, indicator_id, year, file_name, pending.pop("content"), description
            )
            state["values"] = snapshot(record)
        else:
            record = records.create_record(ctx.db, IndicatorEvidence, state["values"])
            remap_id(ctx, EVIDENCE_TABLE, state["id"], record.id)
        state["id"] = record.id
        return record

    def undo(cmd: ServiceCommand) -> None:
        records.delete_record(
            ctx.db, IndicatorEvidence, resolve_id(ctx, EVIDENCE_TABLE, state["id"])
        )

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=EVIDENCE_TABLE)


def reattach_evidence_command(
    ctx: AppContext, evidence: IndicatorEvidence, content: bytes, text: str
) -> ServiceCommand:
    """Fill a missing entry with *content* (stored in the same transaction); undoable.

    Undo makes the entry missing again (with its old path); redo links the stored file again.
    """
    old = {"stored_file_id": evidence.stored_file_id, "file_path": evidence.file_path}
    pending = {"content": content}
    filled: dict[str, Any] = {}

    def do(cmd: ServiceCommand) -> Any:
        record_id = resolve_id(ctx, EVIDENCE_TABLE, evidence.id)
        if "content" in pending:
            record = evidence_service.reattach(
                ctx.db,
                record_id,
                evidence.file_name,
                pending.pop("content"),
                expected_version=evidence.version,
            )
            filled.update(stored_file_id=record.stored_file_id, file_path=None)
            return record
        return records.update_record(ctx.db, IndicatorEvidence, record_id, filled)

    def undo(cmd: ServiceCommand) -> None:
        records.update_record(
            ctx.db, IndicatorEvidence, resolve_id(ctx, EVIDENCE_TABLE, evidence.id), old
        )

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=EVIDENCE_TABLE)


def remove_evidence_command(
    ctx: AppContext, evidence: IndicatorEvidence, text: str
) -> ServiceCommand:
    """Forget an evidence link (the stored file stays in the database); undo links it again."""
    return delete_command(ctx, IndicatorEvidence, evidence, text)


# --------------------------------------------------------------------------- running an edit


def push_or_show(
    parent: QWidget, ctx: AppContext, command: ServiceCommand, form: InlineForm | None
) -> bool:
    """Run *command* as an undoable edit; True when it was applied.

    A validation message appears under its field of *form* when the form has that field, in a
    message box over *parent* otherwise (as every other refusal).
    """
    try:
        push_edit(ctx.undo_stack, command)
    except ValidationError as exc:
        if form is None or not form.show_error(exc):
            messages.show_error(parent, exc)
        return False
    except WorkbenchError as exc:
        messages.show_error(parent, exc)
        return False
    return True
