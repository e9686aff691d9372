"""Undoable edits of the Silver improvement areas: save or clear a slot, attach or remove evidence.

Like the other indicator edits (:mod:`workbench.ui.indicators.commands`) each edit is a
:class:`~workbench.ui.undo.ServiceCommand` around the service, so the window's Undo reverts it.
A slot is addressed by its position (1-3), and undo puts back the slot's whole previous content
(fields and evidence links) in one unit of work, so an undone clear brings the evidence back.
Stored files are never deleted: removing evidence only drops the link.
"""

from __future__ import annotations

from typing import Any

from workbench.models import ImprovementArea
from workbench.services import improvements
from workbench.services.improvements import AreaSnapshot, EvidenceFile
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand

AREA_TABLE = ImprovementArea.__tablename__


def _restoring(ctx: AppContext, position: int, text: str, change: Any) -> ServiceCommand:
    """A command running *change()* on a slot; undo restores what the slot held before."""
    before: dict[str, AreaSnapshot | None] = {}

    def do(cmd: ServiceCommand) -> Any:
        if "slot" not in before:  # the first run: what the user saw when they edited it
            before["slot"] = improvements.snapshot_area(ctx.db, position)
        return change()

    def undo(cmd: ServiceCommand) -> None:
        improvements.restore_area(ctx.db, position, before["slot"])

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=AREA_TABLE)


def save_area_command(
    ctx: AppContext, position: int, values: dict[str, Any], text: str
) -> ServiceCommand:
    """Record the improvement area of slot *position* with *values*; undo restores the slot."""
    return _restoring(ctx, position, text, lambda: improvements.save_area(ctx.db, position, values))


def clear_area_command(ctx: AppContext, position: int, text: str) -> ServiceCommand:
    """Empty slot *position* (area and evidence links); undo brings both back."""
    return _restoring(ctx, position, text, lambda: improvements.clear_area(ctx.db, position))


def attach_evidence_command(
    ctx: AppContext, position: int, file_name: str, content: bytes, text: str
) -> ServiceCommand:
    """Store *content* and attach it to slot *position*; undo removes the link.

    Redo links the same stored file again, so the bytes leave the undo stack after the first run.
    """
    pending = {"content": content}
    state: dict[str, EvidenceFile] = {}

    def do(cmd: ServiceCommand) -> Any:
        if "content" in pending:
            state["file"] = improvements.attach_evidence(
                ctx.db, position, file_name, pending.pop("content")
            )
        else:
            improvements.link_evidence(ctx.db, position, state["file"])
        return state["file"]

    def undo(cmd: ServiceCommand) -> None:
        improvements.remove_evidence(ctx.db, position, state["file"].stored_file_id)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=AREA_TABLE)


def remove_evidence_command(
    ctx: AppContext, position: int, evidence: EvidenceFile, text: str
) -> ServiceCommand:
    """Forget the link from slot *position* to *evidence*; undo links the stored file again."""

    def do(cmd: ServiceCommand) -> None:
        improvements.remove_evidence(ctx.db, position, evidence.stored_file_id)

    def undo(cmd: ServiceCommand) -> None:
        improvements.link_evidence(ctx.db, position, evidence)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=AREA_TABLE)
