"""The organisation editor's undoable edits: save (create or edit) and delete an organisation.

Both work on snapshots (:mod:`workbench.services.org_records`): the organisation and all its
child rows. Undoing a creation deletes it; undoing an edit or a deletion restores the snapshot
taken before it; Redo writes again what the first run wrote.
"""

from __future__ import annotations

from workbench.db import Database
from workbench.services import org_records
from workbench.ui.context import DataBus
from workbench.ui.undo import ServiceCommand


def save_command(
    db: Database,
    bus: DataBus,
    text: str,
    after_edit: org_records.Snapshot,
    before: org_records.Snapshot,
    *,
    expected_version: int | None,
    creating: bool,
) -> ServiceCommand:
    """Write *after_edit*, checked against *expected_version*; undo puts back *before*.

    *creating*: the organisation is new, and undo deletes it.
    """

    def do(cmd: ServiceCommand) -> org_records.Snapshot:
        if cmd.result is not None:  # redo after undo
            org_records.restore_snapshot(db, cmd.result, source="undo")
            return cmd.result
        return org_records.save_organisation(db, after_edit, expected_version=expected_version)

    def undo(cmd: ServiceCommand) -> None:
        if creating:
            org_records.delete_created(db, cmd.result["organisation"]["id"])
        else:
            org_records.restore_snapshot(db, before)

    return ServiceCommand(text, do, undo, bus=bus, table="organisation")


def delete_command(
    db: Database, bus: DataBus, text: str, org_id: int, *, expected_version: int | None
) -> ServiceCommand:
    """Delete the organisation *org_id* with its child rows; undo recreates them all."""

    def do(cmd: ServiceCommand) -> org_records.Snapshot:
        if cmd.result is not None:
            return org_records.delete_organisation(db, cmd.result["organisation"]["id"])
        return org_records.delete_organisation(db, org_id, expected_version=expected_version)

    def undo(cmd: ServiceCommand) -> None:
        org_records.restore_snapshot(db, cmd.result)

    return ServiceCommand(text, do, undo, bus=bus, table="organisation")
